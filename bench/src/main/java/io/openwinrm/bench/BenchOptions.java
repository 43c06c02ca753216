package io.openwinrm.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line settings of {@link EndToEndBenchmark}. {@code bench/run} passes the set-up facts (URLs, PIDs, key
 * paths); the iteration counts have full-run defaults that {@code --quick} shrinks to a smoke run.
 */
record BenchOptions(
        String winrmUrl, String winrmHttpUrl, Path clientCert, Path clientKey, String fingerprint, String user,
        Path passwordFile, long serverPid, String serverJvmOpts,
        long sshdPid, int sshPort, Path sshKey, Path controlPath, String sshLoginShell, Path scratch, Path report,
        boolean quick, int latencyWarmup, int latencyRuns, int freshWarmup, int freshRuns, long downloadBytes,
        long uploadBytes, int throughputRuns, boolean gcmRows, boolean kexRow, boolean useHyperfine,
        String ordinaryUser, Path ordinaryControlPath, Path kerberosKeytab, String kerberosPrincipal,
        String kerberosSpn, String pypsrpPython, Path cliJar, Path cliArchive, Path jvmOptionsScript,
        int startupRuns, Path fanoutHome, int fanoutHosts, int fanoutThrottle, String pywinrmPython,
        Path pywinrmDriver, Path goDriver) {

    static final String USAGE = """
            usage: EndToEndBenchmark --winrm-url URL --fingerprint SHA256 --user NAME --password-file FILE
                     --server-pid PID --sshd-pid PID --ssh-port PORT --ssh-key FILE --control-path SOCKET
                     [--winrm-http-url http://HOST:PORT/wsman] [--client-cert PEM --client-key PEM]
                     [--server-jvm-opts S] [--ssh-login-shell S] [--scratch DIR] [--report FILE] [--quick]
                     [--latency-warmup N] [--latency-runs N] [--fresh-warmup N] [--fresh-runs N]
                     [--download-bytes N] [--upload-bytes N] [--throughput-runs N]
                     [--no-gcm] [--no-kex-row] [--no-hyperfine]
                     [--ordinary-user NAME --ordinary-control-path SOCKET]
                     [--kerberos-keytab FILE --kerberos-principal NAME@REALM [--kerberos-spn HTTP/host]]
                     [--pypsrp-python PYTHON]
                     [--cli-jar JAR --jvm-options SCRIPT [--cli-archive JSA] [--startup-runs N]]
                     [--fanout-home DIR [--fanout-hosts N] [--fanout-throttle N]]
                     [--pywinrm-python PYTHON --pywinrm-driver driver.py] [--go-driver BINARY]
            --winrm-http-url adds the "HTTP + NTLM (encrypted)" rows, --client-cert/--client-key the
            "HTTPS + client certificate" rows (certificate mapped to --user on the server).
            --ordinary-user adds an (a) row for HTTPS + Basic as that non-administrator account (same password as
            --user; the server runs its commands through setpriv with a private /proc), against ssh as the same
            account over its own ControlMaster (--ordinary-control-path).
            --kerberos-keytab adds "HTTP + Kerberos (encrypted)" rows against --winrm-http-url (the JVM needs
            java.security.krb5.conf or KRB5_CONFIG for the realm).
            --pypsrp-python (a python that imports pypsrp) adds the (f) rows: PowerShell Remoting through pypsrp to
            the native restricted engine (endpoint bench-jea) and through our Java client in this JVM, each against
            ssh running the same program, and our client against pypsrp (targets: latency <= 0.5x, objects/s >= 2x).
            --cli-jar adds the (g) rows: one-shot CLI processes (`version`, `invoke -- true`) started as the launchers
            start them (cli/src/launcher/jvm-options.sh, the class-data sharing archive --cli-archive) and as a plain
            `java -jar`, against a fresh `ssh host true`.
            --fanout-home adds the (h) row: `invoke -c @hosts --throttle N -- hostname` against --fanout-hosts names
            served by one server (that state directory) in a network namespace of its own (bench/fanout.sh).
            --pywinrm-python/--pywinrm-driver and --go-driver (interop/pywinrm/driver.py, interop/go-driver) add the
            (c*) rows: server CPU per GiB of stdout with those clients (their 153,600-byte envelopes) and with ours at
            that size and at its default, against sshd's per GiB in the same rounds.
            (normally started by bench/run, which sets up both servers)""";

    private static final Set<String> FLAGS = Set.of("--quick", "--no-gcm", "--no-kex-row", "--no-hyperfine");

    static BenchOptions parse(String... args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (FLAGS.contains(a)) {
                m.put(a, "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                m.put(a, args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + USAGE);
            }
        }
        for (String required : List.of("--winrm-url", "--fingerprint", "--user", "--password-file", "--server-pid",
                "--sshd-pid", "--ssh-port", "--ssh-key", "--control-path")) {
            if (!m.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required + "\n" + USAGE);
            }
        }
        if (m.containsKey("--client-cert") != m.containsKey("--client-key")) {
            throw new IllegalArgumentException("--client-cert and --client-key go together\n" + USAGE);
        }
        if (m.containsKey("--ordinary-user") != m.containsKey("--ordinary-control-path")) {
            throw new IllegalArgumentException("--ordinary-user and --ordinary-control-path go together\n" + USAGE);
        }
        String ordinary = m.get("--ordinary-user");
        if (ordinary != null && (ordinary.equals(m.get("--user")) || ordinary.equals("root")
                || !ordinary.matches("[a-z_][a-z0-9_-]{0,31}"))) {
            throw new IllegalArgumentException("--ordinary-user needs a POSIX account name other than root and "
                    + "--user, not '" + ordinary + "'");
        }
        String httpUrl = m.get("--winrm-http-url");
        if (httpUrl != null && !httpUrl.startsWith("http://")) {
            throw new IllegalArgumentException("--winrm-http-url needs an http:// URL, not '" + httpUrl + "'");
        }
        if (m.containsKey("--kerberos-keytab") != m.containsKey("--kerberos-principal")) {
            throw new IllegalArgumentException("--kerberos-keytab and --kerberos-principal go together\n" + USAGE);
        }
        if (m.containsKey("--kerberos-keytab") && httpUrl == null) {
            throw new IllegalArgumentException("--kerberos-keytab needs --winrm-http-url\n" + USAGE);
        }
        boolean quick = m.containsKey("--quick");
        BenchOptions o = new BenchOptions(m.remove("--winrm-url"), httpUrl,
                m.containsKey("--client-cert") ? Path.of(m.get("--client-cert")) : null,
                m.containsKey("--client-key") ? Path.of(m.get("--client-key")) : null,
                m.remove("--fingerprint"), m.remove("--user"),
                Path.of(m.remove("--password-file")), num(m, "--server-pid", 0),
                m.getOrDefault("--server-jvm-opts", "(default)"), num(m, "--sshd-pid", 0),
                (int) num(m, "--ssh-port", 0), Path.of(m.remove("--ssh-key")), Path.of(m.remove("--control-path")),
                m.getOrDefault("--ssh-login-shell", "?"),
                Path.of(m.getOrDefault("--scratch", System.getProperty("java.io.tmpdir"))),
                m.containsKey("--report") ? Path.of(m.get("--report")) : null, quick,
                (int) num(m, "--latency-warmup", quick ? 10 : 50), (int) num(m, "--latency-runs", quick ? 30 : 200),
                (int) num(m, "--fresh-warmup", quick ? 5 : 20), (int) num(m, "--fresh-runs", quick ? 20 : 200),
                num(m, "--download-bytes", quick ? 32L << 20 : 1L << 30),
                num(m, "--upload-bytes", quick ? 32L << 20 : 256L << 20),
                (int) num(m, "--throughput-runs", 3), !m.containsKey("--no-gcm"), !m.containsKey("--no-kex-row"),
                !m.containsKey("--no-hyperfine"), ordinary,
                ordinary != null ? Path.of(m.get("--ordinary-control-path")) : null,
                m.containsKey("--kerberos-keytab") ? Path.of(m.get("--kerberos-keytab")) : null,
                m.get("--kerberos-principal"), m.getOrDefault("--kerberos-spn", "HTTP/localhost"),
                m.get("--pypsrp-python"), path(m, "--cli-jar"), path(m, "--cli-archive"), path(m, "--jvm-options"),
                (int) num(m, "--startup-runs", quick ? 5 : 30), path(m, "--fanout-home"),
                (int) num(m, "--fanout-hosts", quick ? 100 : 1000), (int) num(m, "--fanout-throttle", 200),
                m.get("--pywinrm-python"), path(m, "--pywinrm-driver"), path(m, "--go-driver"));
        if ((o.pywinrmPython == null) != (o.pywinrmDriver == null)) {
            throw new IllegalArgumentException("--pywinrm-python and --pywinrm-driver go together\n" + USAGE);
        }
        if ((o.cliJar == null) != (o.jvmOptionsScript == null)) {
            throw new IllegalArgumentException("--cli-jar and --jvm-options go together\n" + USAGE);
        }
        if (o.startupRuns < 1 || o.fanoutHosts < 1 || o.fanoutHosts > 250 * 256 || o.fanoutThrottle < 1) {
            throw new IllegalArgumentException("--startup-runs, --fanout-throttle and --fanout-hosts (at most 64000) "
                    + "must be positive");
        }
        if (o.latencyRuns < 1 || o.freshRuns < 1 || o.throughputRuns < 1 || o.downloadBytes < 1
                || o.uploadBytes < 1 || o.latencyWarmup < 0 || o.freshWarmup < 0) {
            throw new IllegalArgumentException("run counts and sizes must be positive");
        }
        return o;
    }

    private static Path path(Map<String, String> m, String key) {
        return m.containsKey(key) ? Path.of(m.get(key)) : null;
    }

    /** Whether the "HTTP + NTLM (encrypted)" rows are measured. */
    boolean ntlmRows() {
        return winrmHttpUrl != null;
    }

    /** Whether the "HTTP + Kerberos (encrypted)" rows are measured. */
    boolean kerberosRows() {
        return kerberosKeytab != null;
    }

    /** Whether the "HTTPS + client certificate" rows are measured. */
    boolean certificateRows() {
        return clientCert != null;
    }

    /**
     * Whether (a) also measures a non-administrator account on both servers (the "ordinary user" row, with its own
     * OpenSSH baseline).
     */
    boolean ordinaryUserRow() {
        return ordinaryUser != null;
    }

    private static long num(Map<String, String> m, String key, long dflt) {
        String v = m.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " needs a number, not '" + v + "'");
        }
    }
}
