package org.accessctl.core;

import java.util.List;

/**
 * What the door must remember across a restart: who is inside, which alarms are active, and
 * whether it is locked down. The loop stores it in the same transaction as the events that
 * changed it, and hands it back to a new {@link Door} at start. Pending escort windows and
 * strike grants are deliberately not kept: after a restart a half-finished pairing starts over.
 */
public record DoorMemory(List<Occupant> occupants, List<Alarm> alarms, boolean lockdown) {

    public static final DoorMemory EMPTY = new DoorMemory(List.of(), List.of(), false);

    public DoorMemory {
        occupants = List.copyOf(occupants);
        alarms = List.copyOf(alarms);
    }
}
