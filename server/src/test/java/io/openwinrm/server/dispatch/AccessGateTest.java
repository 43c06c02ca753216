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
import io.openwinrm.server.testing.MutableRegistry;
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
        return new AccessGate(control, new AuditTrail(audit::add, "root"), blocking, OpenShells.NONE);
    }

    private static AccessGate.Target target(String action, Optional<Endpoint> selected) {
        return new AccessGate.Target(action, selected.map(e -> e.resourceUris().get(0)).orElse(null), selected,
                Optional.empty());
    }

    @Test
    void anUncachedCallerIsLookedUpOffTheTransportThreadThenFromTheCache() throws Exception {
        Directory directory = new Directory();
        AccessGate gate = gate(directory);
        Caller first = gate.admitAsync(new AuthenticatedUser("alice", "Basic"), "127.0.0.1",
                target(WsmanAction.RECEIVE.uri(), Optional.empty())).toCompletableFuture().get();
        assertThat(first.os()).contains(ALICE);
        assertThat(directory.lookupThreads).containsExactly("blocking");
        CompletableFuture<Caller> second = gate.admitAsync(new AuthenticatedUser("alice", "Basic"), "127.0.0.1",
                target(WsmanAction.RECEIVE.uri(), Optional.empty())).toCompletableFuture();
        assertThat(second).as("answered from the cache, on this thread").isCompleted();
        assertThat(directory.lookupThreads).hasSize(1);
    }

    @Test
    void createIsCheckedAgainstTheEndpointsAccessListAndAudited() throws Exception {
        Directory directory = new Directory();
        AccessGate gate = gate(directory);
        Endpoint cmd = Endpoint.defaultShell();
        CompletableFuture<Caller> refused = gate.admitAsync(new AuthenticatedUser("alice", "Basic"), "10.0.0.7",
                target(WsmanAction.CREATE.uri(), Optional.of(cmd))).toCompletableFuture();
        assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("the endpoint cmd does not admit alice (not in the endpoint's access list)");
        Endpoint widened = cmd.withAccess(AccessList.DEFAULT.withAllowed(List.of(new Principal.Group("ops"))));
        Caller admitted = gate.admitAsync(new AuthenticatedUser("alice", "Basic"), "10.0.0.7",
                target(WsmanAction.CREATE.uri(), Optional.of(widened))).toCompletableFuture().get();
        assertThat(admitted.subject().groups()).contains("ops");
        assertThat(audit).extracting(AuditRecord::allowed).containsExactly(false, true);
        assertThat(audit.get(1).reason()).isEqualTo("Create: allowed by group:ops");
    }

    @Test
    void aCallerWithoutAnOsAccountIsRefused() {
        AccessGate gate = gate(new Directory());
        CompletableFuture<Caller> r = gate.admitAsync(new AuthenticatedUser("ghost", "Basic"), "127.0.0.1",
                target(WsmanAction.CREATE.uri(), Optional.of(Endpoint.defaultShell()))).toCompletableFuture();
        assertThatThrownBy(r::get).hasCauseInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("the account ghost has no operating-system account on this host");
        assertThat(audit).singleElement().extracting(AuditRecord::allowed).isEqualTo(false);
    }

    // ---- Connect and Reconnect decide on the shell's own endpoint ----------------------------------------------

    private static final String SHELL = "5A1E0000-0000-4000-8000-0000000000AA";
    private static final AccessList OPS = AccessList.DEFAULT.withAllowed(List.of(new Principal.Group("ops")));

    private static Endpoint endpoint(String name, AccessList access) {
        return new Endpoint(name, name, Endpoint.uris(name), io.openwinrm.server.endpoint.EndpointKind.SHELL, access,
                new io.openwinrm.server.endpoint.RunAs.Caller(), io.openwinrm.server.command.ResourceLimits.NONE,
                Optional.empty(), io.openwinrm.policy.access.RoleDefinitions.NONE, Map.of());
    }

    /** alice's shell {@link #SHELL} on {@code snapshot}; nobody else has shells. */
    private AccessGate gate(MutableRegistry registry, Endpoint snapshot) {
        AccessControl control = new AccessControl(registry, new CallerResolver(new Directory(), IsolationMode.ON),
                Optional.empty(), audit::add);
        OpenShells shells = new OpenShells() {
            @Override
            public boolean anyAnswers(String owner, String resourceUri) {
                return owner.equals("alice") && snapshot.answers(resourceUri);
            }

            @Override
            public Optional<Endpoint> endpointOf(String owner, String shellId) {
                return owner.equals("alice") && shellId.equalsIgnoreCase(SHELL) ? Optional.of(snapshot)
                        : Optional.empty();
            }
        };
        return new AccessGate(control, new AuditTrail(audit::add, "root"), Runnable::run, shells);
    }

    private static AccessGate.Target addressing(WsmanAction action, String uri, MutableRegistry registry) {
        return new AccessGate.Target(action.uri(), uri, registry.find(uri), Optional.of(SHELL));
    }

    private Throwable connect(AccessGate gate, WsmanAction action, String uri, MutableRegistry registry) {
        try {
            gate.admit(new AuthenticatedUser("alice", "Basic"), "10.0.0.7", addressing(action, uri, registry));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void connectIsDecidedOnTheShellsEndpointAsRegisteredNowNeverOnTheOneTheUriSelects() {
        Endpoint lim = endpoint("lim", OPS);
        Endpoint cmd = Endpoint.defaultShell().withAccess(OPS);
        MutableRegistry registry = new MutableRegistry(cmd, lim);
        AccessGate gate = gate(registry, lim);
        String limUri = Endpoint.uris("lim").get(0);
        assertThat(connect(gate, WsmanAction.CONNECT, limUri, registry)).isNull();

        registry.set(cmd, lim.withAccess(OPS.withDenied(List.of(new Principal.User("alice")))));
        for (WsmanAction action : List.of(WsmanAction.CONNECT, WsmanAction.RECONNECT)) {
            assertThat(connect(gate, action, limUri, registry)).as(action.name())
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("the endpoint lim does not admit alice");
            // through the cmd URI, which alice may use: not even the shell's existence is confirmed
            assertThat(connect(gate, action, io.openwinrm.protocol.wsman.ResourceUris.CMD_SHELL, registry))
                    .as(action.name()).isInstanceOf(io.openwinrm.server.shell.ShellNotFoundException.class);
        }
        assertThat(audit).extracting(AuditRecord::endpoint).containsOnly("lim");
        assertThat(audit).extracting(AuditRecord::allowed).containsExactly(true, false, false, false, false);
        assertThat(audit.get(2).reason()).isEqualTo("Connect: the shell belongs to endpoint lim, which "
                + io.openwinrm.protocol.wsman.ResourceUris.CMD_SHELL + " does not select");

        registry.set(cmd, lim);
        assertThat(connect(gate, WsmanAction.CONNECT, limUri, registry)).isNull();
    }

    @Test
    void anUnregisteredEndpointsShellIsDecidedOnItsSnapshot() {
        Endpoint old = endpoint("old", OPS);
        MutableRegistry registry = new MutableRegistry(Endpoint.defaultShell());
        String oldUri = Endpoint.uris("old").get(1);
        assertThat(connect(gate(registry, old), WsmanAction.RECONNECT, oldUri, registry)).isNull();
        Endpoint closed = old.withAccess(OPS.withDenied(List.of(new Principal.Group("ops"))));
        assertThat(connect(gate(registry, closed), WsmanAction.RECONNECT, oldUri, registry))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(audit).extracting(AuditRecord::endpoint).containsExactly("old", "old");
    }

    @Test
    void everyOperationOnAShellThroughAnotherEndpointsUriIsAnUnknownShellAndOnlyOpeningOnesAreAudited() {
        Endpoint lim = endpoint("lim", OPS);
        MutableRegistry registry = new MutableRegistry(Endpoint.defaultShell(), lim);
        AccessGate gate = gate(registry, lim);
        for (WsmanAction action : List.of(WsmanAction.COMMAND, WsmanAction.SEND, WsmanAction.RECEIVE,
                WsmanAction.SIGNAL, WsmanAction.DELETE, WsmanAction.DISCONNECT, WsmanAction.GET)) {
            assertThat(connect(gate, action, io.openwinrm.protocol.wsman.ResourceUris.CMD_SHELL, registry))
                    .as(action.name()).isInstanceOf(io.openwinrm.server.shell.ShellNotFoundException.class);
            assertThat(connect(gate, action, Endpoint.uris("lim").get(1), registry)).as(action.name()).isNull();
        }
        assertThat(audit).isEmpty();
    }
}
