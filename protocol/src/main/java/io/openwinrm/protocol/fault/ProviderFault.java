package io.openwinrm.protocol.fault;

import java.util.Objects;

/**
 * The plug-in that raised a fault, as Windows reports it inside {@code f:WSManFault/f:Message}
 * ({@code <f:ProviderFault provider=".." path="..">}; winrm-wire.md 3.1, [MS-WSMV] 3.1.4.1.30). Windows writes the
 * provider's text directly inside the element for the cmd plug-in, and a whole nested {@code f:WSManFault} (same
 * code and machine, its own message) for the WS-Management shell provider.
 *
 * @param provider        {@code @provider}
 * @param path            {@code @path}, the plug-in's DLL as Windows names it
 * @param nestsWsmanFault whether the text is wrapped in a nested {@code f:WSManFault/f:Message}
 */
public record ProviderFault(String provider, String path, boolean nestsWsmanFault) {

    /**
     * The WinRS cmd plug-in: Receive or Signal without a CommandId, a program that cannot be found
     * (recorded: winrs-receive-invalid-parameter, winrs-command-internal-error).
     */
    public static final ProviderFault SHELL_CMD_PLUGIN =
            new ProviderFault("Shell cmd plugin", "%systemroot%\\system32\\winrscmd.dll", false);

    /** The WS-Management shell provider: Get of an unknown shell (recorded: wsman-get-shell-invalid-selectors). */
    public static final ProviderFault SHELL_PROVIDER =
            new ProviderFault("Shell provider", "%systemroot%\\system32\\WsmSvc.dll", true);

    public ProviderFault {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(path, "path");
    }
}
