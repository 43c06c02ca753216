package io.openwinrm.attack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * pywinrm (the peer the audit's reproductions used) driven through {@code attack/pywinrm/shell.py}: one shell, one
 * command, a JSON result. The interpreter is {@code -Dopenwinrm.pywinrm.python} (bin/run-tests passes the venv it
 * made), else {@code ../interop/.venv/bin/python}; without it the test is skipped, unless
 * {@code OPENWINRM_INTEROP_REQUIRED=1} (CI), where it fails.
 */
final class Pywinrm {

    private static final Path SCRIPT = Path.of("pywinrm", "shell.py").toAbsolutePath();

    /** What one run printed: stdout/stderr/exit_code, or fault_code/message, or error. */
    record Result(Map<String, Object> json) {
        String stdout() {
            return (String) json.get("stdout");
        }

        Integer exitCode() {
            return (Integer) json.get("exit_code");
        }

        String faultCode() {
            return (String) json.get("fault_code");
        }

        String message() {
            return (String) json.get("message");
        }

        @Override
        public String toString() {
            return json.toString();
        }
    }

    private Pywinrm() {
    }

    static Path python() {
        String configured = System.getProperty("openwinrm.pywinrm.python");
        Path python = configured != null ? Path.of(configured)
                : Path.of("..", "interop", ".venv", "bin", "python").toAbsolutePath().normalize();
        boolean required = "1".equals(System.getenv("OPENWINRM_INTEROP_REQUIRED"));
        if (!Files.isExecutable(python)) {
            if (required) {
                throw new IllegalStateException("pywinrm is required (OPENWINRM_INTEROP_REQUIRED=1) but " + python
                        + " is missing: run bin/run-tests --setup-only");
            }
            assumeTrue(false, "no pywinrm venv at " + python);
        }
        return python;
    }

    /** Runs {@code shell.py} with {@code options} (see its --help) as {@code user}. */
    static Result run(URI endpoint, String user, String password, List<String> options) throws Exception {
        List<String> argv = new ArrayList<>(List.of(python().toString(), SCRIPT.toString(),
                "--endpoint", endpoint.toString(), "--user", user));
        argv.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("OPENWINRM_PASSWORD", password);
        Process p = builder.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("pywinrm did not finish");
        }
        String last = out.substring(out.lastIndexOf('\n') + 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(last, Map.class);
        return new Result(json);
    }
}
