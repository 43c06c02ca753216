package io.openwinrm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row (c*): stdout through the clients people actually point at a WinRM server, by the interop drivers
 * (interop/pywinrm/driver.py for pywinrm, interop/go-driver for masterzen/winrm; both ask for 153,600-byte
 * envelopes): {@code run --command "head -c N /dev/zero" --no-data} over HTTPS + Basic, the driver counting the bytes.
 * Server CPU is the server's process tree's, as in (c); the client's is the driver process's (GNU time).
 */
final class PeerClients {

    /** One client: a name for the rows and the driver's argv up to its scenario. */
    record Client(String name, List<String> driver) {
    }

    private static final Pattern LENGTH = Pattern.compile("\"stdout_len\":\\s*([0-9]+)");

    private final BenchOptions o;

    PeerClients(BenchOptions o) {
        this.o = o;
    }

    /** The installed drivers (none when bench/run found no interop set-up). */
    List<Client> clients() {
        List<String> common = List.of("--endpoint", o.winrmUrl(), "--user", o.user(), "--transport", "basic",
                "--insecure");
        List<Client> clients = new ArrayList<>();
        if (o.pywinrmPython() != null) {
            List<String> argv = new ArrayList<>(List.of(o.pywinrmPython(), o.pywinrmDriver().toString()));
            argv.addAll(common);
            clients.add(new Client("pywinrm", argv));
        }
        if (o.goDriver() != null) {
            List<String> argv = new ArrayList<>(List.of(o.goDriver().toString()));
            argv.addAll(common);
            clients.add(new Client("Go masterzen/winrm", argv));
        }
        return clients;
    }

    /** One download of {@code bytes} through {@code client}; the byte count is checked. */
    ThroughputStats.Run download(Client client, long bytes) throws IOException, InterruptedException {
        Path times = Files.createTempFile(o.scratch(), "time", ".txt");
        try {
            List<String> argv = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
            argv.addAll(client.driver());
            argv.addAll(List.of("run", "--command", "head -c " + bytes + " /dev/zero", "--no-data"));
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
            pb.environment().put("OPENWINRM_PASSWORD", Files.readString(o.passwordFile()).strip());
            pb.environment().put("NO_PROXY", "127.0.0.1,localhost");
            long cpu0 = ProcFs.treeCpu(o.serverPid());
            long t0 = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            long t1 = System.nanoTime();
            long cpu1 = ProcFs.treeCpu(o.serverPid());
            Matcher m = LENGTH.matcher(out);
            if (code != 0 || !m.find() || Long.parseLong(m.group(1)) != bytes) {
                throw new IOException(client.name() + " download failed (exit " + code + "): " + out.strip());
            }
            String[] cpu = Files.readString(times).strip().split("\\s+");
            long clientTicks = Math.round((Double.parseDouble(cpu[cpu.length - 2])
                    + Double.parseDouble(cpu[cpu.length - 1])) * ProcFs.TICKS_PER_SECOND);
            return new ThroughputStats.Run(bytes, t1 - t0, cpu1 - cpu0, clientTicks);
        } finally {
            Files.deleteIfExists(times);
        }
    }
}
