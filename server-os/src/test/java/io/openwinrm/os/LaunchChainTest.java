package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.identity.OsIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shape of the launch chain (issue 9, finding 1): nothing of the client reaches a link before the switch. */
class LaunchChainTest {

    private static final OsIdentity ALICE = new OsIdentity("alice", 1001, 1001, List.of(1001, 27), List.of("alice",
            "sudo"), Path.of("/home/alice"), Path.of("/bin/bash"));
    private static final Map<String, String> CLIENT_ENV = Map.of("PATH", "/home/alice/bin:/usr/bin",
            "LD_PRELOAD", "/home/alice/evil.so");

    private static LaunchSpec spec(List<String> argv) {
        return new LaunchSpec(argv, Path.of("/home/alice/work"), CLIENT_ENV, Optional.of(ALICE), Sandbox.NONE,
                false);
    }

    @Test
    void aPrivilegedChainRunsInRootWithItsOwnEnvironmentAndAppliesTheClientsLast() throws Exception {
        LaunchChain chain = new LaunchChain(Path.of("/usr/bin/setsid"), LaunchChain.DEFAULT_SETPRIV, List.of(), true);
        LaunchChain.Command c = chain.command(spec(List.of("/bin/sh", "-c", "id")), Optional.of(ALICE),
                List.of("/bin/sh", "-c", "id"), Map.of("TERM", "xterm"));
        assertThat(c.environment()).isEqualTo(LaunchChain.CHAIN_ENVIRONMENT);
        assertThat(c.directory()).isEqualTo(Path.of("/"));
        List<String> argv = c.argv();
        int setpriv = argv.indexOf("/usr/bin/setpriv");
        int env = argv.indexOf("/usr/bin/env");
        assertThat(setpriv).isPositive().isLessThan(env);
        assertThat(argv.subList(setpriv, env)).contains("--reuid=1001", "--regid=1001", "--groups=1001,27");
        assertThat(argv.subList(env, argv.size())).startsWith("/usr/bin/env", "-i", "--chdir=/home/alice/work", "--")
                .contains("LD_PRELOAD=/home/alice/evil.so", "TERM=xterm").endsWith("/bin/sh", "-c", "id");
        assertThat(argv.subList(0, env)).noneMatch(a -> a.contains("evil.so") || a.contains("/home/alice"));
    }

    @Test
    void aProgramWhoseNameEnvWouldTakeForAnAssignmentIsStartedThroughSh() throws Exception {
        LaunchChain chain = new LaunchChain(Path.of("/usr/bin/setsid"), LaunchChain.DEFAULT_SETPRIV, List.of(), true);
        List<String> argv = chain.command(spec(List.of("/opt/a=b")), Optional.of(ALICE), List.of("/opt/a=b", "x"),
                Map.of()).argv();
        assertThat(argv).endsWith("/bin/sh", "-c", "exec \"$0\" \"$@\"", "/opt/a=b", "x");
    }

    @Test
    void ignoredSignalsAreRestoredByTheLastLink() throws Exception {
        LaunchChain chain = new LaunchChain(Path.of("/usr/bin/setsid"), LaunchChain.DEFAULT_SETPRIV,
                List.of("INT", "QUIT"), true);
        List<String> argv = chain.command(spec(List.of("/bin/true")), Optional.of(ALICE), List.of("/bin/true"),
                Map.of()).argv();
        assertThat(argv.subList(argv.indexOf("/usr/bin/env"), argv.size())).contains("--default-signal=INT,QUIT");
    }

    @Test
    void aPrivilegedServersOwnCommandsNeedNoEnvLink() throws Exception {
        LaunchChain chain = new LaunchChain(Path.of("/usr/bin/setsid"), LaunchChain.DEFAULT_SETPRIV, List.of(), true);
        LaunchSpec own = new LaunchSpec(List.of("/bin/true"), Path.of("/root"), Map.of("PATH", "/usr/bin"));
        LaunchChain.Command c = chain.command(own, Optional.empty(), List.of("/bin/true"), Map.of());
        assertThat(c.argv()).containsExactly("/usr/bin/setsid", "/bin/true");
        assertThat(c.directory()).isEqualTo(Path.of("/root"));
    }

    @Test
    void anUnprivilegedChainUsesTheSpecsEnvironmentAndDirectory() throws Exception {
        LaunchChain chain = new LaunchChain(Path.of("/usr/bin/setsid"), LaunchChain.DEFAULT_SETPRIV, List.of(),
                false);
        LaunchSpec own = new LaunchSpec(List.of("/bin/true"), Path.of("/tmp"), Map.of("PATH", "/usr/bin"));
        LaunchChain.Command c = chain.command(own, Optional.empty(), List.of("/bin/true"), Map.of());
        assertThat(c.argv()).containsExactly("/usr/bin/setsid", "/bin/true");
        assertThat(c.environment()).isEqualTo(Map.of("PATH", "/usr/bin"));
        assertThat(c.directory()).isEqualTo(Path.of("/tmp"));
    }
}
