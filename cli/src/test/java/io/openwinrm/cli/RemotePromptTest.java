package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.client.powershell.InvokeResult;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PipelineResult;
import io.openwinrm.client.powershell.PowerShellException;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.state.PipelineState;
import io.openwinrm.psrp.stream.ErrorRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link RemotePrompt}: the remote {@code prompt} function's text after {@code [host]: }, asked for every prompt
 * while it works, and after its first failure never again (the fallback {@code PS>}). The enter tests show the
 * remote text from the restricted engine, which never refuses {@code prompt}; the failures are simulated here.
 */
class RemotePromptTest {

    private static InvokeResult completed(String... texts) {
        List<PsValue> out = new ArrayList<>();
        for (String t : texts) {
            out.add(PsValue.of(t));
        }
        return new InvokeResult(new PipelineResult(PipelineState.COMPLETED, Optional.empty(), 0), out, List.of(),
                List.of(), List.of(), List.of());
    }

    private static InvokeResult refused() {
        ErrorRecord reason = ErrorRecord.of("The term 'prompt' is not recognized", "CommandNotFoundException",
                io.openwinrm.psrp.stream.ErrorCategory.OBJECT_NOT_FOUND);
        return new InvokeResult(new PipelineResult(PipelineState.FAILED, Optional.of(reason), 0), List.of(),
                List.of(), List.of(), List.of(), List.of());
    }

    /** Answers with {@code answers} in turn and counts the calls. */
    private static final class Remote implements Function<PipelineRequest, InvokeResult> {
        private final List<Object> answers;
        int calls;

        Remote(Object... answers) {
            this.answers = List.of(answers);
        }

        @Override
        public InvokeResult apply(PipelineRequest r) {
            assertThat(r).isEqualTo(RemotePrompt.PROMPT);
            Object a = answers.get(Math.min(calls++, answers.size() - 1));
            if (a instanceof RuntimeException e) {
                throw e;
            }
            return (InvokeResult) a;
        }
    }

    @Test
    void theRemoteTextIsAskedForEveryPrompt() {
        Remote remote = new Remote(completed("PS C:\\Users\\me> "), completed("PS C:\\Windows> "));
        RemotePrompt p = new RemotePrompt("srv", remote);
        assertThat(p.next()).isEqualTo("[srv]: PS C:\\Users\\me> ");
        assertThat(p.next()).isEqualTo("[srv]: PS C:\\Windows> ");
        assertThat(remote.calls).isEqualTo(2);
        assertThat(p.remote()).isTrue();
    }

    @Test
    void aRefusalFallsBackToPsAndIsNotProvokedAgain() {
        Remote remote = new Remote(refused(), completed("never asked"));
        RemotePrompt p = new RemotePrompt("srv", remote);
        assertThat(p.next()).isEqualTo("[srv]: PS> ");
        assertThat(p.next()).isEqualTo("[srv]: PS> ");
        assertThat(p.next()).isEqualTo("[srv]: PS> ");
        assertThat(remote.calls).as("asked once per session").isEqualTo(1);
        assertThat(p.remote()).isFalse();
    }

    @Test
    void aFaultOrNoTextAlsoFallsBack() {
        Remote fault = new Remote(new PowerShellException("the pool broke"));
        RemotePrompt p = new RemotePrompt("srv", fault);
        assertThat(p.next()).isEqualTo("[srv]: PS> ");
        assertThat(p.next()).isEqualTo("[srv]: PS> ");
        assertThat(fault.calls).isEqualTo(1);

        Remote empty = new Remote(completed());
        RemotePrompt q = new RemotePrompt("srv", empty);
        assertThat(q.next()).isEqualTo("[srv]: PS> ");
        assertThat(q.remote()).isFalse();
    }
}
