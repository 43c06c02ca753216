package io.openwinrm.server.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.server.command.Codepage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodepageEnvironmentTest {

    @Test
    void utf8GetsAUtf8LocaleOnlyWhereTheAccountHasNone() {
        assertThat(CodepageEnvironment.of(Codepage.UTF_8, Map.of("LANG", "de_DE.ISO-8859-1")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("OPENWINRM_CODEPAGE", "65001", "LANG", "C.UTF-8"));
        assertThat(CodepageEnvironment.of(Codepage.UTF_8, Map.of()))
                .containsEntry("LANG", "C.UTF-8");
        assertThat(CodepageEnvironment.of(Codepage.UTF_8, Map.of("LANG", "fr_FR.utf8")))
                .containsExactlyEntriesOf(Map.of("OPENWINRM_CODEPAGE", "65001"));
        assertThat(CodepageEnvironment.of(Codepage.UTF_8, Map.of("LANG", "sr_RS.UTF-8@latin")))
                .doesNotContainKey("LANG");
    }

    @Test
    void anotherCodePageIsNamedAndTheLocaleLeftAlone() {
        assertThat(CodepageEnvironment.of(Codepage.of(437), Map.of("LANG", "C")))
                .containsExactlyEntriesOf(Map.of("OPENWINRM_CODEPAGE", "437"));
    }
}
