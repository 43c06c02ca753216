package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.EmptyBody;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-user quotas against a real server configured through {@code openwinrm.toml}: one user holding
 * MaxConcurrentOperationsPerUser requests in flight gets w:QuotaLimit 2150859174 for the next one, and a shell with
 * MaxProcessesPerShell running commands w:QuotaLimit 2150859241 for the next command; a legitimate client is served
 * all along.
 */
@Timeout(180)
class QuotaAttackTest {

    private static final String CMD = ResourceUris.CMD_SHELL;
    /** The cmd endpoint's own URI: it runs commands side by side (the WinRS cmd URI runs one at a time). */
    private static final String OWN = io.openwinrm.server.endpoint.Endpoint.uris("cmd").get(1);
    private static final String ATTACKER = "greedy";
    private static final String OTHER = "modest";
    private static final String PASSWORD = "pw-Quota-Test-8812";
    private static final int OPERATIONS = 8;
    private static final int PROCESSES = 3;

    private static ServerProcess start() {
        return ServerProcess.builder().account(ATTACKER, PASSWORD).account(OTHER, PASSWORD)
                .config("[service]\nmax_concurrent_operations_per_user = " + OPERATIONS + "\n"
                        + "[winrs]\nmax_processes_per_shell = " + PROCESSES + "\n"
                        + "[security]\nisolation = \"off\"\n").start();
    }

    @Test
    void tooManyConcurrentOperationsOfOneUserAreRefusedAndOthersAreServed() throws Exception {
        try (ServerProcess server = start(); Wsman w = new Wsman(server.https(), ATTACKER, PASSWORD)) {
            URI https = server.https();
            // OPERATIONS commands that print nothing, in shells of at most PROCESSES commands
            List<String[]> targets = new ArrayList<>();
            String shell = null;
            for (int i = 0; i < OPERATIONS; i++) {
                if (i % PROCESSES == 0) {
                    shell = w.create(CMD, null);
                }
                targets.add(new String[] {shell, w.command(OWN, shell, "sleep 600")});
            }
            ExecutorService pool = Executors.newFixedThreadPool(OPERATIONS);
            try {
                List<Future<Body>> polls = new ArrayList<>();
                for (String[] t : targets) { // long polls, each holding a request for about 10 s
                    polls.add(pool.submit(() -> {
                        try (Wsman poll = new Wsman(https, ATTACKER, PASSWORD)) {
                            return poll.call(poll.header(WsmanAction.RECEIVE, CMD, t[0], Duration.ofSeconds(10)),
                                    new ReceiveRequest(t[1], List.of("stdout", "stderr"))).body();
                        }
                    }));
                }
                WsmanFault refused = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (refused == null && System.nanoTime() < deadline) {
                    Body b = w.call(w.header(WsmanAction.GET, ResourceUris.SHELL, shell, Duration.ofSeconds(5)),
                            new EmptyBody()).body();
                    if (b instanceof WsmanFault f) {
                        refused = f;
                    } else {
                        assertThat(b).isInstanceOf(ShellInfo.class); // not all polls have arrived yet
                        Thread.sleep(50);
                    }
                }
                assertThat(refused).as("refused once " + OPERATIONS + " requests are in flight").isNotNull();
                assertThat(refused.kind()).as(refused.describe()).contains(FaultKind.QUOTA_MAX_OPERATIONS);
                assertThat(refused.subcode()).isEqualTo("w:QuotaLimit");
                assertThat(refused.wsmanCode()).isEqualTo(OptionalLong.of(2150859174L));
                assertThat(refused.message()).contains("The maximum number of concurrent operations for this user "
                        + "has been exceeded", "(limit " + OPERATIONS + ")");
                assertThat(polls).noneMatch(Future::isDone);

                assertThat(legitimate(https)).isEqualTo("served\n"); // another user, meanwhile

                for (Future<Body> poll : polls) {
                    assertThat(poll.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(WsmanFault.class,
                            f -> assertThat(f.isTimedOut()).isTrue());
                }
                assertThat(w.call(w.header(WsmanAction.GET, ResourceUris.SHELL, shell, Duration.ofSeconds(5)),
                        new EmptyBody()).body()).as("room again once answered").isInstanceOf(ShellInfo.class);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aShellRunningMaxProcessesPerShellCommandsRefusesAnotherAndOthersAreServed() throws Exception {
        try (ServerProcess server = start(); Wsman w = new Wsman(server.https(), ATTACKER, PASSWORD)) {
            String shell = w.create(CMD, null);
            for (int i = 0; i < PROCESSES; i++) {
                w.command(OWN, shell, "sleep 600");
            }
            for (int i = 0; i < 3; i++) {
                WsmanFault refused = w.call(w.header(WsmanAction.COMMAND, OWN, shell, Duration.ofSeconds(20)),
                        new CommandRequest(null, "sleep 600", List.of())).fault().orElseThrow();
                assertThat(refused.kind()).as(refused.describe()).contains(FaultKind.QUOTA_MAX_PROCESSES);
                assertThat(refused.subcode()).isEqualTo("w:QuotaLimit");
                assertThat(refused.wsmanCode()).isEqualTo(OptionalLong.of(2150859241L));
                assertThat(refused.message()).contains("(limit " + PROCESSES + ")");
            }
            String second = w.create(CMD, null);
            assertThat(w.run(CMD, second, "echo other shell")).isEqualTo("other shell\n");
            assertThat(legitimate(server.https())).isEqualTo("served\n");
            long sleeping = ProcessHandle.of(server.pid()).orElseThrow().descendants()
                    .filter(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false)).count();
            assertThat(sleeping).as("processes actually started").isEqualTo(PROCESSES);
        }
    }

    private static String legitimate(URI https) {
        WinRmClient client = WinRmClient.builder().credentials(Credentials.basic(OTHER, PASSWORD.toCharArray()))
                .insecureSkipVerification(true).build();
        CommandResult r = client.run(Endpoint.parse(https.toString(), false), "echo served");
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }
}
