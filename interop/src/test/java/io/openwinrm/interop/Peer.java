package io.openwinrm.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The third-party WinRM clients the interop tests drive, and where to find each one.
 *
 * <p>Locations come from a system property, else an environment variable, else a default under the
 * module directory ({@code openwinrm.interop.basedir}, set by the pom): the layout {@code bin/run-tests}
 * creates. {@link #locate()} checks that the peer can actually start; it caches its answer.
 */
enum Peer {

    /** pywinrm from PyPI (0.5.x), run by the virtualenv's Python; default code page 437. */
    PYWINRM("pywinrm", 437) {
        @Override
        Location probe() {
            Path python = setting("openwinrm.pywinrm.python", "OPENWINRM_PYWINRM_PYTHON", ".venv/bin/python");
            Path driver = setting("openwinrm.pywinrm.driver", "OPENWINRM_PYWINRM_DRIVER", "pywinrm/driver.py");
            if (!Files.isExecutable(python)) {
                return new Location.Missing("no Python at " + python + " (set -Dopenwinrm.pywinrm.python)");
            }
            if (!Files.isRegularFile(driver)) {
                return new Location.Missing("no pywinrm driver at " + driver);
            }
            String version = probeOutput(List.of(python.toString(), "-c",
                    "import importlib.metadata as m, winrm; print(m.version('pywinrm'))"));
            if (version == null) {
                return new Location.Missing("pywinrm is not importable by " + python);
            }
            return new Location.Found(List.of(python.toString(), driver.toString()), "pywinrm " + version);
        }
    },

    /** github.com/masterzen/winrm built into interop/go-driver; always code page 65001. */
    GO("masterzen/winrm (Go)", 65001) {
        @Override
        Location probe() {
            Path binary = setting("openwinrm.go.driver", "OPENWINRM_GO_DRIVER", ".build/go-driver");
            if (!Files.isExecutable(binary)) {
                return new Location.Missing("no Go driver binary at " + binary
                        + " (build interop/go-driver, or set -Dopenwinrm.go.driver)");
            }
            return new Location.Found(List.of(binary.toString()), "go-driver " + binary);
        }
    };

    private static final Map<Peer, Location> CACHE = new ConcurrentHashMap<>();

    private final String displayName;
    private final int defaultCodepage;

    Peer(String displayName, int defaultCodepage) {
        this.displayName = displayName;
        this.defaultCodepage = defaultCodepage;
    }

    String displayName() {
        return displayName;
    }

    /** The WINRS_CODEPAGE the client sends when {@code --codepage} is not given. */
    int defaultCodepage() {
        return defaultCodepage;
    }

    /** Where the peer is, or why it cannot be used; probed once per JVM. */
    Location locate() {
        return CACHE.computeIfAbsent(this, Peer::probe);
    }

    abstract Location probe();

    /** The result of looking for a peer. */
    sealed interface Location {
        /** The peer can run: {@code command} is the driver's argv before the driver's own options. */
        record Found(List<String> command, String version) implements Location {
            public Found {
                command = List.copyOf(command);
            }
        }

        /** The peer is not installed; {@code reason} says what is missing. */
        record Missing(String reason) implements Location {
        }
    }

    static Path baseDir() {
        return Path.of(System.getProperty("openwinrm.interop.basedir", "."));
    }

    private static Path setting(String property, String envVar, String defaultRelative) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(envVar);
        }
        if (value == null || value.isBlank()) {
            return baseDir().resolve(defaultRelative);
        }
        return Path.of(value);
    }

    /** Runs a short probe command; its trimmed stdout, or null if it failed or took over 60 s. */
    private static String probeOutput(List<String> command) {
        try {
            DriverResult r = DriverRunner.run(command, null, Duration.ofSeconds(60));
            return r.exitCode() == 0 ? r.stdout().trim() : null;
        } catch (IOException | DriverRunner.DriverTimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
