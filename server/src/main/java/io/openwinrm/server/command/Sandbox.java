package io.openwinrm.server.command;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The operating-system container of one shell's processes (a control group, or resource limits where control groups
 * are unavailable), created by {@link ProcessLauncher#createSandbox} and handed to every {@link LaunchSpec} of the
 * shell, so that limits hold for all its commands together. Thread-safe.
 */
public interface Sandbox extends AutoCloseable {

    /** A sandbox that limits nothing and holds nothing. */
    Sandbox NONE = new Sandbox() {
        @Override
        public long limitEvents() {
            return 0;
        }

        @Override
        public Optional<String> limitHit() {
            return Optional.empty();
        }

        @Override
        public void killAll() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * How many times a limit has been hit since the sandbox was created; never decreases. A command compares the
     * value at its start and end to learn whether it hit a limit.
     */
    long limitEvents();

    /**
     * If a limit has been hit since the sandbox was created (the kernel refused a fork at the process limit, or killed
     * a process at the memory limit), a one-sentence description naming the limit and its value, e.g.
     * {@code "MaxMemoryPerShellMB (64) was exceeded: the kernel killed a process of the shell"}; else empty.
     */
    Optional<String> limitHit();

    /** Kills every process still in the sandbox, including those that left their command's process group. */
    void killAll();

    /**
     * The process that holds the shell's processes together (a supervisor per shell), if there is one: what the shell
     * reports as its {@code rsp:ProcessId} ([MS-WSMV] 2.2.4.37), as Windows reports its shell host's.
     */
    default OptionalLong supervisorPid() {
        return OptionalLong.empty();
    }

    /**
     * The memory the shell's processes use together, as the kernel accounts it for the sandbox (a control group's
     * {@code memory.current}), if the sandbox can tell; else empty and the caller estimates it.
     */
    default OptionalLong memoryBytes() {
        return OptionalLong.empty();
    }

    /**
     * Variables every command of the shell gets, over anything the client asked for: {@code KRB5CCNAME} naming the
     * shell's private credential cache when the client delegated credentials ({@link SandboxSpec#credentials()}).
     */
    default Map<String, String> environment() {
        return Map.of();
    }

    /** Kills what is left and releases the sandbox. Idempotent. */
    @Override
    void close();
}
