package org.accessctl.words;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An event as a technician reads it: what happened, to whom by name where the door knows it,
 * and why. Shared by the simulator's panel and {@code watch}, so both say the same thing. A
 * type or reason this version does not know is shown by its code, never dropped.
 */
public final class EventWords {

    private static final Map<String, String> DENIALS = Map.ofEntries(
            Map.entry("unknown_badge", "unknown badge"),
            Map.entry("inactive", "the person is not active"),
            Map.entry("no_visit", "no approved visit for this badge"),
            Map.entry("visit_not_started", "the visit has not started yet"),
            Map.entry("visit_expired", "the visit is over"),
            Map.entry("visit_revoked", "the visit was revoked or cancelled"),
            Map.entry("wrong_door", "not allowed at this door"),
            Map.entry("escort_required", "needs an escort's badge as well"),
            Map.entry("escort_not_allowed", "this person may not escort this visitor"),
            Map.entry("already_inside", "already inside"),
            Map.entry("lockdown", "the door is in lockdown"),
            Map.entry("clock_not_set", "the door's clock is not set"),
            Map.entry("outside_schedule", "outside their schedule"),
            Map.entry("second_person_required", "two-person rule: nobody else badged in time to go in with them"),
            Map.entry("disk_full", "the door's log cannot be written (disk full), so no entry"));

    private static final Map<String, String> ALARMS = Map.of(
            "door_held_open", "door held open too long",
            "door_forced_open", "door forced open (opened while locked)",
            "visitor_unescorted", "visitor inside without an escort",
            "visit_overstay", "visitor stayed past the end of the visit",
            "lone_occupant", "one person alone inside");

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private EventWords() {
    }

    /** Whether an event asks for attention (a refusal or an alarm), for colour and emphasis. */
    public static Tone tone(Map<String, Object> event) {
        return switch (text(event, "type")) {
            case "access_granted", "visit_completed", "command_accepted", "alarm_cleared", "sync_completed", "disk_ok" ->
                    Tone.GOOD;
            case "access_denied", "alarm_raised", "command_rejected", "record_rejected", "sync_refused", "disk_low",
                 "disk_full" ->
                    Tone.BAD;
            default -> Tone.PLAIN;
        };
    }

    /** How an event reads: green for what went right, red for what needs someone. */
    public enum Tone { GOOD, BAD, PLAIN }

    public static String alarm(String code) {
        return ALARMS.getOrDefault(code, code);
    }

    public static String denial(String code) {
        return DENIALS.getOrDefault(code, code);
    }

    /** One sentence for the event, without its time and door. */
    public static String describe(Map<String, Object> e, Names names) {
        String type = text(e, "type");
        return switch (type) {
            case "access_granted" -> granted(e, names);
            case "access_denied" -> "badge " + text(e, "badgeUid") + known(e, names) + " refused at the "
                    + reader(e) + ": " + denial(text(e, "reason"));
            case "escort_pending" -> (has(e, "visitId") ? names.ofVisitor(text(e, "visitId")) + " badged; waiting for an escort's badge"
                    : names.ofPerson(text(e, "personId")) + " badged; waiting for the visitor's badge")
                    + " until " + clock(text(e, "until"));
            case "second_person_pending" -> (has(e, "visitId") ? names.ofVisitor(text(e, "visitId"))
                    : names.ofPerson(text(e, "personId"))) + " badged; two-person rule: waiting for a second person's"
                    + " badge until " + clock(text(e, "until"));
            case "door_opened" -> "door opened";
            case "door_closed" -> "door closed";
            case "alarm_raised" -> "ALARM: " + alarm(text(e, "alarm")) + visitOf(e, names);
            case "alarm_cleared" -> "alarm over: " + alarm(text(e, "alarm")) + visitOf(e, names);
            case "visit_completed" -> names.visitor(text(e, "visitId")).or(() -> optional(e, "visitorName"))
                    .orElse("the visitor") + " left: visit " + text(e, "visitId") + " completed (in "
                    + clock(text(e, "enteredAt")) + ", out " + clock(text(e, "exitedAt")) + escorts(e, names)
                    + alarmsOfVisit(e) + ")";
            case "command_accepted" -> "remote " + text(e, "cmd") + (has(e, "personId") ? " of "
                    + names.ofPerson(text(e, "personId")) : "") + " by " + operators(e, names)
                    + " accepted: \"" + text(e, "reason") + "\"";
            case "command_rejected" -> "remote command" + (has(e, "operatorId") ? " by "
                    + names.ofPerson(text(e, "operatorId")) : "") + " refused: " + text(e, "reason")
                    + (has(e, "detail") ? " (" + text(e, "detail") + ")" : "");
            case "record_rejected" -> "record " + text(e, "topic") + " refused: " + text(e, "reason");
            case "sync_completed" -> "records reconciled with the broker: " + text(e, "personsSeen") + " persons, "
                    + text(e, "visitsSeen") + " visits" + some(e, "schedulesSeen", " schedules") + "; removed "
                    + text(e, "personsRemoved") + " persons, " + text(e, "visitsRemoved") + " visits"
                    + some(e, "schedulesRemoved", " schedules") + " deleted upstream"
                    + (has(e, "recoveredByName") && !"0".equals(text(e, "recoveredByName"))
                            ? "; " + text(e, "recoveredByName") + " asked for by name after the broker dropped them" : "");
            case "sync_refused" -> "records NOT reconciled (" + text(e, "reason") + "): the broker shows "
                    + text(e, "personsSeen") + " persons and " + text(e, "visitsSeen") + " visits, the door holds "
                    + text(e, "personsStored") + " and " + text(e, "visitsStored") + "; its copy is kept";
            case "disk_low" -> "disk almost full: " + text(e, "freeBytes") + " bytes free";
            case "disk_ok" -> "disk has room again";
            case "disk_full" -> "DISK FULL: the log cannot be written; entry refused, exit open"
                    + (has(e, "reason") ? " (" + text(e, "reason") + ")" : "");
            case "refusals_suppressed" -> text(e, "count") + " more refused " + text(e, "kind")
                    + " only counted since " + clock(text(e, "since"));
            case "controller_started" -> "controller started (version " + text(e, "version") + ")";
            case "controller_stopping" -> "controller stopping";
            default -> type;
        };
    }

