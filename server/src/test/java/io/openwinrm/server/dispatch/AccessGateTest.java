package io.openwinrm.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.policy.access.AccessList;
import io.openwinrm.policy.access.Principal;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.AuditRecord;
import io.openwinrm.server.audit.AuditTrail;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.server.identity.AccountDirectory;
import io.openwinrm.server.identity.OsIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The authorization step: who the caller is (off the transport thread when NSS might block) and endpoint access. */
class AccessGateTest {

    private static final OsIdentity ALICE = identity("alice", 1001, List.of("alice", "ops"));
    private static final OsIdentity ROOT = identity("root", 0, List.of("root"));

    private final ExecutorService blocking = Executors.newSingleThreadExecutor(r -> new Thread(r, "blocking"));
    private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        blocking.shutdownNow();
    }

    private static OsIdentity identity(String name, int uid, List<String> groups) {
        return new OsIdentity(name, uid, uid, List.of(uid), groups, Path.of("/home/" + name), Path.of("/bin/sh"));
    }

    /** A directory with a cache of what was looked up; real lookups (cache misses) record their thread. */
    private static final class Directory implements AccountDirectory {
        final Map<String, OsIdentity> accounts = Map.of("alice", ALICE, "root", ROOT);
        final Map<String, Boolean> cache = new ConcurrentHashMap<>();
        final List<String> lookupThreads = new CopyOnWriteArrayList<>();

        @Override
        public Optional<OsIdentity> find(String name) {
            if (cache.putIfAbsent(name, true) == null) {
                lookupThreads.add(Thread.currentThread().getName()); // a real lookup, not a cache hit
            }
            return Optional.ofNullable(accounts.get(name));
        }

        @Override
        public Optional<Optional<OsIdentity>> cached(String name) {
            return cache.containsKey(name) ? Optional.of(Optional.ofNullable(accounts.get(name))) : Optional.empty();
        }

        @Override
        public OsIdentity self() {
            return ROOT;
        }

        @Override
        public boolean canSwitchUsers() {
            return true;
        }
    }

    private AccessGate gate(Directory directory) {
        AccessControl control = new AccessControl(EndpointRegistry.defaults(),
                new CallerResolver(directory, IsolationMode.ON), Optional.empty(), audit::add);
        return new AccessGate(control, new AuditTrail(audit::add, "root"), blocking);
    }

    @Test
    void anUncachedCallerIsLookedUpOffTheTransportThreadThenFromTheCache() throws Exception {
        Directory directory = new Directory();
        AccessGate gate = gate(directory);
        Caller first = gate.admitAsync(new AuthenticatedUser("alice", "Basic"), "127.0.0.1", Optional.empty(),
                WsmanAction.RECEIVE.uri()).toCompletableFuture().get();
        assertThat(first.os()).contains(ALICE);
        assertThat(directory.lookupThreads).containsExactly("blocking");
        CompletableFuture<Caller> second = gate.admitAsync(new AuthenticatedUser("alice", "Basic"), "127.0.0.1",
                Optional.empty(), WsmanAction.RECEIVE.uri()).toCompletableFuture();
        assertThat(second).as("answered from the cache, on this thread").isCompleted();
        assertThat(directory.lookupThreads).hasSize(1);
    }

    @Test
    void createIsCheckedAgainstTheEndpointsAccessListAndAudited() throws Exception {
        Directory directory = new Directory();
        AccessGate gate = gate(directory);
        Endpoint cmd = Endpoint.defaultShell();
        CompletableFuture<Caller> refused = gate.admitAsync(new AuthenticatedUser("alice", "Basic"), "10.0.0.7",
                Optional.of(cmd), WsmanAction.CREATE.uri()).toCompletableFuture();
        assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("the endpoint cmd does not admit alice (not in the endpoint's access list)");
        Endpoint widened = cmd.withAccess(AccessList.DEFAULT.withAllowed(List.of(new Principal.Group("ops"))));
        Caller admitted = gate.admitAsync(new AuthenticatedUser("alice", "Basic"), "10.0.0.7", Optional.of(widened),
                WsmanAction.CREATE.uri()).toCompletableFuture().get();
        assertThat(admitted.subject().groups()).contains("ops");
        assertThat(audit).extracting(AuditRecord::allowed).containsExactly(false, true);
        assertThat(audit.get(1).reason()).isEqualTo("Create: allowed by group:ops");
    }

    @Test
    void aCallerWithoutAnOsAccountIsRefused() {
        AccessGate gate = gate(new Directory());
        CompletableFuture<Caller> r = gate.admitAsync(new AuthenticatedUser("ghost", "Basic"), "127.0.0.1",
                Optional.of(Endpoint.defaultShell()), WsmanAction.CREATE.uri()).toCompletableFuture();
        assertThatThrownBy(r::get).hasCauseInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("the account ghost has no operating-system account on this host");
        assertThat(audit).singleElement().extracting(AuditRecord::allowed).isEqualTo(false);
    }
}
