package io.openwinrm.psrp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.psrp.clixml.ClixmlReader;
import io.openwinrm.psrp.clixml.ClixmlWriter;
import io.openwinrm.psrp.clixml.PsValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A CLIXML corpus written by psrpcore 0.3.1's serializer (every primitive type, escapes, lists, stack, queue,
 * hashtable, custom objects with type names, an enum, a repeated object as a reference) round-trips through this
 * codec unchanged: read here and written back, each value reads again to the same value here, and psrpcore reads
 * the rewritten CLIXML to a value it serializes exactly as it serializes its own original. Skipped, with the reason,
 * unless {@code python3} can import psrpcore ({@code PSRPCORE_PATH} or {@code -Dpsrpcore.path}, as
 * {@link PsrpcoreCrossCheckTest}).
 */
@Timeout(60)
class PsrpcoreClixmlCorpusTest {

    @Test
    void psrpcoresCorpusRoundTripsUnchanged() throws Exception {
        Result probe = python(List.of("-c", "import psrpcore"), "");
        Assumptions.assumeTrue(probe.exit() == 0, () -> "psrpcore corpus skipped: python3 cannot import psrpcore "
                + "(set PSRPCORE_PATH to a 'pip install --target' dir of psrpcore==0.3.1)");
        Path script = Path.of(PsrpcoreClixmlCorpusTest.class.getResource("/psrpcore/clixml_corpus.py").toURI());
        Result made = python(List.of(script.toString(), "make"), "");
        assertThat(made.exit()).as(made.err()).isZero();
        List<String> lines = made.out().lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(30);

        ClixmlReader reader = new ClixmlReader();
        ClixmlWriter writer = new ClixmlWriter();
        StringBuilder check = new StringBuilder();
        for (String line : lines) {
            String[] parts = line.split(" ");
            byte[] original = Base64.getDecoder().decode(parts[1]);
            PsValue value = reader.read(original);
            byte[] rewritten = writer.writeUtf8(value);
            assertThat(reader.read(rewritten)).as(parts[0] + ": " + new String(rewritten, StandardCharsets.UTF_8))
                    .isEqualTo(value);
            check.append(parts[0]).append(' ').append(parts[1]).append(' ')
                    .append(Base64.getEncoder().encodeToString(rewritten)).append('\n');
        }
        Result checked = python(List.of(script.toString(), "check"), check.toString());
        assertThat(checked.exit()).as(checked.err()).isZero();
        List<String> verdicts = checked.out().lines().toList();
        assertThat(verdicts).hasSameSizeAs(lines);
        for (String v : verdicts) {
            String[] parts = v.split(" ");
            assertThat(parts[1]).as(parts[0] + (parts.length > 3 ? ": psrpcore wrote\n"
                    + decode(parts[2]) + "\nfor the original and\n" + decode(parts[3]) + "\nfor ours" : ""))
                    .isEqualTo("same");
        }
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result python(List<String> args, String stdin) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("python3");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        String path = System.getProperty("psrpcore.path", System.getenv().getOrDefault("PSRPCORE_PATH", ""));
        if (!path.isEmpty()) {
            pb.environment().put("PYTHONPATH", path);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, "", "python3 not found: " + e.getMessage());
        }
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "", "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err,
                StandardCharsets.UTF_8));
    }
}