    private static String granted(Map<String, Object> e, Names names) {
        String via = text(e, "via");
        boolean in = "in".equals(text(e, "direction"));
        if (via.equals("rex")) {
            return "exit button: door released";
        }
        if (via.equals("remote")) {
            return (has(e, "operatorIds") ? "BREAK-GLASS: door released for " + text(e, "seconds") + " s by "
                    : "door unlocked remotely by ") + operators(e, names) + ": \"" + text(e, "reason") + "\"";
        }
        String who;
        if (has(e, "visitId")) {
            who = names.ofVisitor(text(e, "visitId")) + (has(e, "escortId")
                    ? (in ? " with escort " : ", escort ") + names.ofPerson(text(e, "escortId")) : "");
        } else if (has(e, "personId")) {
            who = names.ofPerson(text(e, "personId"));
        } else {
            who = "unknown badge " + text(e, "badgeUid");
        }
        return who + (in ? " let in" : " let out") + " at the " + reader(e)
                + (Boolean.TRUE.equals(e.get("alreadyInside")) ? " (was already inside: left unseen, or a badge passed back)" : "");
    }

    /** Who signed a command: one operator, or both of a break-glass override. */
    private static String operators(Map<String, Object> e, Names names) {
        if (e.get("operatorIds") instanceof List<?> ids && !ids.isEmpty()) {
            return ids.stream().map(id -> names.ofPerson(String.valueOf(id))).collect(Collectors.joining(" and "));
        }
        return names.ofPerson(text(e, "operatorId"));
    }

    private static String reader(Map<String, Object> e) {
        return "in".equals(text(e, "direction")) ? "entry reader" : "exit reader";
    }

    private static String known(Map<String, Object> e, Names names) {
        if (has(e, "personId")) {
            return " of " + names.ofPerson(text(e, "personId"));
        }
        return has(e, "visitId") ? " of " + names.ofVisitor(text(e, "visitId")) : "";
    }

    private static String visitOf(Map<String, Object> e, Names names) {
        return has(e, "visitId") ? " — " + names.ofVisitor(text(e, "visitId")) : "";
    }

    private static String escorts(Map<String, Object> e, Names names) {
        if (!(e.get("escortIds") instanceof List<?> ids) || ids.isEmpty()) {
            return "";
        }
        return "; escorted by " + ids.stream().map(id -> names.ofPerson(String.valueOf(id))).collect(Collectors.joining(", "));
    }

    private static String alarmsOfVisit(Map<String, Object> e) {
        if (!(e.get("alarms") instanceof List<?> alarms) || alarms.isEmpty()) {
            return "";
        }
        return "; alarms: " + alarms.stream().map(a -> a instanceof Map<?, ?> m ? String.valueOf(m.get("alarm")) : String.valueOf(a))
                .map(EventWords::alarm).collect(Collectors.joining(", "));
    }

    /** The time of day of an ISO time, as the clock on the wall shows it in the event's own offset. */
    public static String clock(String iso) {
        try {
            return OffsetDateTime.parse(iso).format(CLOCK);
        } catch (DateTimeParseException | NullPointerException ex) {
            return String.valueOf(iso);
        }
    }

    /** ", N what" when the event counts some; nothing for none (a site without schedules). */
    private static String some(Map<String, Object> e, String field, String what) {
        return has(e, field) && !"0".equals(text(e, field)) ? ", " + text(e, field) + what : "";
    }

    private static boolean has(Map<String, Object> e, String field) {
        return e.get(field) != null;
    }

    private static java.util.Optional<String> optional(Map<String, Object> e, String field) {
        return java.util.Optional.ofNullable(e.get(field)).map(String::valueOf);
    }

    private static String text(Map<String, Object> e, String field) {
        Object v = e.get(field);
        return v == null ? "" : String.valueOf(v);
    }
}
