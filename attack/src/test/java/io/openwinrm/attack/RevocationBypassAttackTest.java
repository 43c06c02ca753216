package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.cli.Main;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.ConnectRequest;
import io.openwinrm.protocol.shell.ConnectResponse;
import io.openwinrm.protocol.shell.CreateShell;
import io.openwinrm.protocol.shell.DeleteRequest;
import io.openwinrm.protocol.shell.DisconnectRequest;
import io.openwinrm.protocol.shell.ReconnectRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.endpoint.Endpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, finding 8, as reported: after {@code endpoint set-access lim --deny user:u}, Connect to the user's
 * disconnected {@code lim} shell through the default {@code cmd} URI succeeded and was audited as endpoint cmd
 * allowed. Now the shell is reachable only through lim's URIs (anything else is an unknown shell), Connect is decided
 * on lim as registered now, both refusals are audited under lim, and re-allowing lets the user back in.
 */
@Timeout(180)
class RevocationBypassAttackTest {

    private static final String USER = "lu";
    private static final String PASSWORD = "pw-Lim-User-5521";
    private static final String CMD = ResourceUris.CMD_SHELL;
    private static final String LIM = Endpoint.uris("lim").get(0);
    private static final String CHOSEN = "B1A5ED00-0000-4000-8000-00000000BEEF";
    private static final String NEVER = "00000000-DEAD-4000-8000-000000000000";

    @Test
    void aDisconnectedShellOfARevokedUserCannotBeTakenOverThroughAnyUri() throws Exception {
        ServerProcess.Builder b = ServerProcess.builder().account(USER, PASSWORD)
                .config("[security]\nisolation = \"off\"\n");
        Path home = b.home();
        assertThat(Main.run("endpoint", "register", "lim", "--allow", "user:" + USER, "--home", home.toString()))
                .isZero();
        try (ServerProcess server = b.start(); Wsman w = new Wsman(server.https(), USER, PASSWORD)) {
            String shell = w.create(LIM, CHOSEN);
            assertThat(w.run(LIM, shell, "echo on lim")).isEqualTo("on lim\n");
            ok(w.call(w.header(WsmanAction.DISCONNECT, LIM, shell, Duration.ofSeconds(20)),
                    new DisconnectRequest(Optional.empty())));

            assertThat(Main.run("endpoint", "set-access", "lim", "--deny", "user:" + USER, "--home",
                    home.toString())).isZero();
            awaitCreateOnLim(w, false);

            // what a Connect to a shell that never existed gets (audited as a Connect the cmd endpoint allows)
            WsmanFault unknown = fault(w.call(w.header(WsmanAction.CONNECT, CMD, NEVER, Duration.ofSeconds(20)),
                    new ConnectRequest(null)));
            assertThat(unknown.kind()).contains(FaultKind.UNKNOWN_SHELL);
            int auditedBefore = Files.readAllLines(home.resolve("audit/audit.jsonl")).size();

            WsmanFault viaCmd = fault(w.call(w.header(WsmanAction.CONNECT, CMD, shell, Duration.ofSeconds(20)),
                    new ConnectRequest(null)));
            // the message names the ShellId the client sent, as Windows' does: the same but for the id
            WsmanFault unknownHere = sameButFor(unknown, shell);
            assertThat(viaCmd).as("exactly like a shell that never existed").isEqualTo(unknownHere);
            assertThat(fault(w.call(w.header(WsmanAction.RECONNECT, CMD, shell, Duration.ofSeconds(20)),
                    new ReconnectRequest()))).isEqualTo(unknownHere);
            assertThat(fault(w.call(w.header(WsmanAction.DELETE, Endpoint.uris("cmd").get(1), shell,
                    Duration.ofSeconds(20)), new DeleteRequest()))).isEqualTo(unknownHere);

            WsmanFault viaLim = fault(w.call(w.header(WsmanAction.CONNECT, LIM, shell, Duration.ofSeconds(20)),
                    new ConnectRequest(null)));
            assertThat(viaLim.kind()).contains(FaultKind.ACCESS_DENIED);
            assertThat(viaLim.message()).contains("The endpoint lim does not admit " + USER + " (denied by user:"
                    + USER + ")");

            List<String> all = Files.readAllLines(home.resolve("audit/audit.jsonl"));
            List<String> audit = all.subList(auditedBefore, all.size());
            assertThat(audit).hasSize(3).allSatisfy(line -> assertThat(line).contains("\"event\":\"access\"",
                    "\"endpoint\":\"lim\"", "\"decision\":\"refused\""));
            assertThat(audit).anySatisfy(line -> assertThat(line).contains("\"event\":\"access\"",
                    "\"user\":\"" + USER + "\"", "\"endpoint\":\"lim\"", "\"decision\":\"refused\"",
                    "\"reason\":\"Connect: the shell belongs to endpoint lim, which " + CMD + " does not select\""));
            assertThat(audit).anySatisfy(line -> assertThat(line).contains("\"endpoint\":\"lim\"",
                    "\"decision\":\"refused\"", "\"reason\":\"Reconnect: the shell belongs to endpoint lim"));
            assertThat(audit).anySatisfy(line -> assertThat(line).contains("\"endpoint\":\"lim\"",
                    "\"decision\":\"refused\"", "\"reason\":\"Connect: denied by user:" + USER + "\""));

            assertThat(Main.run("endpoint", "set-access", "lim", "--remove", "user:" + USER, "--allow",
                    "user:" + USER, "--home", home.toString())).isZero();
            awaitCreateOnLim(w, true);
            assertThat(w.call(w.header(WsmanAction.CONNECT, LIM, shell, Duration.ofSeconds(20)),
                    new ConnectRequest(null)).body()).isInstanceOf(ConnectResponse.class);
            assertThat(w.run(LIM, shell, "echo back")).isEqualTo("back\n");
            assertThat(Files.readAllLines(home.resolve("audit/audit.jsonl"))).anySatisfy(line ->
                    assertThat(line).contains("\"endpoint\":\"lim\"", "\"decision\":\"allowed\"",
                            "\"reason\":\"Connect: allowed by user:" + USER + "\""));
        }
    }

