package io.openwinrm.server.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.policy.access.Subject;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.access.Caller;
import io.openwinrm.server.command.Sandbox;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.identity.OsIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoaderVariablesTest {

    private static OsIdentity account(String name, int uid) {
        return new OsIdentity(name, uid, uid, List.of(uid), List.of(name), Path.of("/home/" + name),
                Path.of("/bin/sh"));
    }

    private static ShellContext context(OsIdentity caller, OsIdentity target) {
        return new ShellContext(Endpoint.defaultShell(), new Caller(caller.name(), Optional.of(caller),
                new Subject(caller.name(), Set.of(), false)), Optional.of(target), Sandbox.NONE, Optional.empty(),
                List.of(), () -> { }, null);
    }

    @Test
    void recognisesTheLoaderAndLibcVariables() {
        for (String name : List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "ld_preload", "GCONV_PATH",
                "GLIBC_TUNABLES", "LOCPATH", "NLSPATH", "MALLOC_TRACE", "RES_OPTIONS", "HOSTALIASES")) {
            assertThat(LoaderVariables.isLoaderVariable(name)).as(name).isTrue();
        }
        for (String name : List.of("PATH", "HOME", "LANG", "TERM", "OLD_PRELOAD", "LDX")) {
            assertThat(LoaderVariables.isLoaderVariable(name)).as(name).isFalse();
        }
    }

    @Test
    void refusedOnlyWhereCommandsRunAsAnotherAccount() {
        OsIdentity alice = account("alice", 1001);
        OsIdentity service = account("svc", 1500);
        Map<String, String> env = Map.of("LD_PRELOAD", "/tmp/x.so", "GREETING", "hi");
        assertThatCode(() -> LoaderVariables.refuseForOtherAccount(env, context(alice, alice)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> LoaderVariables.refuseForOtherAccount(env, context(alice, service)))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("LD_PRELOAD")
                .hasMessageNotContaining("GREETING");
        assertThatCode(() -> LoaderVariables.refuseForOtherAccount(Map.of("GREETING", "hi"),
                context(alice, service))).doesNotThrowAnyException();
    }
}
