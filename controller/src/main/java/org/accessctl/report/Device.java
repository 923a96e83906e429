package org.accessctl.report;

/** A device brought into the room, as the visit record listed it (SOP step 7). */
record Device(String description, String serial) {

    /** e.g. {@code Laptop (ABC123)}, or the description alone when no serial was given. */
    String label() {
        return serial == null || serial.isBlank() ? description : description + " (" + serial + ")";
    }
}
