package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.auth.ntlm.NegotiateMessage;
import io.openwinrm.auth.ntlm.NtlmMessageCodec;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, finding 3: memory exhaustion before authentication. The reproduction opened 1,000 connections, each
 * announcing a 512,000-byte body, sent part of it and held the connection: the server buffered every body before
 * authenticating (177 MB to 766 MB; with {@code -Xmx256m}, {@code OutOfMemoryError: direct buffer memory} and a
 * legitimate client dropped), and the held connections outlived the idle timeout.
 *
 * <p>Here the same attack runs against a server with a small heap ({@code -Xmx128m -XX:MaxDirectMemorySize=64m}) and
 * a 10 s request read timeout, half of the connections without credentials and half as the first leg of an NTLM
 * handshake (the token is in the header, so the challenge is sent from the head). The connections come from ten
 * loopback addresses, so that the default per-address limit (100) admits them all and what is tested is that no
 * body is kept: each gets its answer (401, or 503 when the unauthenticated budget is full) before its body is
 * complete, a legitimate client runs a command while all of them are held, the server's resident memory stays
 * bounded, and every held connection is closed by the read timeout.
 */
@Timeout(600)
class PreAuthMemoryAttackTest {

    private static final String USER = "mem-victim";
    private static final String PASSWORD = "pw-Mem-Victim-1234";
    private static final int CONNECTIONS = 1000;
    private static final int SOURCE_ADDRESSES = 10;
    private static final int DECLARED = 512_000;
    private static final int SENT = 100_000;
    private static final int READ_TIMEOUT_S = 10;
    private static final long MAX_RSS_KB = 400 * 1024;

    /** A field of {@code /proc/PID/status} in kB. */
    static long procStatusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        throw new IOException(field + " not in /proc/" + pid + "/status");
    }

    @Test
    void heldPartialBodiesAreNeverBufferedAndTheirConnectionsEndAtTheReadTimeout() throws Exception {
        try (ServerProcess server = ServerProcess.builder().account(USER, PASSWORD)
                .jvm("-Xmx128m", "-XX:MaxDirectMemorySize=64m")
                .config("[security]\nisolation = \"off\"\n[service]\nrequest_read_timeout_s = " + READ_TIMEOUT_S
                        + "\n").start()) {
            WinRmClient legit = WinRmClient.builder().credentials(Credentials.basic(USER, PASSWORD.toCharArray()))
                    .insecureSkipVerification(true).build();
            Endpoint endpoint = Endpoint.parse(server.https().toString(), false);
            assertThat(legit.run(endpoint, "echo warm").stdoutText()).isEqualTo("warm\n");
            long baselineKb = procStatusKb(server.networkPid(), "VmRSS");

            AtomicLong peakKb = new AtomicLong(baselineKb);
            ExecutorService pool = Executors.newFixedThreadPool(9);
            List<Socket> held = Collections.synchronizedList(new ArrayList<>());
            try {
                Future<?> sampler = pool.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            peakKb.accumulateAndGet(procStatusKb(server.networkPid(), "VmRSS"), Math::max);
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            return;
                        } catch (IOException e) {
                            return; // the process is gone; the assertions below say so
                        }
                    }
                });
                long attackStart = System.nanoTime();
                String negotiate = "Authorization: Negotiate " + Base64.getEncoder().encodeToString(
                        NtlmMessageCodec.encode(new NegotiateMessage(0xe2889032, Optional.empty(), Optional.empty(),
                                Optional.empty())));
                List<Future<RawHttp.Response>> answers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int worker = t;
                    answers.add(null);
                    answers.set(t, pool.submit(() -> {
                        RawHttp.Response last = null;
                        for (int i = worker; i < CONNECTIONS; i += 8) {
                            last = attack(server.http(), i, negotiate, held);
                        }
                        return last;
                    }));
                }
                for (Future<RawHttp.Response> f : answers) {
                    f.get(300, TimeUnit.SECONDS);
                }
                long sentAll = System.nanoTime();
                assertThat(held).hasSize(CONNECTIONS);

                // a legitimate client is served while every attack connection is held
                assertThat(legit.run(endpoint, "echo during-attack").stdoutText()).isEqualTo("during-attack\n");
                long duringKb = procStatusKb(server.networkPid(), "VmRSS");

                // every held connection is closed by the server once its request has not arrived in time
                long deadline = sentAll + TimeUnit.SECONDS.toNanos(READ_TIMEOUT_S + 20);
                int closed = 0;
                for (Socket s : held) {
                    int left = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                    s.setSoTimeout(left);
                    if (RawHttp.closedByServer(s)) {
                        closed++;
                    }
                }
                long allClosedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attackStart);
                sampler.cancel(true);
                long hwmKb = procStatusKb(server.networkPid(), "VmHWM");
                System.out.printf("PreAuthMemoryAttackTest: %d connections x %d of %d bytes; RSS baseline %d MB, "
                                + "during attack %d MB, sampled peak %d MB, VmHWM %d MB; sent in %d ms (%d NTLM legs "
                                + "answered 503); closed %d within %d ms of the attack start%n", CONNECTIONS, SENT,
                        DECLARED, baselineKb / 1024, duringKb / 1024, peakKb.get() / 1024, hwmKb / 1024,
                        TimeUnit.NANOSECONDS.toMillis(sentAll - attackStart), BUSY.get(), closed, allClosedMs);
                assertThat(closed).as("held connections closed by the read timeout").isEqualTo(CONNECTIONS);
                assertThat(server.isAlive()).isTrue();
                assertThat(server.log()).doesNotContain("OutOfMemoryError");
                assertThat(hwmKb).as("peak resident memory, kB").isLessThan(MAX_RSS_KB);
                assertThat(legit.run(endpoint, "echo after").stdoutText()).isEqualTo("after\n");
            } finally {
                pool.shutdownNow();
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    /**
     * Connection {@code i}: from 127.0.0.(2 + i mod 10), a head announcing {@value #DECLARED} bytes (every other one
     * carrying an NTLM NEGOTIATE), then {@value #SENT} bytes of body; returns the answer, which must come before the
     * body is complete.
     */
    private static final AtomicLong BUSY = new AtomicLong();

    private static RawHttp.Response attack(URI http, int i, String negotiate, List<Socket> held) throws Exception {
        InetAddress from = InetAddress.getByName("127.0.0." + (2 + i % SOURCE_ADDRESSES));
        Socket s = RawHttp.connect(http, from);
        held.add(s);
        s.setSoTimeout(60_000);
        boolean ntlm = i % 2 == 1;
        String head = ntlm
                ? RawHttp.head(http, DECLARED, "Content-Type: application/soap+xml;charset=UTF-8", negotiate)
                : RawHttp.head(http, DECLARED, "Content-Type: application/soap+xml;charset=UTF-8");
        RawHttp.send(s, head);
        s.getOutputStream().write(new byte[SENT]);
        s.getOutputStream().flush();
        RawHttp.Response r = RawHttp.read(s.getInputStream());
        if (ntlm) {
            assertThat(r.status()).as("NTLM leg " + i).isIn(401, 503);
            if (r.status() == 401) {
                assertThat(r.header("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                        .startsWith("Negotiate TlRMTVNTUAAC"));
            } else {
                assertThat(r.header("Retry-After")).isPresent();
                BUSY.incrementAndGet();
            }
        } else {
            assertThat(r.status()).as("unauthenticated " + i).isEqualTo(401);
        }
        return r;
    }
}
