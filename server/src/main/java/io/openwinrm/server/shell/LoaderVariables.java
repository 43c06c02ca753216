package io.openwinrm.server.shell;

import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.identity.OsIdentity;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Environment variables that make the dynamic loader or the C library load code or data named by the caller: the
 * {@code LD_*} family (ld.so(8)) and the variables glibc itself drops for set-user-id programs ("unsecure" variables:
 * {@code GCONV_PATH}, {@code LOCPATH}, {@code NLSPATH}, {@code GLIBC_TUNABLES}, {@code MALLOC_*}, resolver
 * variables). A client's Create may set them for its own account, but not where commands run as another account (an
 * endpoint's run-as account or a temporary account): that account is not the caller's to instrument (issue 9,
 * finding 1). They never reach the links of the launch chain in any case; see {@code io.openwinrm.os.LaunchChain}.
 */
public final class LoaderVariables {

    private static final Set<String> NAMES = Set.of("GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES",
            "LOCALDOMAIN", "LOCPATH", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS");
    private static final Set<String> PREFIXES = Set.of("LD_", "MALLOC_");

    private LoaderVariables() {
    }

    /** Whether {@code name} is one of them, compared case-insensitively (stricter than the loader). */
    public static boolean isLoaderVariable(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return NAMES.contains(upper) || PREFIXES.stream().anyMatch(upper::startsWith);
    }

    /**
     * @throws AccessDeniedException naming the variables when {@code environment} has any of them and the shell's
     *                               commands run as an account other than the caller's own
     */
    public static void refuseForOtherAccount(Map<String, String> environment, ShellContext context) {
        Optional<OsIdentity> target = context.runAs();
        if (target.isEmpty() || sameAccount(target.get(), context.caller().os())) {
            return;
        }
        Set<String> refused = new TreeSet<>();
        environment.keySet().stream().filter(LoaderVariables::isLoaderVariable).forEach(refused::add);
        if (!refused.isEmpty()) {
            throw new AccessDeniedException("the endpoint " + context.endpoint().name() + " runs commands as "
                    + target.get().name() + ", not as the caller: dynamic-loader variables are not accepted ("
                    + String.join(", ", refused) + ")");
        }
    }

    private static boolean sameAccount(OsIdentity target, Optional<OsIdentity> caller) {
        return caller.isPresent() && caller.get().uid() == target.uid();
    }
}
