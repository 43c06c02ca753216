package io.openwinrm.server.handler;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.server.command.Guids;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The open WS-Enumeration contexts of shell enumerations (WS-Enumeration 3.1-3.4; [MS-WSMV] 3.1.4.8-3.1.4.10): the
 * ShellIds (or, for an enumeration of one shell's commands, the CommandIds) an Enumerate found that no Pull has
 * returned yet. A context belongs to the user who opened it and to the
 * ResourceURI it was opened on; for anybody else, or on another URI, it does not exist (InvalidEnumerationContext,
 * exactly as an unknown one, so a context reveals nothing). A context ends with the Pull that returns its last item,
 * with Release, or {@code timeout} after it was last used (Windows' EnumerationTimeoutms); one user holds at most
 * {@code maxPerUser} at once, one more Enumerate that would need a context is refused with w:QuotaLimit.
 *
 * <p>Thread-safe. Expired contexts are dropped whenever any context is touched.
 */
final class Enumerations {

    /** Windows' {@code winrm/config/service} EnumerationTimeoutms default. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(240_000);
    /** Open contexts per user. */
    static final int DEFAULT_MAX_PER_USER = 16;

    /**
     * The ids of one batch, and whether the enumeration ended with it.
     *
     * @param shellId the shell whose CommandIds {@code ids} are, or null when they are ShellIds
     */
    record Batch(List<String> ids, boolean end, String shellId) {
    }

    private static final class Context {
        final String owner;
        final String resourceUri;
        final String shellId;
        final Deque<String> remaining;
        long deadline;

        Context(String owner, String resourceUri, String shellId, List<String> ids, long deadline) {
            this.owner = owner;
            this.resourceUri = resourceUri;
            this.shellId = shellId;
            this.remaining = new ArrayDeque<>(ids);
            this.deadline = deadline;
        }
    }

    private final Map<String, Context> contexts = new HashMap<>();
    private final long timeoutNanos;
    private final int maxPerUser;
    private final LongSupplier nanoClock;

    Enumerations() {
        this(DEFAULT_TIMEOUT, DEFAULT_MAX_PER_USER, System::nanoTime);
    }

    Enumerations(Duration timeout, int maxPerUser, LongSupplier nanoClock) {
        if (timeout.isNegative() || timeout.isZero() || maxPerUser < 1) {
            throw new IllegalArgumentException("enumeration timeout and per-user bound must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.maxPerUser = maxPerUser;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Opens a context over {@code ids}: ShellIds, or the CommandIds of shell {@code shellId} when it is not null.
     *
     * @return the context, {@code uuid:} and an uppercase GUID
     * @throws WsmanFaultException w:QuotaLimit when {@code owner} already holds as many contexts as allowed
     */
    synchronized String open(String owner, String resourceUri, String shellId, List<String> ids) {
        long now = nanoClock.getAsLong();
        expire(now);
        long held = contexts.values().stream().filter(c -> c.owner.equals(owner)).count();
        if (held >= maxPerUser) {
            throw new WsmanFaultException(FaultKind.QUOTA_MAX_OPERATIONS, "The user already holds " + held
                    + " open enumerations, the most allowed. Pull them to their end or Release them, or wait "
                    + Duration.ofNanos(timeoutNanos).toSeconds() + " seconds until they expire. ");
        }
        String id = "uuid:" + Guids.random();
        contexts.put(id, new Context(owner, normalize(resourceUri), shellId, ids, now + timeoutNanos));
        return id;
    }

    /**
     * Takes up to {@code max} ids off the context; the context ends when none remains.
     *
     * @throws WsmanFaultException InvalidEnumerationContext if {@code owner} has no such context on this URI
     */
    synchronized Batch next(String owner, String resourceUri, String id, int max) {
        long now = nanoClock.getAsLong();
        expire(now);
        Context c = own(owner, resourceUri, id);
        List<String> batch = new ArrayList<>(Math.min(max, c.remaining.size()));
        while (batch.size() < max && !c.remaining.isEmpty()) {
            batch.add(c.remaining.poll());
        }
        boolean end = c.remaining.isEmpty();
        if (end) {
            contexts.remove(id);
        } else {
            c.deadline = now + timeoutNanos;
        }
        return new Batch(batch, end, c.shellId);
    }

    /**
     * Ends the context.
     *
     * @throws WsmanFaultException InvalidEnumerationContext if {@code owner} has no such context on this URI
     */
    synchronized void release(String owner, String resourceUri, String id) {
        expire(nanoClock.getAsLong());
        own(owner, resourceUri, id);
        contexts.remove(id);
    }

    /** Contexts open now, for tests. */
    synchronized int size() {
        expire(nanoClock.getAsLong());
        return contexts.size();
    }

    private Context own(String owner, String resourceUri, String id) {
        Context c = contexts.get(id);
        if (c == null || !c.owner.equals(owner) || !c.resourceUri.equals(normalize(resourceUri))) {
            throw new WsmanFaultException(FaultKind.INVALID_ENUMERATION_CONTEXT);
        }
        return c;
    }

    private void expire(long now) {
        for (Iterator<Context> it = contexts.values().iterator(); it.hasNext();) {
            if (now - it.next().deadline >= 0) {
                it.remove();
            }
        }
    }

    private static String normalize(String uri) {
        return uri == null ? "" : uri.strip().toLowerCase(Locale.ROOT);
    }
}
