package org.accessctl.core;

import java.util.List;

/** The door as the retained {@code state} topic shows it. */
public record DoorStatus(boolean locked, boolean doorOpen, List<Alarm> alarms, boolean lockdown,
                         List<Occupant> occupants) {

    public DoorStatus {
        alarms = List.copyOf(alarms);
        occupants = List.copyOf(occupants);
    }
}
