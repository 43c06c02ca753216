package io.openwinrm.bench;

import io.openwinrm.client.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Measures OpenWinRM against OpenSSH on loopback in one run and prints each figure with its ratio to OpenSSH:
 * (a) {@code true} over an open session, (b) {@code true} over a fresh connection, (c) bulk stdout, (d) bulk stdin,
 * plus server memory and CPU. OpenWinRM is measured with HTTPS + Basic throughout; (a) and (c) are also measured with
 * the other {@link WinRmVariant}s (NTLM with message encryption over HTTP, client certificate over HTTPS) against the
 * same OpenSSH numbers. With {@code --ordinary-user}, (a) also measures HTTPS + Basic as a non-administrator account
 * (setpriv, private /proc) against ssh as that same account: the cost of per-user isolation. Both servers are started (and stopped) by {@code bench/run}; see {@link BenchOptions#USAGE}
 * for the flags.
 */
public final class EndToEndBenchmark {

    /** The restricted PowerShell endpoint bench/run registers for (f). */
    private static final String PSRP_CONFIGURATION = "bench-jea";

    private final BenchOptions o;
    /** HTTPS + Basic: every test. */
    private final WinRmSide winrm;
    /** {@link #winrm} first, then the other variants asked for: tests (a) and (c). */
    private final List<WinRmSide> sides;
    /** {@link #sides}, then the ordinary user's when asked for: test (a). */
    private final List<WinRmSide> latencySides;
    /** As root: the baseline of every row except the ordinary user's. */
    private final OpenSshSide ssh;
    /** As the ordinary user, its (a) row's baseline; null without {@code --ordinary-user}. */
    private final OpenSshSide ordinarySsh;
    private final Report report = new Report();
    /** HTTPS + Basic with the peers' 153,600-byte envelopes, for (c*). */
    private final WinRmSide smallEnvelopes;
    /** (b)'s fresh {@code ssh host true}, the reference of (g). */
    private LatencyStats sshFreshTrue;

    private EndToEndBenchmark(BenchOptions o, char[] password) {
        this.o = o;
        this.winrm = WinRmSide.basic(o, password);
        List<WinRmSide> v = new ArrayList<>(List.of(winrm));
        if (o.ntlmRows()) {
            v.add(WinRmSide.ntlm(o, password));
        }
        if (o.kerberosRows()) {
            v.add(WinRmSide.kerberos(o));
        }
        if (o.certificateRows()) {
            v.add(WinRmSide.certificate(o));
        }
        this.sides = List.copyOf(v);
        if (o.ordinaryUserRow()) {
            v.add(WinRmSide.ordinaryUser(o, password));
        }
        this.latencySides = List.copyOf(v);
        this.ssh = new OpenSshSide(o);
        this.ordinarySsh = o.ordinaryUserRow() ? OpenSshSide.ordinaryUser(o) : null;
        this.smallEnvelopes = WinRmSide.basic(o, password, 153_600);
    }

    public static void main(String[] args) throws Exception {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        char[] password = Files.readString(o.passwordFile(), StandardCharsets.UTF_8).strip().toCharArray();
        new EndToEndBenchmark(o, password).run();
    }

    private void run() throws Exception {
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
                + " UTC";
        String loadBefore = ProcFs.loadAverage();
        long serverRss0 = ProcFs.rssKib(o.serverPid());
        long sshdRss0 = ProcFs.rssKib(o.sshdPid());
        setUpFacts(started);
        section("(a)", this::openSessionLatency);
        section("(b)", this::freshConnectionLatency);
        section("(c)", this::download);
        if (o.pywinrmPython() != null || o.goDriver() != null) {
            section("(c*)", this::peerDownloads);
        }
        section("(d)", this::upload);
        section("(e)", this::copy);
        if (o.pypsrpPython() != null) {
            section("(f)", this::powerShellRemoting);
        }
        if (o.cliJar() != null) {
            section("(g)", this::cliStartup);
        }
        if (o.cliJar() != null && o.fanoutHome() != null) {
            section("(h)", this::fanOut);
        }
        report.fact("server RSS at start", "OpenWinRM JVM " + mib(serverRss0) + ", sshd listener " + mib(sshdRss0));
        report.fact("server RSS after the runs", "OpenWinRM JVM " + mib(ProcFs.rssKib(o.serverPid()))
                + " (heap " + o.serverJvmOpts() + "); sshd listener " + mib(ProcFs.rssKib(o.sshdPid()))
                + ", sshd listener + live sessions (" + (o.ordinaryUserRow() ? "both ControlMasters'"
                : "the ControlMaster's") + ") " + mib(ProcFs.treeRssKib(o.sshdPid())));
        report.add(new Row("server RSS after the runs (sshd: listener)", "MiB",
                ProcFs.rssKib(o.sshdPid()) / 1024.0, ProcFs.rssKib(o.serverPid()) / 1024.0, ""));
        report.fact("load average (1/5/15 min) before / after", loadBefore + " / " + ProcFs.loadAverage());
        System.out.println();
        System.out.print(report.text());
        if (o.report() != null) {
            Files.writeString(o.report(), report.markdown("OpenWinRM vs OpenSSH end-to-end benchmark (" + started
                    + ")", method()));
            System.out.println("wrote " + o.report());
        }
    }

    /** A step of the benchmark; may throw anything. */
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs one test and notes how much CPU other processes on the machine took meanwhile: machine busy time minus
     * that of the benchmark JVM (and its reaped children: ssh, hyperfine, head), sshd and the OpenWinRM server.
     */
    private void section(String name, Step step) throws Exception {
        long t0 = System.nanoTime();
        long busy0 = ProcFs.machineBusyTicks();
        long ours0 = ourTicks();
        step.run();
        long ours1 = ourTicks();
        long busy1 = ProcFs.machineBusyTicks();
        double wallTicks = (System.nanoTime() - t0) / 1e9 * ProcFs.TICKS_PER_SECOND
                * Runtime.getRuntime().availableProcessors();
        report.detail(String.format(Locale.ROOT, "%s took %.0f s; CPU used by processes outside the benchmark "
                + "meanwhile: %.0f%% of the machine", name, (System.nanoTime() - t0) / 1e9,
                Math.max(0, 100.0 * ((busy1 - busy0) - (ours1 - ours0)) / wallTicks)));
    }

    private long ourTicks() {
        return ProcFs.cpu(ProcessHandle.current().pid()).total() + ProcFs.treeCpu(o.sshdPid())
                + ProcFs.treeCpu(o.serverPid());
    }

    private void setUpFacts(String started) throws Exception {
        MachineInfo m = MachineInfo.collect();
        report.fact("date", started);
        report.fact("machine", m.cpus() + " CPUs (" + m.cpuModel() + "), " + m.memTotal() + " RAM, " + m.kernel());
        report.fact("Java (client and server)", m.java());
        report.fact("OpenSSH", m.openssh() + "; remote login shell $0=" + o.sshLoginShell()
                + " (root's shell" + (o.ordinaryUserRow() ? " and " + o.ordinaryUser() + "'s" : "")
                + " is /bin/sh in sshd's private mount namespace)");
        report.fact("OpenSSH negotiated (default)", ssh.negotiated(List.of()));
        if (o.gcmRows()) {
            report.fact("OpenSSH negotiated (-c " + OpenSshSide.GCM + ")",
                    ssh.negotiated(OpenSshSide.cipher(OpenSshSide.GCM)));
        }
        report.fact("OpenWinRM", "server " + o.winrmUrl() + (o.ntlmRows() ? " and " + o.winrmHttpUrl() : "")
                + " (one separate JVM, " + o.serverJvmOpts() + "); TLS negotiated by the client: "
                + winrm.negotiatedTls());
        for (WinRmSide side : latencySides) {
            report.fact("OpenWinRM " + side.variant().label(), side.endpoint().uri() + ", " + switch (side.variant()) {
                case BASIC -> "Basic auth, server certificate pinned by SHA-256 fingerprint";
                case NTLM -> "NTLMv2 via Negotiate (SPNEGO), every message sealed (multipart/encrypted, "
                        + "[MS-WSMV] 2.2.9.1), 127.0.0.1 in the client's TrustedHosts";
                case KERBEROS -> "Kerberos (" + o.kerberosPrincipal() + " from a keytab, service "
                        + o.kerberosSpn() + ", the benchmark's own MIT KDC) via Negotiate, mutual authentication, "
                        + "every message sealed with RFC 4121 AES wrap tokens";
                case CERTIFICATE -> "TLS client certificate (self-signed ECDSA P-256, EKU clientAuth, UPN SAN; "
                        + "auth.client_ca = itself, mapped with `user map-cert`), server certificate pinned";
                case ORDINARY_USER -> "Basic auth as " + o.ordinaryUser() + " (same password as " + o.user()
                        + "), server certificate pinned; (a) only";
            });
        }
        if (o.ordinaryUserRow()) {
            report.fact("ordinary user " + o.ordinaryUser() + ", checked before (a)", checkOrdinaryUser());
        }
        report.fact("ssh latency timer", ssh.usesHyperfine() ? m.hyperfine() + " -N (wall time of each ssh process)"
                : "JVM (ProcessBuilder start to waitFor)");
        report.fact("mode", o.quick() ? "--quick (smoke run)" : "full");
    }

    private void openSessionLatency() throws Exception {
        progress("(a) true over an open session, load " + ProcFs.loadAverage());
        report.detail("load average at the start of (a): " + ProcFs.loadAverage());
        LatencyStats s = ssh.latency(ssh.muxed("true"), o.latencyWarmup(), o.latencyRuns());
        LatencyStats so = ordinarySsh == null ? null
                : ordinarySsh.latency(ordinarySsh.muxed("true"), o.latencyWarmup(), o.latencyRuns());
        List<List<Double>> ms = new ArrayList<>();
        int[] failures = new int[latencySides.size()];
        List<Shell> shells = new ArrayList<>();
        try {
            for (WinRmSide side : latencySides) {
                shells.add(side.openShell());
                ms.add(new ArrayList<>());
            }
            // round robin over the variants, so that JIT warm-up and background load hit all of them alike
            for (int i = 0; i < o.latencyWarmup() + o.latencyRuns(); i++) {
                for (int v = 0; v < latencySides.size(); v++) {
                    double t = WinRmSide.timeTrue(shells.get(v));
                    if (i < o.latencyWarmup()) {
                        continue;
                    }
                    if (t >= 0) {
                        ms.get(v).add(t);
                    } else {
                        failures[v]++;
                    }
                }
            }
        } finally {
            shells.forEach(Shell::close);
        }
        for (int v = 0; v < latencySides.size(); v++) {
            WinRmVariant variant = latencySides.get(v).variant();
            latencyRows("(a) `true` in an open session, " + variant.label(),
                    variant == WinRmVariant.ORDINARY_USER ? so : s, LatencyStats.ofMillis(ms.get(v), failures[v]),
                    variant.latencyTarget());
        }
    }

    /**
     * Makes sure the ordinary user's row measures what its label says: both servers run its commands as that
     * account, and OpenWinRM's shell cannot see the server's (root's) process in /proc. Returns the observations.
     *
     * @throws IllegalStateException if either server runs the commands as another account, or OpenWinRM shows the
     *                               account other users' processes
     */
    private String checkOrdinaryUser() throws Exception {
        String probe = "id -un; set -- /proc/[0-9]*; echo $#; if [ -e /proc/" + o.serverPid()
                + " ]; then echo visible; else echo hidden; fi";
        List<String> viaSsh = ordinarySsh.output(probe).lines().toList();
        WinRmSide side = latencySides.get(latencySides.size() - 1);
        List<String> viaWinRm = side.output(probe).lines().toList();
        for (List<String> seen : List.of(viaSsh, viaWinRm)) {
            if (seen.size() != 3 || !seen.get(0).equals(o.ordinaryUser())) {
                throw new IllegalStateException("--ordinary-user " + o.ordinaryUser() + ": the probe '" + probe
                        + "' printed " + seen + " (ssh " + viaSsh + ", OpenWinRM " + viaWinRm + ")");
            }
        }
        if (!viaWinRm.get(2).equals("hidden")) {
            throw new IllegalStateException("--ordinary-user " + o.ordinaryUser() + ": the OpenWinRM server's /proc/"
                    + o.serverPid() + " is visible in the account's shell, so its commands do not run in a "
                    + "private /proc (security.hide_processes off, or the account administers the machine)");
        }
        return "`id -un` = " + o.ordinaryUser() + " on both; processes in its /proc: OpenSSH " + viaSsh.get(1)
                + " (the server's /proc/" + o.serverPid() + " " + viaSsh.get(2) + "), OpenWinRM " + viaWinRm.get(1)
                + " (/proc/" + o.serverPid() + " " + viaWinRm.get(2) + ")";
    }

    private void freshConnectionLatency() throws Exception {
        progress("(b) connect + auth + true + close, load " + ProcFs.loadAverage());
        report.detail("load average at the start of (b): " + ProcFs.loadAverage());
        LatencyStats s = ssh.latency(ssh.ssh(List.of(), "true"), o.freshWarmup(), o.freshRuns());
        sshFreshTrue = s;
        LatencyStats w = winrm.freshTrue(o.freshWarmup(), o.freshRuns(), false);
        latencyRows("(b) connect+auth+`true`+close, HTTPS + Basic", s, w, "");
        if (o.kexRow()) {
            LatencyStats k = ssh.latency(ssh.ssh(OpenSshSide.kex(OpenSshSide.CURVE25519), "true"), o.freshWarmup(),
                    o.freshRuns());
            latencyRows("(b') same, ssh -o KexAlgorithms=" + OpenSshSide.CURVE25519, k, w, "");
        }
        LatencyStats f = winrm.freshTrue(o.freshWarmup(), o.freshRuns(), true);
        latencyRows("(b'') same, OpenWinRM via WinRmClient.run (+Send EOF)", s, f, "");
        for (WinRmSide side : sides) {
            if (side.variant() == WinRmVariant.KERBEROS) {
                LatencyStats kerberos = side.freshTrue(o.freshWarmup(), o.freshRuns(), false);
                latencyRows("(b) connect+auth+`true`+close, " + side.variant().label(), s, kerberos, "");
            }
        }
    }

    private void latencyRows(String name, LatencyStats ssh, LatencyStats ours, String target) {
        report.add(new Row(name + " p50", "ms", ssh.p50(), ours.p50(), target));
        report.add(new Row(name + " p99", "ms", ssh.p99(), ours.p99(), target));
        report.detail(name + ": OpenSSH " + describe(ssh) + "; OpenWinRM " + describe(ours));
    }

    private static String describe(LatencyStats s) {
        return String.format(Locale.ROOT, "%d runs, %d failed, min %.2f / p50 %.2f / mean %.2f / p99 %.2f / max "
                + "%.2f ms", s.runs(), s.failures(), s.min(), s.p50(), s.mean(), s.p99(), s.max());
    }

    /**
     * (c). The timed runs alternate between the servers (OpenSSH with each cipher, then OpenWinRM in each variant,
     * repeated) so that all see the same background load on a shared machine.
     */
    private void download() throws Exception {
        long n = o.downloadBytes();
        progress("(c) " + n + " bytes of stdout, load " + ProcFs.loadAverage());
        report.detail("load average at the start of (c): " + ProcFs.loadAverage());
        List<List<String>> ciphers = cipherVariants();
        for (List<String> extra : ciphers) {
            ssh.download(n, extra, true); // warm-up run, byte count verified through a pipe
        }
        for (WinRmSide side : sides) {
            side.download(n); // warm-up, byte count checked too
        }
        List<List<ThroughputStats.Run>> sshRuns = new ArrayList<>();
        ciphers.forEach(v -> sshRuns.add(new ArrayList<>()));
        List<List<ThroughputStats.Run>> ourRuns = new ArrayList<>();
        sides.forEach(v -> ourRuns.add(new ArrayList<>()));
        for (int i = 0; i < o.throughputRuns(); i++) {
            for (int v = 0; v < ciphers.size(); v++) {
                sshRuns.get(v).add(ssh.download(n, ciphers.get(v), false));
            }
            for (int w = 0; w < sides.size(); w++) {
                ourRuns.get(w).add(sides.get(w).download(n));
            }
        }
        List<ThroughputStats> sshStats = new ArrayList<>();
        for (int v = 0; v < ciphers.size(); v++) {
            ThroughputStats s = ThroughputStats.of(sshRuns.get(v));
            sshStats.add(s);
            report.detail("(c) OpenSSH" + cipherLabel(ciphers.get(v)) + ": " + describe(s)
                    + "; byte count checked on the warm-up run");
        }
        for (int w = 0; w < sides.size(); w++) {
            WinRmVariant variant = sides.get(w).variant();
            ThroughputStats ours = ThroughputStats.of(ourRuns.get(w));
            report.detail("(c) OpenWinRM " + variant.label() + ": " + describe(ours)
                    + "; every run's stdout byte count checked");
            for (int v = 0; v < ciphers.size(); v++) {
                ThroughputStats s = sshStats.get(v);
                String label = "(c) " + mib(n >> 10) + " stdout, " + variant.label() + cipherLabel(ciphers.get(v));
                report.add(new Row(label, "MB/s", s.medianMbPerSec(), ours.medianMbPerSec(),
                        variant.downloadTarget()));
                report.add(new Row(label + " server CPU/run", "s", s.serverCpuSecPerRun(),
                        ours.serverCpuSecPerRun(), ""));
                report.add(new Row(label + " client CPU/run", "s", s.clientCpuSecPerRun(),
                        ours.clientCpuSecPerRun(), ""));
            }
        }
    }

    /** (d), alternating between the servers like (c); the warm-up runs count the bytes remotely with wc -c. */
    private void upload() throws Exception {
        long n = o.uploadBytes();
        progress("(d) " + n + " bytes of stdin, load " + ProcFs.loadAverage());
        report.detail("load average at the start of (d): " + ProcFs.loadAverage());
        List<List<String>> ciphers = cipherVariants();
        for (List<String> extra : ciphers) {
            checkCount("OpenSSH" + cipherLabel(extra), ssh.upload(n, "wc -c", extra), n);
        }
        checkCount("OpenWinRM", winrm.upload(n, "wc -c"), n);
        List<List<ThroughputStats.Run>> sshRuns = new ArrayList<>();
        ciphers.forEach(v -> sshRuns.add(new ArrayList<>()));
        List<ThroughputStats.Run> ourRuns = new ArrayList<>();
        for (int i = 0; i < o.throughputRuns(); i++) {
            for (int v = 0; v < ciphers.size(); v++) {
                sshRuns.get(v).add(ssh.upload(n, "cat >/dev/null", ciphers.get(v)).run());
            }
            ourRuns.add(winrm.upload(n, "cat >/dev/null").run());
        }
        ThroughputStats ours = ThroughputStats.of(ourRuns);
        report.detail("(d) OpenWinRM: " + describe(ours));
        for (int v = 0; v < ciphers.size(); v++) {
            ThroughputStats s = ThroughputStats.of(sshRuns.get(v));
            report.add(new Row("(d) " + mib(n >> 10) + " stdin, HTTPS + Basic" + cipherLabel(ciphers.get(v)),
                    "MB/s", s.medianMbPerSec(), ours.medianMbPerSec(), ""));
            report.detail("(d) OpenSSH" + cipherLabel(ciphers.get(v)) + ": " + describe(s));
        }
    }

    /**
     * (c*): server CPU per GiB of stdout with the clients people use (pywinrm, Go; 153,600-byte envelopes), with ours
     * at that envelope size and at its default, against sshd's per GiB; all in the same rounds (one warm-up each,
     * then the runs round robin), so load hits them alike.
     */
    private void peerDownloads() throws Exception {
        long n = Math.min(o.downloadBytes(), 256L << 20);
        progress("(c*) " + n + " bytes of stdout through peer clients, load " + ProcFs.loadAverage());
        PeerClients peers = new PeerClients(o);
        List<PeerClients.Client> clients = peers.clients();
        WinRmSide small = smallEnvelopes;
        WinRmSide ours = winrm;
        ssh.download(n, List.of(), true);
        for (PeerClients.Client c : clients) {
            peers.download(c, n);
        }
        small.download(n);
        ours.download(n);
        List<ThroughputStats.Run> sshRuns = new ArrayList<>();
        List<List<ThroughputStats.Run>> peerRuns = new ArrayList<>();
        clients.forEach(c -> peerRuns.add(new ArrayList<>()));
        List<ThroughputStats.Run> smallRuns = new ArrayList<>();
        List<ThroughputStats.Run> ourRuns = new ArrayList<>();
        for (int i = 0; i < o.throughputRuns(); i++) {
            sshRuns.add(ssh.download(n, List.of(), false));
            for (int c = 0; c < clients.size(); c++) {
                peerRuns.get(c).add(peers.download(clients.get(c), n));
            }
            smallRuns.add(small.download(n));
            ourRuns.add(ours.download(n));
        }
        double gib = n / (double) (1L << 30);
        ThroughputStats sshStats = ThroughputStats.of(sshRuns);
        double sshPerGib = sshStats.serverCpuSecPerRun() / gib;
        report.detail("(c*) OpenSSH " + mib(n >> 10) + ": " + describe(sshStats));
        for (int c = 0; c < clients.size(); c++) {
            peerRow(clients.get(c).name() + " (153,600-byte envelopes)", ThroughputStats.of(peerRuns.get(c)), gib,
                    sshStats, sshPerGib, "<= 1.5");
        }
        peerRow("our client at 153,600-byte envelopes", ThroughputStats.of(smallRuns), gib, sshStats, sshPerGib,
                "<= 1.5");
        peerRow("our client, default 512,000-byte envelopes", ThroughputStats.of(ourRuns), gib, sshStats, sshPerGib,
                "<= 1.0");
    }

    private void peerRow(String client, ThroughputStats s, double gib, ThroughputStats ssh, double sshPerGib,
            String target) {
        report.add(new Row("(c*) server CPU per GiB of stdout, HTTPS + Basic, " + client, "s", sshPerGib,
                s.serverCpuSecPerRun() / gib, target));
        report.add(new Row("(c*) same, MB/s", "MB/s", ssh.medianMbPerSec(), s.medianMbPerSec(), ""));
        report.detail("(c*) " + client + ": " + describe(s));
    }

    /**
     * (g): one-shot CLI processes (a whole JVM each) against a fresh {@code ssh host true} from (b): {@code invoke --
     * true} over HTTPS + Basic and the local {@code version}, as the launchers start them and as a plain
     * {@code java -jar}.
     */
    private void cliStartup() throws Exception {
        progress("(g) CLI start-up, load " + ProcFs.loadAverage());
        CliProcesses cli = new CliProcesses(o);
        int warmup = Math.min(3, o.startupRuns());
        List<String> invokeOptions = cli.launcherOptions("invoke");
        LatencyStats invoke = cli.time(cli.command(invokeOptions, cli.invokeTrue()), warmup, o.startupRuns());
        LatencyStats plainInvoke = cli.time(cli.command(List.of(), cli.invokeTrue()), warmup, o.startupRuns());
        LatencyStats version = cli.time(cli.command(cli.launcherOptions("version"), List.of("version")), warmup,
                o.startupRuns());
        LatencyStats plainVersion = cli.time(cli.command(List.of(), List.of("version")), warmup, o.startupRuns());
        LatencyStats s = sshFreshTrue;
        latencyRows("(g) CLI `openwinrm invoke -c URL -- true` (fresh process, HTTPS + Basic) vs fresh `ssh host true`",
                s, invoke, "<= 1.0");
        latencyRows("(g') same, plain `java -jar` (no archive, default JIT and GC)", s, plainInvoke, "");
        latencyRows("(g) CLI `openwinrm version` (local, fresh process) vs fresh `ssh host true`", s, version, "");
        latencyRows("(g') same, plain `java -jar`", s, plainVersion, "");
        report.detail("(g) the launchers' JVM options for invoke: " + String.join(" ", invokeOptions)
                + (o.cliArchive() != null && Files.isRegularFile(o.cliArchive()) ? "; archive "
                + Files.size(o.cliArchive()) / (1 << 20) + " MiB" : "; no archive"));
    }

    /** (h): one CLI process fanning a command out to many host names (one server plays them all, bench/fanout.sh). */
    private void fanOut() throws Exception {
        progress("(h) fan-out to " + o.fanoutHosts() + " hosts, load " + ProcFs.loadAverage());
        CliProcesses.FanOut f = new CliProcesses(o).fanOut(o.serverJvmOpts());
        boolean met = f.exitCode() == 0 && f.answered() == o.fanoutHosts() && f.lines() == o.fanoutHosts()
                && f.wallSeconds() <= 5.0;
        report.add(new Row("(h) fan-out `invoke -c @hosts --throttle " + o.fanoutThrottle() + " -- hostname`, "
                + o.fanoutHosts() + " hosts (absolute target <= 5 s: " + (met ? "met" : "not met") + ")", "s",
                Double.NaN, f.wallSeconds(), ""));
        report.add(new Row("(h) fan-out client max RSS", "MiB", Double.NaN, f.clientRssKib() / 1024.0, ""));
        report.detail("(h) fan-out: " + f.answered() + " of " + o.fanoutHosts() + " hosts answered, " + f.lines()
                + " output lines, exit " + f.exitCode() + ", wall " + f.wallSeconds() + " s, client max RSS "
                + f.clientRssKib() + " KiB");
    }

    /** (e): {@code openwinrm copy} against {@code scp}, one file up and back, byte for byte. */
    private void copy() throws Exception {
        long n = o.downloadBytes(); // the size: 1 GiB in a full run
        progress("(e) copy " + n + " bytes up and down, load " + ProcFs.loadAverage());
        Path dir = Files.createDirectories(o.scratch().resolve("copy"));
        Path source = dir.resolve("source.bin");
        Path remote = Files.createDirectories(dir.resolve("remote"));
        byte[] block = new byte[1 << 20];
        new java.util.Random(1).nextBytes(block);
        try (var out = Files.newOutputStream(source)) {
            for (long written = 0; written < n; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, n - written));
            }
        }
        FileCopy copy = new FileCopy(o);
        FileCopy.Times ssh = copy.scp(source, remote, dir.resolve("scp-back.bin"), o.throughputRuns());
        FileCopy.Times ours = copy.openwinrm(source, remote, dir.resolve("owr-back.bin"), o.throughputRuns());
        for (Path p : List.of(remote.resolve("owr.bin"), dir.resolve("owr-back.bin"), dir.resolve("scp-back.bin"))) {
            if (Files.mismatch(source, p) != -1) {
                throw new IllegalStateException("(e) " + p + " differs from what was copied");
            }
        }
        double mb = n / 1e6;
        report.add(new Row("(e) copy " + mib(n >> 10) + " up (openwinrm copy vs scp)", "MB/s",
                mb / median(ssh.upSeconds()), mb / median(ours.upSeconds()), ">= 0.5"));
        report.add(new Row("(e) copy " + mib(n >> 10) + " down", "MB/s", mb / median(ssh.downSeconds()),
                mb / median(ours.downSeconds()), ">= 0.5"));
        report.detail("(e) wall seconds, scp up " + ssh.upSeconds() + " down " + ssh.downSeconds()
                + "; openwinrm copy up " + ours.upSeconds() + " down " + ours.downSeconds());
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * (f): PowerShell Remoting to the native restricted engine (one open runspace pool, a pipeline of
     * {@code echo hello} per round trip; {@code seq 100000} as 100,000 string objects) through pypsrp and through our
     * Java client in this JVM ({@link JavaPowerShellBench}), the same number of warm-up and measured runs each, against
     * ssh over its ControlMaster running the same programs; then our client against pypsrp with the targets
     * (latency at most half of pypsrp's, object rate at least twice).
     */
    private void powerShellRemoting() throws Exception {
        int lines = 100_000;
        progress("(f) PowerShell Remoting (pypsrp) to the native engine, load " + ProcFs.loadAverage());
        List<String> argv = List.of(o.pypsrpPython(), Path.of(System.getProperty("openwinrm.bench.home", "bench"))
                        .resolve("psrp_bench.py").toAbsolutePath().toString(),
                "--endpoint", o.winrmUrl(), "--user", o.user(), "--configuration-name", PSRP_CONFIGURATION,
                "--warmup", Integer.toString(o.latencyWarmup()), "--runs", Integer.toString(o.latencyRuns()),
                "--lines", Integer.toString(lines));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OPENWINRM_PASSWORD", Files.readString(o.passwordFile()).strip());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("(f) psrp_bench.py failed: " + out.strip());
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        List<Double> ms = new ArrayList<>();
        json.get("ms").forEach(v -> ms.add(v.asDouble()));
        LatencyStats pypsrp = LatencyStats.ofMillis(ms, 0);
        double pypsrpRate = lines / json.get("seconds").asDouble();
        progress("(f) PowerShell Remoting (our Java client) to the native engine, load " + ProcFs.loadAverage());
        JavaPowerShellBench.Result java = new JavaPowerShellBench(winrm.client(), winrm.endpoint(),
                PSRP_CONFIGURATION).run(o.latencyWarmup(), o.latencyRuns(), lines);
        LatencyStats theirs = ssh.latency(ssh.muxed("echo", "hello"), o.latencyWarmup(), o.latencyRuns());
        latencyRows("(f) PSRP round trip (pypsrp, echo hello in an open pool; ssh: over its ControlMaster)", theirs,
                pypsrp, "");
        latencyRows("(f) PSRP round trip (our Java client, same; ssh: over its ControlMaster)", theirs,
                java.latency(), "");
        long t0 = System.nanoTime();
        String seq = ssh.output("seq " + lines);
        double sshSeconds = (System.nanoTime() - t0) / 1e9;
        if (seq.lines().count() != lines) {
            throw new IllegalStateException("(f) ssh seq printed " + seq.lines().count() + " lines");
        }
        report.add(new Row("(f) " + lines + " output lines (pypsrp: string objects; ssh: over its ControlMaster)",
                "lines/s", lines / sshSeconds, pypsrpRate, ""));
        double javaRate = lines / java.seqSeconds();
        report.add(new Row("(f) " + lines + " output lines (our Java client: string objects; ssh: over its "
                + "ControlMaster)", "lines/s", lines / sshSeconds, javaRate, ""));
        // the comparison: the OpenSSH column holds pypsrp's figure, the ratio is ours / pypsrp's
        latencyRows("(f) PSRP round trip, our Java client vs pypsrp (pypsrp in the OpenSSH column)", pypsrp,
                java.latency(), "<= 0.5");
        report.add(new Row("(f) PSRP objects/s, our Java client vs pypsrp (pypsrp in the OpenSSH column)",
                "objects/s", pypsrpRate, javaRate, ">= 2"));
        report.detail("(f) pypsrp round trips: " + pypsrp + "; our Java client: " + java.latency() + "; ssh: "
                + theirs);
        report.detail(String.format(Locale.ROOT, "(f) seq %d: pypsrp %.2f s, our Java client %.2f s, ssh %.2f s",
                lines, lines / pypsrpRate, java.seqSeconds(), sshSeconds));
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void checkCount(String who, UploadResult r, long expected) {
        if (!r.output().equals(Long.toString(expected))) {
            throw new IllegalStateException(who + ": remote wc -c counted '" + r.output() + "', expected "
                    + expected);
        }
    }

    private static String describe(ThroughputStats s) {
        StringBuilder b = new StringBuilder("MB/s per run");
        for (double r : s.mbPerSec()) {
            b.append(' ').append(Report.fmt(r));
        }
        return b.append(String.format(Locale.ROOT, " (median %.1f); CPU s/run: server tree %.2f, client %.2f",
                s.medianMbPerSec(), s.serverCpuSecPerRun(), s.clientCpuSecPerRun())).toString();
    }

    private List<List<String>> cipherVariants() {
        return o.gcmRows() ? List.of(List.of(), OpenSshSide.cipher(OpenSshSide.GCM)) : List.of(List.of());
    }

    private static String cipherLabel(List<String> extra) {
        return extra.isEmpty() ? "" : " (ssh " + String.join(" ", extra) + ")";
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static void progress(String what) {
        System.err.println("bench: " + what);
    }

    /** The method bullet of the ordinary user's row, or "" (dropped) without one. */
    private String ordinaryUserMethod() {
        if (!o.ordinaryUserRow()) {
            return "";
        }
        return "- (a), ordinary user (" + o.ordinaryUser() + "): `bench/run` creates this throwaway account "
                + "(`useradd -m -s /bin/sh`, shadow password `*`, no sudo/wheel membership; /bin/sh in sshd's "
                + "passwd copy too; its processes killed and the account removed with `userdel -r` at exit) and adds "
                + "it to OpenWinRM's account store with the same password (`openwinrm user add --password-stdin`) "
                + "and to the access list of the endpoint `cmd` (`openwinrm endpoint set-access cmd --allow "
                + "user:NAME`; by default it admits administrators and group:winrm-remote-management). "
                + "OpenSSH: `ssh -S <its own ControlPath> -o ControlMaster=no ... " + o.ordinaryUser()
                + "@127.0.0.1 true` over a second ControlMaster logged in as that account (same key: "
                + "AuthorizedKeysFile is one file, `StrictModes no`); this is the baseline of that row only, timed "
                + "right after root's. OpenWinRM: HTTPS + Basic as the account, one open Shell, in the same round "
                + "robin as the other variants. The server (root, isolation auto, `security.hide_processes` on by "
                + "default) gives that shell a private mount namespace whose /proc is mounted with "
                + "hidepid=invisible (made once at Create, not timed) and starts each command as `setsid` → "
                + "`nsenter --mount` into it → `setpriv --reuid --regid --groups` → "
                + "`/bin/sh -c true`; for root it is `setsid` → `/bin/sh -c true`. Checked before (a): `id -un` is "
                + "the account on both servers, and the server's own /proc/PID is hidden from its OpenWinRM shell.";
    }

    private static String lines(String... lines) {
        return Arrays.stream(lines).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    private String method() {
        return lines(
                "- One run of `bench/run` starts everything on 127.0.0.1 and stops it by PID at the end: OpenSSH "
                        + "`/usr/sbin/sshd -D -e -f <tmp>/sshd_config` (throwaway ECDSA P-256 host key and ed25519 "
                        + "user key, `UsePAM no`, `StrictModes no`, `PermitRootLogin prohibit-password`, no "
                        + "motd/banner) "
                        + "inside `unshare -m` with a copied passwd that gives root `/bin/sh`, so both servers run "
                        + "`/bin/sh -c CMD` and no rc files; and `openwinrm serve --https-port 0 --http-port 0` "
                        + "as a separate JVM from a copy of cli/target/openwinrm.jar, with `[auth] certificate = "
                        + "true` and a throwaway self-signed client certificate (generated by the benchmark's "
                        + "ClientCertificateTool, `client_ca` = that certificate, mapped to the account with "
                        + "`openwinrm user map-cert`). Both servers get a clean environment (`env -i PATH=... "
                        + "HOME=/root`). The OpenWinRM account is `root` and the server runs as root with "
                        + "isolation auto, so both servers run root's commands as root" + (o.ordinaryUserRow()
                        ? "; the ordinary user's row is described below." : "."),
                "- ssh client: `ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o "
                        + "BatchMode=yes -o IdentitiesOnly=yes -o IdentityAgent=none -i key -p PORT root@127.0.0.1`"
                        + (o.ordinaryUserRow() ? " (" + o.ordinaryUser() + "@127.0.0.1 for the ordinary user's row)"
                        : "") + "; OpenSSH default algorithms unless a row says otherwise.",
                "- OpenWinRM client: io.openwinrm.client.WinRmClient in the benchmark JVM (-Xms1g -Xmx1g), "
                        + "default options (MaxEnvelopeSize 512000, OperationTimeout 20 s), one client per variant: "
                        + "HTTPS + Basic (all tests; `Credentials.basic`, server certificate pinned by SHA-256 "
                        + "fingerprint); HTTP + NTLM (encrypted) (`Credentials.negotiate`, NTLMv2 in SPNEGO, every "
                        + "message sealed as multipart/encrypted, TrustedHosts 127.0.0.1) and HTTPS + client "
                        + "certificate (`Credentials.certificate`, certificate pinned), for (a) and (c) only. The "
                        + "OpenSSH figures (as root) are shared by all these variants.",
                "- (a) OpenSSH: `ssh -S <ControlPath> -o ControlMaster=no ... true` over a ControlMaster "
                        + "connection opened before; OpenWinRM: in one open Shell per variant, "
                        + "`Shell.execute(\"true\")` + `Command.await` (Receive until done) + `Command.close` (no "
                        + "round trip after Done). " + o.latencyWarmup() + " warm-up runs, then " + o.latencyRuns()
                        + " timed runs each; OpenSSH first, then the OpenWinRM variants in round robin (one "
                        + "command in each variant's shell per round), so JIT warm-up and load hit them alike.",
                ordinaryUserMethod(),
                "- (b) OpenSSH: `ssh ... true` (new TCP connection, key exchange, publickey auth, session). "
                        + "OpenWinRM: a fresh WinRmClient and Shell per run: new TCP + TLS connection, Create, "
                        + "Command, Receive until done, Delete. " + o.freshWarmup() + " warm-up, " + o.freshRuns()
                        + " timed runs each.",
                "- Latencies of ssh are the wall time of each whole ssh process (hyperfine -N, so process start of "
                        + "the ssh client is included); OpenWinRM's are System.nanoTime around the library calls in a "
                        + "warm JVM. p50/p99 by nearest rank over the timed runs; failed runs (non-zero exit) are "
                        + "counted and excluded.",
                "- (c) `ssh ... head -c N /dev/zero` with stdout to /dev/null, and OpenWinRM `head -c N /dev/zero` in "
                        + "a fresh shell per run (each variant), stdout counted and discarded by an OutputListener. "
                        + "N = " + o.downloadBytes() + ". One warm-up run each, then the median of "
                        + o.throughputRuns() + " runs, alternating OpenSSH and OpenWinRM runs (OpenSSH per cipher, "
                        + "then each OpenWinRM variant); MB = 10^6 bytes. Every OpenWinRM run (warm-up included) "
                        + "checks the byte count; the OpenSSH warm-up run pipes stdout into the benchmark and checks "
                        + "the count.",
                "- (d) `head -c N /dev/zero | ssh ... 'cat >/dev/null'` vs OpenWinRM sending N bytes into `cat "
                        + ">/dev/null` with Command.sendInput (Sends of ~110 KB, the largest that fit a 150 KiB "
                        + "request envelope), fresh shell per run. N = " + o.uploadBytes() + ". The warm-up run of "
                        + "both runs `wc -c` remotely and checks the count; median of " + o.throughputRuns() + ".",
                "- Server CPU per run: delta of utime+stime+cutime+cstime (/proc/PID/stat) of the server process "
                        + "and its live descendants, so it includes the `head`/`cat` child and, for sshd, the "
                        + "per-connection sshd. Client CPU: the benchmark JVM's own utime+stime (OpenWinRM) or its "
                        + "reaped children's (ssh, plus head for (d)).",
                o.pywinrmPython() == null && o.goDriver() == null ? "" : "- (c*) `head -c N /dev/zero` (N = "
                        + Math.min(o.downloadBytes(), 256L << 20) + ") over HTTPS + Basic through the interop "
                        + "drivers of pywinrm (interop/pywinrm/driver.py in interop/.venv) and of the Go client "
                        + "masterzen/winrm (interop/go-driver), both asking for 153,600-byte envelopes, `run --no-data` "
                        + "(the driver counts the bytes and checks the count), and through our WinRmClient at "
                        + "153,600 bytes and at its default 512,000; one warm-up each, then " + o.throughputRuns()
                        + " rounds of ssh, each peer, ours small, ours default. Server CPU per GiB = the server "
                        + "tree's CPU per run over N, against sshd's tree per GiB in the same rounds.",
                o.cliJar() == null ? "" : "- (g) whole CLI processes, wall time from fork to exit (System.nanoTime "
                        + "around each process), " + Math.min(3, o.startupRuns()) + " warm-up and " + o.startupRuns()
                        + " timed runs each: `invoke -c URL -a basic -u root --cert-fingerprint FP -- true` "
                        + "(password in OPENWINRM_PASSWORD; new JVM, TLS, Create, Command, Receive, Delete) and the "
                        + "local `version`, with the JVM options the launchers give that subcommand "
                        + "(cli/src/launcher/jvm-options.sh, with the class-data sharing archive bench/run dumps for "
                        + "its copy of the jar by cli/src/launcher/cds-archive.sh from the build's class list) and, "
                        + "as (g'), as a plain `java -jar`. The reference is (b)'s fresh `ssh ... true` (hyperfine "
                        + "-N: the whole ssh process).",
                o.cliJar() == null || o.fanoutHome() == null ? "" : "- (h) `unshare --net sh bench/fanout.sh`: in a "
                        + "network namespace of its own (its loopback answers every 127.x.y.z) one `openwinrm serve` "
                        + "(same JVM options as the main server; account root, `service.max_connections_per_address` "
                        + "and `winrs.max_shells_per_user` raised to the host count, since one server plays every "
                        + "host and sees one client address) bound to 0.0.0.0:5986; then one CLI process (the "
                        + "launchers' invoke options) runs `invoke -c @hosts.txt --throttle " + o.fanoutThrottle()
                        + " -a basic -- hostname` for " + o.fanoutHosts() + " names 127.0.X.Y:5986 (each its own "
                        + "TCP connection, TLS handshake, authentication, shell and process); wall time and max RSS "
                        + "by /usr/bin/time; every host must answer once (distinct `[host]` prefixes counted).",
                "- Everything shares the machine's CPUs: client, server and `head`/`cat` compete, so MB/s is a "
                        + "CPU-contention figure, not a network figure.");
    }
}
