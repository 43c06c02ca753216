package io.openwinrm.os;

import io.openwinrm.server.command.ProcessSignal;

/** Linux signal numbers (signal(7)) of the {@link ProcessSignal}s. */
final class PosixSignal {

    private PosixSignal() {
    }

    static int number(ProcessSignal signal) {
        return switch (signal) {
            case INTERRUPT -> 2;
            case QUIT -> 3;
            case KILL -> 9;
            case TERMINATE -> 15;
        };
    }
}
