package io.openwinrm.attack;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The audit's probe for finding 1: a shared library whose constructor appends {@code uid=U euid=E comm=NAME} to a
 * record file in every process the dynamic loader preloads it into ({@code LD_PRELOAD}). Compiled with the C
 * compiler at test time (bin/run-tests installs gcc), into a world-readable directory, with a world-writable record.
 */
final class PreloadLibrary implements AutoCloseable {

    private static final String SOURCE = """
            #include <fcntl.h>
            #include <stdio.h>
            #include <unistd.h>
            __attribute__((constructor)) static void record(void) {
                char comm[64] = "?";
                int in = open("/proc/self/comm", O_RDONLY);
                if (in >= 0) {
                    ssize_t n = read(in, comm, sizeof comm - 1);
                    comm[n > 0 ? n - 1 : 0] = 0;
                    close(in);
                }
                int out = open(RECORD, O_WRONLY | O_APPEND);
                if (out >= 0) {
                    dprintf(out, "uid=%d euid=%d comm=%s\\n", (int) getuid(), (int) geteuid(), comm);
                    close(out);
                }
            }
            """;

    private final Path dir;
    private final Path library;
    private final Path record;

    private PreloadLibrary(Path dir) {
        this.dir = dir;
        this.library = dir.resolve("evil.so");
        this.record = dir.resolve("record.txt");
    }

    /** Compiles the library (skips the test when there is no C compiler and CI does not require one). */
    static PreloadLibrary compile() throws Exception {
        Path cc = Path.of("/usr/bin/cc");
        if (!Files.isExecutable(cc)) {
            if ("1".equals(System.getenv("OPENWINRM_INTEROP_REQUIRED"))) {
                throw new IllegalStateException("no C compiler at " + cc + " (bin/run-tests installs gcc)");
            }
            assumeTrue(false, "no C compiler");
        }
        Path dir = Files.createTempDirectory("openwinrm-preload-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        PreloadLibrary lib = new PreloadLibrary(dir);
        Path source = dir.resolve("evil.c");
        Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
        Files.writeString(lib.record, "");
        Files.setPosixFilePermissions(lib.record, PosixFilePermissions.fromString("rw-rw-rw-"));
        Process p = new ProcessBuilder(List.of(cc.toString(), "-shared", "-fPIC", "-O2",
                "-DRECORD=\"" + lib.record + "\"", "-o", lib.library.toString(), source.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("cc failed: " + out);
        }
        Files.setPosixFilePermissions(lib.library, PosixFilePermissions.fromString("rwxr-xr-x"));
        return lib;
    }

    Path library() {
        return library;
    }

    /** Every line recorded so far. */
    List<String> records() throws IOException {
        return Files.readAllLines(record, StandardCharsets.UTF_8);
    }

    /** Empties the record. */
    void clear() throws IOException {
        Files.writeString(record, "");
    }

    @Override
    public void close() {
        ServerProcess.deleteTree(dir);
    }
}
