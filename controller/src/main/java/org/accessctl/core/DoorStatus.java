package org.accessctl.core;

import java.util.List;

/** The door as the retained {@code state} topic shows it. */
public record DoorStatus(boolean locked, boolean doorOpen, List<Alarm> alarms) {

    public DoorStatus {
        alarms = List.copyOf(alarms);
    }
}
