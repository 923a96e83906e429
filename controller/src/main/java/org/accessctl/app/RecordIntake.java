package org.accessctl.app;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.accessctl.core.Event;
import org.accessctl.core.Person;
import org.accessctl.core.Schedule;
import org.accessctl.core.Visit;
import org.accessctl.records.PersonRecords;
import org.accessctl.records.RecordRefused;
import org.accessctl.records.ScheduleRecords;
import org.accessctl.mqtt.Topics;
import org.accessctl.records.VisitRecords;
import org.accessctl.records.OpenedRecord;
import org.accessctl.records.RecordKind;
import org.accessctl.records.RecordRejection;
import org.accessctl.records.RecordSignatures;
import org.accessctl.store.PersonStore;
import org.accessctl.store.RecordVersions;
import org.accessctl.store.ScheduleStore;
import org.accessctl.store.SyncMarks;
import org.accessctl.store.VisitStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a retained record (person, visit, schedule) from the broker to the local copy, on the door loop's thread. A
 * refused record changes nothing and becomes a {@code record_rejected} event naming why. One
 * badge opens for one holder at a time: a staff member, or one visit in any given window.
 *
 * <p>With directory keys, a record is opened ({@link RecordSignatures}: signed by the directory,
 * or by the visit's approver) and checked against the newest {@code iat} the door accepted for it
 * ({@link RecordVersions}) before anything is written; the record, its version and what it caused
 * commit together in the caller's savepoint.
 */
final class RecordIntake {

    private static final Logger log = LoggerFactory.getLogger(RecordIntake.class);

    private final Topics topics;
    private final PersonStore persons;
    private final VisitStore visits;
    private final ScheduleStore schedules;

    private final SyncMarks marks;
    private final Reconciliation reconciliation;
    private final RefusalLimiter refusals;
    private final RecordSignatures signatures;
    private final RecordVersions versions;

    RecordIntake(Topics topics, PersonStore persons, VisitStore visits, ScheduleStore schedules, SyncMarks marks,
                 Reconciliation reconciliation,
                 org.accessctl.core.ElapsedTime elapsed, RecordSignatures signatures, RecordVersions versions) {
        this.refusals = new RefusalLimiter("record", elapsed);
        this.signatures = signatures;
        this.versions = versions;
        this.topics = topics;
        this.persons = persons;
        this.visits = visits;
        this.schedules = schedules;
        this.marks = marks;
        this.reconciliation = reconciliation;
    }

    /**
     * Applies one record. Runs as a unit of the door loop's step: if it throws, what it wrote is
     * undone and {@link #failed} refuses it alone.
     */
    List<Event> apply(String topic, byte[] payload, Instant now) {
        RecordKind kind = kindOf(topic);
        try {
            if (kind == null) {
                throw new RecordRefused("not a record topic");
            }
            String id = topic.substring(prefix(kind).length());
            java.util.Optional<String> oversize = org.accessctl.mqtt.OversizeMessage.describe(payload);
            if (oversize.isPresent()) {
                // Skipped as it arrived: only its size is known, and the old copy stays.
                throw new RecordRefused(oversize.get());
            }
            if (payload.length == 0) {
                delete(kind, id);
                return List.of();
            }
            switch (kind) {
                case PERSON -> person(id, payload, now);
                case VISIT -> visit(id, payload, now);
                case SCHEDULE -> schedule(id, payload, now);
            }
            return List.of();
        } catch (RecordRefused e) {
            return refused(topic, e.getMessage(), now);
        }
    }

    /** A zero-length retained message deletes; no signature is needed to forget. */
    private void delete(RecordKind kind, String id) {
        boolean held = switch (kind) {
            case PERSON -> persons.delete(id);
            case VISIT -> visits.delete(id);
            case SCHEDULE -> schedules.delete(id);
        };
        if (held) {
            log.info("{} {} deleted", kind.code(), id);
        }
        versions.released(kind, id);
    }

    /** The kind whose topics {@code topic} is under; null for none (the link subscribes to no other). */
    private RecordKind kindOf(String topic) {
        for (RecordKind kind : RecordKind.values()) {
            if (topic.startsWith(prefix(kind))) {
                return kind;
            }
        }
        return null;
    }

    private String prefix(RecordKind kind) {
        return topics.recordPrefix(kind.topicLevel());
    }

    /** The record could not be stored for a reason nobody foresaw: it alone is refused. */
    List<Event> failed(String topic, RuntimeException e, Instant now) {
        log.error("record on {} could not be stored", topic, e);
        return refused(topic, "could not be stored: " + e, now);
    }

    /** Summary of the refusals left out of the log in the last minute, if any. */
    List<Event> refusalSummary(Instant now) {
        return refusals.summary(now);
    }

    private List<Event> refused(String topic, String reason, Instant now) {
        // The broker still holds this record, and we keep our old copy of it: it is part of the
        // retained set and must not be swept. (A stored record is stamped as it is stored.)
        RecordKind kind = kindOf(topic);
        if (kind != null) {
            marks.mark(kind, topic.substring(prefix(kind).length()), reconciliation.mark());
        }
        return refusals.refuse(reason, now, () -> {
            log.warn("record on {} refused: {}", topic, reason);
            return new Event.RecordRejected(now, topic, reason);
        });
    }

    private void person(String personId, byte[] payload, Instant now) throws RecordRefused {
        OpenedRecord record = signatures.open(RecordKind.PERSON, payload);
        Person p = PersonRecords.decode(personId, record.json());
        checkFresh(RecordKind.PERSON, personId, record);
        if (p.badgeUid() != null && p.active()) {
            Optional<Visit> visit = visits.holderOf(p.badgeUid(), null, Instant.MIN, Instant.MAX, now);
            if (visit.isPresent()) {
                throw new RecordRefused("badge " + p.badgeUid() + " is issued to visit " + visit.get().visitId());
            }
        }
        try {
            persons.upsert(p, now, reconciliation.mark());
        } catch (PersonStore.BadgeConflict e) {
            if (p.active()) {
                throw new RecordRefused(e.getMessage());
            }
            // A deactivation must never be refused: records can arrive in any order after a
            // badge moved on. The badge stays with its holder; this person loses it and stops.
            log.warn("person {} deactivated without badge {}: {}", p.personId(), p.badgeUid(), e.getMessage());
            try {
                persons.upsert(new Person(p.personId(), p.name(), null, p.roles(), false, p.doors(), p.publicKey()), now,
                        reconciliation.mark());
            } catch (PersonStore.BadgeConflict impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        remember(RecordKind.PERSON, personId, record);
        log.debug("person {} stored (active={}, roles={})", p.personId(), p.active(), p.roles());
    }

    private void visit(String visitId, byte[] payload, Instant now) throws RecordRefused {
        OpenedRecord record = signatures.open(RecordKind.VISIT, payload);
        Visit v = VisitRecords.decode(visitId, record.json());
        checkFresh(RecordKind.VISIT, visitId, record);
        if (v.status() == Visit.Status.APPROVED) {
            Optional<Person> owner = persons.personByBadge(v.badgeUid());
            if (owner.isPresent()) {
                throw new RecordRefused("badge " + v.badgeUid() + " belongs to " + owner.get().personId());
            }
            Optional<Visit> other = visits.holderOf(v.badgeUid(), v.visitId(), v.validFrom(), v.validUntil(), now);
            if (other.isPresent()) {
                throw new RecordRefused("badge " + v.badgeUid() + " is issued to visit " + other.get().visitId()
                        + " at an overlapping time");
            }
        }
        visits.upsert(v, now, reconciliation.mark());
        remember(RecordKind.VISIT, visitId, record);
        log.debug("visit {} stored ({}, {} to {})", v.visitId(), v.status().code(), v.validFrom(), v.validUntil());
    }

    private void schedule(String scheduleId, byte[] payload, Instant now) throws RecordRefused {
        OpenedRecord record = signatures.open(RecordKind.SCHEDULE, payload);
        Schedule schedule = ScheduleRecords.decode(scheduleId, record.json());
        checkFresh(RecordKind.SCHEDULE, scheduleId, record);
        schedules.upsert(schedule, now, reconciliation.mark());
        remember(RecordKind.SCHEDULE, scheduleId, record);
        log.debug("schedule {} stored ({}, {} windows, {} dates)", scheduleId, schedule.zone(),
                schedule.windows().size(), schedule.exceptions().size());
    }

    /** A signed record older than the door's copy, or another one of the same second, is a replay. */
    private void checkFresh(RecordKind kind, String id, OpenedRecord record) throws RecordRefused {
        if (!record.signed()) {
            return;
        }
        RecordVersions.Held held = versions.held(kind, id);
        if (held == null) {
            return;
        }
        if (record.iat() < held.iat()) {
            throw new RecordRefused(RecordRejection.STALE.wireName() + ": signed at iat " + record.iat()
                    + ", older than iat " + held.iat() + " of the " + kind.code() + " the door accepted");
        }
        if (record.iat() == held.iat() && !record.digest().equals(held.digest())) {
            throw new RecordRefused(RecordRejection.STALE.wireName() + ": iat " + record.iat()
                    + " is that of the " + kind.code() + " the door accepted"
                    + (held.digest() == null ? " before it was deleted" : ", but the record differs")
                    + "; a change needs a later iat");
        }
    }

    private void remember(RecordKind kind, String id, OpenedRecord record) {
        if (record.signed()) {
            versions.stored(kind, id, record.iat(), record.digest());
        } else if (signatures.required()) {
            throw new IllegalStateException("an unsigned record got past the signature check");
        } else {
            versions.released(kind, id);
        }
    }
}
