package io.openwinrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.client.powershell.PipelineResult;
import io.openwinrm.psrp.state.PipelineState;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * {@code invoke --powershell}'s exit status against what PowerShell 7 reports: a native program's failure is no error
 * record there, only {@code $LASTEXITCODE}.
 */
class PowerShellExitStatusTest {

    private static final PipelineResult CLEAN = new PipelineResult(PipelineState.COMPLETED, Optional.empty(), 0);
    private static final PipelineResult ERRORS = new PipelineResult(PipelineState.COMPLETED, Optional.empty(), 2);
    private static final PipelineResult FAILED = new PipelineResult(PipelineState.FAILED, Optional.empty(), 0);

    @Test
    void aFailedNativeProgramWithoutErrorRecordsIsNotSuccess() {
        assertThat(PowerShellInvoke.exitStatus(CLEAN, 0, () -> OptionalInt.of(3))).isEqualTo(3);
        assertThat(PowerShellInvoke.exitStatus(ERRORS, 0, () -> OptionalInt.of(3))).isEqualTo(3);
    }

    @Test
    void codesOutsideAByteStayFailures() {
        assertThat(PowerShellInvoke.exitStatus(CLEAN, 0, () -> OptionalInt.of(256))).isEqualTo(1);
        assertThat(PowerShellInvoke.exitStatus(CLEAN, 0, () -> OptionalInt.of(-1073741510))).isEqualTo(0x3a);
        assertThat(PowerShellInvoke.exitStatus(CLEAN, 0, () -> OptionalInt.of(-256))).isEqualTo(1);
    }

    @Test
    void otherwiseErrorsAndFailuresAreOneAndExitWins() {
        assertThat(PowerShellInvoke.exitStatus(CLEAN, 0, OptionalInt::empty)).isZero();
        assertThat(PowerShellInvoke.exitStatus(CLEAN, 0, () -> OptionalInt.of(0))).isZero();
        assertThat(PowerShellInvoke.exitStatus(ERRORS, 0, OptionalInt::empty)).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(PowerShellInvoke.exitStatus(FAILED, 0, () -> {
            throw new AssertionError("a failed pipeline is not asked for $LASTEXITCODE");
        })).isEqualTo(ExitCodes.REMOTE_FAILURE);
        assertThat(PowerShellInvoke.exitStatus(ERRORS, 7, () -> OptionalInt.of(3))).isEqualTo(7);
    }
}