    /**
     * Creates shells on lim (deleting each) until the server has re-read its endpoint files, which it does within a
     * second: until a Create is refused ({@code admitted} false) or admitted ({@code admitted} true).
     */
    private static void awaitCreateOnLim(Wsman w, boolean admitted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Body body = w.call(w.header(WsmanAction.CREATE, LIM, null, Duration.ofSeconds(20)), new CreateShell(null,
                    List.of("stdin"), List.of("stdout", "stderr"), null, Map.of(), Optional.empty(),
                    Optional.empty(), null, null)).body();
            if (body instanceof ShellCreated created) {
                ok(w.call(w.header(WsmanAction.DELETE, LIM, created.shellId(), Duration.ofSeconds(20)),
                        new DeleteRequest()));
                if (admitted) {
                    return;
                }
            } else {
                WsmanFault f = (WsmanFault) body;
                assertThat(f.kind()).as(f.describe()).contains(FaultKind.ACCESS_DENIED);
                if (!admitted) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("endpoint files re-read in time").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static WsmanFault fault(Wsman.Reply reply) {
        return reply.fault().orElseThrow(() -> new AssertionError("expected a fault, got " + reply.describe()));
    }

    private static void ok(Wsman.Reply reply) {
        assertThat(reply.fault()).as(reply.describe()).isEmpty();
    }

    /** {@code unknown} (the fault for {@link #NEVER}) as it reads for another ShellId. */
    private static WsmanFault sameButFor(WsmanFault unknown, String shellId) {
        assertThat(unknown.message()).contains(NEVER);
        return new WsmanFault(unknown.code(), unknown.subcode(), unknown.reason(), unknown.wsmanCode(),
                unknown.message().replace(NEVER, shellId), unknown.faultDetail(), unknown.machine(),
                unknown.notUnderstood(), unknown.provider());
    }
}
