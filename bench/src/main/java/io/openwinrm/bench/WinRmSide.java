package io.openwinrm.bench;

import io.openwinrm.client.Command;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.Shell;
import io.openwinrm.client.TrustedHosts;
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
 * The OpenWinRM side: the Java client in this JVM against the {@code serve} process, in one of the
 * {@link WinRmVariant}s: Basic over HTTPS, NTLM with message encryption over plain HTTP, or a client certificate over
 * HTTPS. Over HTTPS the server certificate is pinned by fingerprint.
 */
final class WinRmSide {

    private final WinRmVariant variant;
    private final WinRmClient client;
    private final Endpoint endpoint;
    private final BenchOptions options;

    private WinRmSide(BenchOptions options, WinRmVariant variant, String url, WinRmClient client) {
        this.options = options;
        this.variant = variant;
        this.endpoint = Endpoint.parse(url, false);
        this.client = client;
    }

    /** Basic over HTTPS ({@code --winrm-url}). */
    static WinRmSide basic(BenchOptions o, char[] password) {
        return new WinRmSide(o, WinRmVariant.BASIC, o.winrmUrl(), WinRmClient.builder()
                .credentials(Credentials.basic(o.user(), password)).pinCertificateSha256(o.fingerprint()).build());
    }

    /** Basic over HTTPS asking for replies of at most {@code maxEnvelopeSize} bytes (as pywinrm and Go do: 153,600). */
    static WinRmSide basic(BenchOptions o, char[] password, int maxEnvelopeSize) {
        return new WinRmSide(o, WinRmVariant.BASIC, o.winrmUrl(), WinRmClient.builder()
                .credentials(Credentials.basic(o.user(), password)).pinCertificateSha256(o.fingerprint())
                .maxEnvelopeSize(maxEnvelopeSize).build());
    }

    /**
     * Basic over HTTPS as {@code --ordinary-user} (same password as {@code --user}): a non-administrator account, so
     * the server runs its commands through setpriv inside a private /proc.
     */
    static WinRmSide ordinaryUser(BenchOptions o, char[] password) {
        if (!o.ordinaryUserRow()) {
            throw new IllegalArgumentException("no --ordinary-user given");
        }
        return new WinRmSide(o, WinRmVariant.ORDINARY_USER, o.winrmUrl(), WinRmClient.builder()
                .credentials(Credentials.basic(o.ordinaryUser(), password)).pinCertificateSha256(o.fingerprint())
                .build());
    }

    /** NTLMv2 via Negotiate over plain HTTP ({@code --winrm-http-url}); the host must be in TrustedHosts. */
    static WinRmSide ntlm(BenchOptions o, char[] password) {
        Endpoint e = Endpoint.parse(o.winrmHttpUrl(), true);
        if (e.https()) {
            throw new IllegalArgumentException("--winrm-http-url must be an http:// URL: " + o.winrmHttpUrl());
        }
        return new WinRmSide(o, WinRmVariant.NTLM, o.winrmHttpUrl(), WinRmClient.builder()
                .credentials(Credentials.negotiate(o.user(), password)).trustedHosts(TrustedHosts.parse(e.host()))
                .build());
    }

    /**
     * Kerberos via Negotiate over plain HTTP ({@code --winrm-http-url}), logged in from {@code --kerberos-keytab};
     * no TrustedHosts entry (the AP-REP proves the server). Fresh clients share the login, as kinit-ed ones share a
     * credential cache.
     */
    static WinRmSide kerberos(BenchOptions o) {
        return new WinRmSide(o, WinRmVariant.KERBEROS, o.winrmHttpUrl(), WinRmClient.builder()
                .credentials(Credentials.kerberos(java.util.Optional.of(o.kerberosPrincipal()),
                        java.util.Optional.of(o.kerberosKeytab()), java.util.Optional.empty(),
                        java.util.Optional.of(o.kerberosSpn())))
                .build());
    }

    /** A TLS client certificate over HTTPS ({@code --winrm-url}, {@code --client-cert}, {@code --client-key}). */
    static WinRmSide certificate(BenchOptions o) {
        return new WinRmSide(o, WinRmVariant.CERTIFICATE, o.winrmUrl(), WinRmClient.builder()
                .credentials(Credentials.certificate(o.clientCert(), o.clientKey()))
                .pinCertificateSha256(o.fingerprint()).build());
    }

    WinRmVariant variant() {
        return variant;
    }

    /** The client, e.g. for PowerShell Remoting over the same credentials and TLS settings. */
    WinRmClient client() {
        return client;
    }

    Endpoint endpoint() {
        return endpoint;
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

    /** Opens the shell that (a) runs its commands in. */
    Shell openShell() {
        return client.openShell(endpoint);
    }

    /**
     * Runs {@code command} in a fresh shell and returns its stdout (trimmed); for the set-up checks, untimed.
     *
     * @throws IllegalStateException if it exits with a non-zero code or writes to stderr
     */
    String output(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (Shell shell = client.openShell(endpoint); Command c = shell.execute(command, List.of())) {
            exit = c.await((stream, data) -> (StreamNames.STDERR.equals(stream) ? err : out).writeBytes(data));
        }
        if (exit != 0 || err.size() > 0) {
            throw new IllegalStateException(variant.label() + ": '" + command + "' exited with " + exit + ": "
                    + err.toString(StandardCharsets.UTF_8).strip());
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    /**
     * (a): one {@code true} in the open {@code shell}: Command + Receive until done (+ close, no round trip after
     * Done); returns the milliseconds it took, or a negative number when the exit code was not 0.
     */
    static double timeTrue(Shell shell) {
        long t0 = System.nanoTime();
        int exit;
        try (Command c = shell.execute("true", List.of())) {
            exit = c.await((stream, data) -> { });
        }
        long t1 = System.nanoTime();
        return exit == 0 ? (t1 - t0) / 1e6 : -1;
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

    /**
     * (c): {@code head -c N /dev/zero} in a fresh shell, stdout counted and discarded; the count must be N (for every
     * variant, so a sealing or framing bug cannot pass as a fast run).
     */
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
            throw new IllegalStateException(variant.label() + " download: exit " + exit + ", " + counts[0] + " stdout bytes (expected "
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
