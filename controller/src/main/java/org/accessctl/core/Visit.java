package org.accessctl.core;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An approved (or withdrawn) visit from the helpdesk: who comes, when, for what, with which
 * badge, who may escort them, and the devices they bring (SOP steps 3, 4 and 7).
 *
 * @param escorts persons who may escort; empty means any active person with the escort role
 * @param doors doors the visit is for; empty means every door of the site
 * @param devices the devices brought in, as the record gives them ({@code description}, {@code serial})
 * @param completedAt when the visitor badged out and the visit was closed; null while open
 */
public record Visit(String visitId, Status status, String visitorName, String organization, String purpose,
                    String badgeUid, Instant validFrom, Instant validUntil, Set<String> escorts, Set<String> doors,
                    String approvedBy, List<Map<String, Object>> devices, Instant completedAt) {

    /** The helpdesk's decision; only {@code approved} admits. */
    public enum Status {
        APPROVED, REVOKED, CANCELLED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromCode(String code) {
            for (Status s : values()) {
                if (s.code().equals(code)) {
                    return s;
                }
            }
            return null;
        }
    }

    public Visit {
        Objects.requireNonNull(visitId, "visitId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(badgeUid, "badgeUid");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        badgeUid = badgeUid.toUpperCase(Locale.ROOT);
        escorts = Set.copyOf(escorts);
        doors = Set.copyOf(doors);
        devices = List.copyOf(devices);
    }

    public boolean isForDoor(String doorId) {
        return doors.isEmpty() || doors.contains(doorId);
    }

    /** Approved, not closed, and {@code now} is inside its window. */
    public boolean admitsAt(Instant now) {
        return status == Status.APPROVED && completedAt == null && !now.isBefore(validFrom) && now.isBefore(validUntil);
    }

    /** May this person escort this visitor? Their own standing (active, role, door) is checked too. */
    public boolean mayBeEscortedBy(Person p, String doorId) {
        return p.active() && p.hasRole(Person.ROLE_ESCORT) && p.mayUse(doorId)
                && (escorts.isEmpty() || escorts.contains(p.personId()));
    }

    public Visit completed(Instant at) {
        return new Visit(visitId, status, visitorName, organization, purpose, badgeUid, validFrom, validUntil, escorts,
                doors, approvedBy, devices, at);
    }
}
