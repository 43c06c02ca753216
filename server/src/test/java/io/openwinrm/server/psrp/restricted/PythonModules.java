package io.openwinrm.server.psrp.restricted;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether {@code python3} can import a module with {@code PYTHONPATH} set: the cross-check tests' precondition. */
final class PythonModules {

    private PythonModules() {
    }

    /**
     * @param module     what to import, e.g. {@code psrpcore} or {@code pypsrp.messages}
     * @param pythonPath the {@code PYTHONPATH} (a {@code pip install --target} directory), may be empty
     */
    static boolean importable(String module, String pythonPath) {
        try {
            ProcessBuilder pb = new ProcessBuilder("python3", "-c", "import " + module).redirectErrorStream(true);
            pb.environment().put("PYTHONPATH", pythonPath);
            Process p = pb.start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
