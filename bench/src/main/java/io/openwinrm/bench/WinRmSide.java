package io.openwinrm.bench;

import io.openwinrm.client.Command;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.protocol.envelope.EnvelopeSizing;
import io.openwinrm.protocol.shell.StreamNames;
import io.openwinrm.transport.client.TlsClientSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The OpenWinRM side: the Java client in this JVM against the {@code serve} process, Basic auth over HTTPS with the
 * server certificate pinned by fingerprint.
 */
final class WinRmSide {

    private final WinRmClient client;
    private final Endpoint endpoint;
    private final BenchOptions options;

    WinRmSide(BenchOptions options, char[] password) {
        this.options = options;
        this.endpoint = Endpoint.parse(options.winrmUrl(), false);
        this.client = WinRmClient.builder().credentials(Credentials.basic(options.user(), password))
                .pinCertificateSha256(options.fingerprint()).build();
    }

    /** The TLS version and cipher suite the client's TLS settings negotiate with the server. */
    String negotiatedTls() throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 5000);
            SSLSocket ssl = TlsClientSettings.pinned(options.fingerprint()).wrap(plain, endpoint.host(),
                    endpoint.port());
            ssl.startHandshake();
            SSLSession s = ssl.getSession();
            String r = s.getProtocol() + " " + s.getCipherSuite();
            ssl.close();
            return r;
        }
    }

    /** (a): {@code true} in one open shell: Command + Receive until done + Signal(terminate) per run. */
    LatencyStats openShellTrue(int warmup, int runs) {
        List<Double> ms = new ArrayList<>(runs);
        int failures = 0;
        try (Shell shell = client.openShell(endpoint)) {
            for (int i = 0; i < warmup + runs; i++) {
                long t0 = System.nanoTime();
                int exit;
                try (Command c = shell.execute("true", List.of())) {
                    exit = c.await((stream, data) -> { });
                }
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    if (exit == 0) {
                        ms.add((t1 - t0) / 1e6);
                    } else {
                        failures++;
                    }
                }
            }
        }
        return LatencyStats.ofMillis(ms, failures);
    }

    /**
     * (b): a fresh client connection per run: TLS handshake, Create, Command, Receive until done, Delete. With
     * {@code facade} the one-line {@link WinRmClient#run} is used instead (it also sends stdin EOF and a Signal).
     */
    LatencyStats freshTrue(int warmup, int runs, boolean facade) {
        List<Double> ms = new ArrayList<>(runs);
        int failures = 0;
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            int exit;
            WinRmClient fresh = client.newBuilder().build();
            if (facade) {
                exit = fresh.run(endpoint, "true").exitCode();
            } else {
                try (Shell shell = fresh.openShell(endpoint)) {
                    Command c = shell.execute("true", List.of());
                    exit = c.await((stream, data) -> { });
                }
            }
            long t1 = System.nanoTime();
            if (i >= warmup) {
                if (exit == 0) {
                    ms.add((t1 - t0) / 1e6);
                } else {
                    failures++;
                }
            }
        }
        return LatencyStats.ofMillis(ms, failures);
    }

    /** (c): {@code head -c N /dev/zero} in a fresh shell, stdout counted and discarded; the count must be N. */
    ThroughputStats.Run download(long bytes) {
        long[] counts = new long[2];
        long cpu0 = ProcFs.treeCpu(options.serverPid());
        long self0 = ProcFs.cpu(ProcessHandle.current().pid()).self();
        long t0 = System.nanoTime();
        int exit;
        try (Shell shell = client.openShell(endpoint)) {
            Command c = shell.execute("head -c " + bytes + " /dev/zero", List.of());
            exit = c.await((stream, data) -> counts[StreamNames.STDERR.equals(stream) ? 1 : 0] += data.length);
        }
        long t1 = System.nanoTime();
        long cpu1 = ProcFs.treeCpu(options.serverPid());
        long self1 = ProcFs.cpu(ProcessHandle.current().pid()).self();
        if (exit != 0 || counts[0] != bytes || counts[1] != 0) {
            throw new IllegalStateException("download: exit " + exit + ", " + counts[0] + " stdout bytes (expected "
                    + bytes + "), " + counts[1] + " stderr bytes");
        }
        return new ThroughputStats.Run(bytes, t1 - t0, cpu1 - cpu0, self1 - self0);
    }

    /**
     * (d): N bytes of zeros into {@code remoteCommand} in a fresh shell, in Sends of the largest size that fits the
     * default 150 KiB request envelope; returns the timing and what the command printed.
     */
    UploadResult upload(long bytes, String remoteCommand) {
        int chunk = EnvelopeSizing.maxRawBytes(EnvelopeSizing.DEFAULT_CLIENT_MAX_ENVELOPE_SIZE, 1);
        byte[] block = new byte[chunk * Math.max(1, (1 << 20) / chunk)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long cpu0 = ProcFs.treeCpu(options.serverPid());
        long self0 = ProcFs.cpu(ProcessHandle.current().pid()).self();
        long t0 = System.nanoTime();
        int exit;
        try (Shell shell = client.openShell(endpoint)) {
            try (Command c = shell.execute(remoteCommand, List.of())) {
                long left = bytes;
                while (left > 0) {
                    int n = (int) Math.min(block.length, left);
                    left -= n;
                    c.sendInput(n == block.length ? block : java.util.Arrays.copyOf(block, n), left == 0);
                }
                exit = c.await((stream, data) -> out.writeBytes(data));
            }
        }
        long t1 = System.nanoTime();
        long cpu1 = ProcFs.treeCpu(options.serverPid());
        long self1 = ProcFs.cpu(ProcessHandle.current().pid()).self();
        if (exit != 0) {
            throw new IllegalStateException("upload into '" + remoteCommand + "' exited with " + exit + ": " + out);
        }
        return new UploadResult(new ThroughputStats.Run(bytes, t1 - t0, cpu1 - cpu0, self1 - self0),
                out.toString(StandardCharsets.UTF_8).trim());
    }
}
