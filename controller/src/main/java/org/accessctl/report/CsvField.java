package org.accessctl.report;

/**
 * One field of an RFC 4180 CSV file, made safe to open in a spreadsheet.
 *
 * <p>A field that begins with {@code =}, {@code +}, {@code -} or {@code @} (or a tab or carriage
 * return, which some spreadsheets skip before looking) would be taken as a formula, and a
 * visitor's name is typed by someone outside the office: {@code =HYPERLINK(...)} could send
 * data away when the file is opened. Such a field gets a leading {@code '}, which spreadsheets
 * read as "this is text". Programs reading the file see the {@code '}.
 */
final class CsvField {

    private CsvField() {
    }

    static String of(String value) {
        String text = guarded(value);
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static String guarded(String value) {
        if (value.isEmpty()) {
            return value;
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
