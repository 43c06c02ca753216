package io.openwinrm.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** What the benchmark ran on, for the report. */
record MachineInfo(int cpus, String cpuModel, String memTotal, String kernel, String java, String openssh,
        String hyperfine) {

    static MachineInfo collect() {
        String cpuinfo = ProcFs.read(Path.of("/proc/cpuinfo"));
        String model = cpuinfo.lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        String mem = ProcFs.read(Path.of("/proc/meminfo")).lines().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> {
                    long kib = Long.parseLong(l.replaceAll("\\D", ""));
                    return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
                }).orElse("?");
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), model, mem,
                System.getProperty("os.name") + " " + System.getProperty("os.version"), java,
                firstLine("ssh", "-V"), firstLine("hyperfine", "--version"));
    }

    private static String firstLine(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse("?").trim();
        } catch (IOException e) {
            return "not installed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
