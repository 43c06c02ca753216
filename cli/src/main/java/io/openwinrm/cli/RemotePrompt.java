package io.openwinrm.cli;

import io.openwinrm.client.WinRmException;
import io.openwinrm.client.powershell.InvokeResult;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PsValues;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The prompt of a PowerShell session as Enter-PSSession shows it: {@code [host]: } followed by what the remote
 * {@code prompt} function returns ({@code PS C:\Users\me>} on Windows, {@code PS>} in a JEA session), run as a
 * command pipeline ([MS-PSRP] 2.2.2.10). If that fails once (an error record, a failed pipeline, no output, a fault),
 * the function is not asked again in this session and {@code [host]: PS>} is shown instead: an endpoint that refuses
 * {@code prompt} would otherwise log one refusal per line. Not thread-safe.
 */
final class RemotePrompt {
    /** What the prompt shows when the remote {@code prompt} cannot be used. */
    static final String FALLBACK = "PS>";
    static final PipelineRequest PROMPT = PipelineRequest.command("prompt");

    private final String hostLabel;
    private final Function<PipelineRequest, InvokeResult> invoke;
    private boolean usable = true;

    /**
     * @param hostLabel the host as the user named it
     * @param invoke    runs a pipeline to its end in the session's pool
     */
    RemotePrompt(String hostLabel, Function<PipelineRequest, InvokeResult> invoke) {
        this.hostLabel = hostLabel;
        this.invoke = invoke;
    }

    /** The prompt to show now: asks the remote function unless it failed before. */
    String next() {
        String text = FALLBACK;
        if (usable) {
            try {
                InvokeResult r = invoke.apply(PROMPT);
                String t = r.output().stream().map(PsValues::toText).collect(Collectors.joining()).strip();
                if (r.hadErrors() || t.isEmpty()) {
                    usable = false;
                } else {
                    text = t;
                }
            } catch (WinRmException e) {
                usable = false;
            }
        }
        return "[" + hostLabel + "]: " + text + " ";
    }

    /** Whether the remote function is still asked. */
    boolean remote() {
        return usable;
    }
}
