package io.openwinrm.cli.interactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.junit.jupiter.api.Test;

class TtySessionTest {

    @Test
    void rawModeTurnsOffEchoEditingSignalsAndTranslationButKeepsTheRest() {
        Attributes cooked = new Attributes();
        cooked.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ISIG, LocalFlag.IEXTEN,
                LocalFlag.ECHOCTL), true);
        cooked.setInputFlags(EnumSet.of(InputFlag.ICRNL, InputFlag.IXON, InputFlag.IUTF8), true);
        cooked.setOutputFlags(EnumSet.of(OutputFlag.OPOST, OutputFlag.ONLCR), true);
        cooked.setControlChar(ControlChar.VMIN, 0);
        cooked.setControlChar(ControlChar.VINTR, 3);

        Attributes raw = TtySession.raw(cooked);

        assertThat(raw.getLocalFlags()).doesNotContain(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ISIG,
                LocalFlag.IEXTEN);
        assertThat(raw.getInputFlags()).doesNotContain(InputFlag.ICRNL, InputFlag.IXON).contains(InputFlag.IUTF8);
        assertThat(raw.getOutputFlags()).doesNotContain(OutputFlag.OPOST);
        assertThat(raw.getControlChar(ControlChar.VMIN)).isEqualTo(1);
        assertThat(raw.getControlChar(ControlChar.VTIME)).isZero();
        assertThat(cooked.getLocalFlags()).as("the saved attributes are untouched").contains(LocalFlag.ICANON,
                LocalFlag.ISIG);
        assertThat(cooked.getOutputFlags()).contains(OutputFlag.OPOST);
    }
}
