package io.openwinrm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Times a command line with hyperfine ({@code -N}: no intermediate shell) and reads every run's wall time and exit
 * code from its JSON export.
 */
final class Hyperfine {

    private Hyperfine() {
    }

    static boolean available() {
        try {
            return new ProcessBuilder("hyperfine", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code argv} {@code warmup + runs} times; the result holds the timed runs only. */
    static LatencyStats time(List<String> argv, int warmup, int runs, Path scratch) throws IOException,
            InterruptedException {
        Path json = Files.createTempFile(scratch, "hyperfine", ".json");
        String commandLine = argv.stream().map(Hyperfine::quote).collect(Collectors.joining(" "));
        Process p = new ProcessBuilder("hyperfine", "-N", "-i", "--style", "none", "--warmup",
                Integer.toString(warmup), "--runs", Integer.toString(runs), "--export-json", json.toString(),
                commandLine).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IOException("hyperfine failed on: " + commandLine);
        }
        String text = Files.readString(json);
        Files.delete(json);
        return fromJson(text);
    }

    /** Builds the statistics from hyperfine's JSON export (one command): times in seconds, exit codes. */
    static LatencyStats fromJson(String json) {
        List<Double> times = numbers(json, "times");
        List<Double> codes = numbers(json, "exit_codes");
        if (codes.size() != times.size()) {
            throw new IllegalArgumentException("hyperfine JSON: " + times.size() + " times but " + codes.size()
                    + " exit codes");
        }
        List<Double> ok = new ArrayList<>();
        int failures = 0;
        for (int i = 0; i < times.size(); i++) {
            if (codes.get(i) == 0) {
                ok.add(times.get(i) * 1000);
            } else {
                failures++;
            }
        }
        return LatencyStats.ofMillis(ok, failures);
    }

    static List<Double> numbers(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\\[([^\\]]*)]").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("hyperfine JSON has no \"" + key + "\" array");
        }
        List<Double> out = new ArrayList<>();
        for (String s : m.group(1).split(",")) {
            String t = s.trim();
            if (!t.isEmpty()) {
                out.add(t.equals("null") ? Double.NaN : Double.parseDouble(t));
            }
        }
        return out;
    }

    /** Quotes one argument for hyperfine's shell-words splitting. */
    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=@:%,+".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
