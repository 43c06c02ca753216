package io.openwinrm.server.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.spi.AuthenticatedUser;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.config.ServiceConfig;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.access.CallerResolver;
import io.openwinrm.server.access.IsolationMode;
import io.openwinrm.server.audit.AuditTrail;
import io.openwinrm.server.dispatch.DispatchSettings;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import io.openwinrm.server.endpoint.EndpointRegistry;
import io.openwinrm.server.identity.AccountDirectory;
import io.openwinrm.server.identity.OsIdentity;
import io.openwinrm.transport.server.WsmanHttpRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The read-only configuration resource (issue 10, item 11): Get serves cfg:Config to administrators, everybody
 * else is w:AccessDenied, and writes are refused with a precise fault.
 */
class ConfigResourceTest {

    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final ServiceConfig CONFIG = new ServiceConfig(512, 30000, 32000,
            new ServiceConfig.Service(7, 240000, 100, false, true, false, true, false, false, "Relaxed"),
            new ServiceConfig.Winrs(true, 7200000, 10, 2147483647, 25, 2147483647, 30),
            List.of(new ServiceConfig.Listener("*", "HTTPS", 5986, true, "wsman")));

    private static final Map<String, OsIdentity> ACCOUNTS = Map.of(
            "root", identity("root", 0, List.of("root")),
            "adm", identity("adm", 1002, List.of("adm", "wheel")),
            "alice", identity("alice", 1001, List.of("alice", "ops")));

    private final WsmanDispatcher dispatcher = new ConfigResource(() -> CONFIG).register(
            WsmanDispatcher.builder(new DispatchSettings(DispatchSettings.DEFAULT_MAX_ENVELOPE_SIZE,
                    DispatchSettings.DEFAULT_MAX_TIMEOUT, "test", List.of()))
                    .access(new AccessControl(EndpointRegistry.defaults(),
                            new CallerResolver(new Directory(), IsolationMode.ON), Optional.empty(), r -> { }),
                            new AuditTrail(r -> { }, "root")))
            .build();

    @Test
    void administratorsGetTheConfiguration() throws Exception {
        for (String admin : List.of("root", "adm")) {
            Envelope reply = call(admin, WsmanAction.GET);
            assertThat(reply.header().action()).isEqualTo(WsmanAction.GET.responseUri());
            assertThat(reply.body()).as(admin).isEqualTo(CONFIG);
        }
    }

    @Test
    void othersAreDeniedEvenToRead() throws Exception {
        assertThat(fault(call("alice", WsmanAction.GET)).kind()).contains(FaultKind.ACCESS_DENIED);
        assertThat(fault(call("alice", WsmanAction.PUT)).kind()).contains(FaultKind.ACCESS_DENIED);
    }

    @Test
    void writesAreRefusedAsUnsupportedForAdministratorsToo() throws Exception {
        for (WsmanAction write : List.of(WsmanAction.PUT, WsmanAction.DELETE, WsmanAction.CREATE)) {
            WsmanFault f = fault(call("root", write));
            assertThat(f.kind()).as(write.name()).contains(FaultKind.ACTION_NOT_SUPPORTED);
            assertThat(f.message()).contains("read-only");
        }
    }

    private Envelope call(String user, WsmanAction action) throws Exception {
        Header h = Header.request(action, ResourceUris.CONFIG, "http://127.0.0.1:5985/wsman")
                .withMaxEnvelopeSize(153600).withOperationTimeout(Duration.ofSeconds(20));
        Body body = action == WsmanAction.PUT ? CONFIG : new EmptyBody();
        WsmanHttpRequest request = new WsmanHttpRequest(CODEC.encode(new Envelope(h, body)), StandardCharsets.UTF_8,
                new AuthenticatedUser(user, "Basic", Optional.empty(), List.of()),
                new InetSocketAddress("127.0.0.1", 50001), new InetSocketAddress("127.0.0.1", 5985), false, "test");
        return CODEC.decode(dispatcher.handle(request).toCompletableFuture().get(20, TimeUnit.SECONDS).body());
    }

    private static WsmanFault fault(Envelope reply) {
        assertThat(reply.body()).isInstanceOf(WsmanFault.class);
        return reply.body(WsmanFault.class);
    }

    private static OsIdentity identity(String name, int uid, List<String> groups) {
        return new OsIdentity(name, uid, uid, List.of(uid), groups, Path.of("/home/" + name), Path.of("/bin/sh"));
    }

    private static final class Directory implements AccountDirectory {
        @Override
        public Optional<OsIdentity> find(String name) {
            return Optional.ofNullable(ACCOUNTS.get(name));
        }

        @Override
        public OsIdentity self() {
            return ACCOUNTS.get("root");
        }

        @Override
        public boolean canSwitchUsers() {
            return true;
        }
    }
}
