package io.openwinrm.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowSizeTest {

    private static final String P = WindowSize.URI_PREFIX;

    @Test
    void parsesColumnsAndRowsInAnyOrder() {
        assertThat(WindowSize.parse(P + "?columns=120&rows=40")).contains(new WindowSize(120, 40));
        assertThat(WindowSize.parse(" " + P + "?rows=1&columns=10000 ")).contains(new WindowSize(10000, 1));
        assertThat(WindowSize.parse(P.toUpperCase() + "?columns=80&rows=24")).contains(new WindowSize(80, 24));
        assertThat(new WindowSize(90, 30).uri()).isEqualTo(P + "?columns=90&rows=30");
        assertThat(WindowSize.parse(new WindowSize(90, 30).uri())).contains(new WindowSize(90, 30));
    }

    @Test
    void refusesEverythingMalformed() {
        for (String query : new String[] {"", "?", "?columns=80", "?rows=24", "?columns=0&rows=24",
                "?columns=10001&rows=24", "?columns=80&rows=24&rows=25", "?columns=80&rows=24&x=1",
                "?columns=+80&rows=24", "?columns=8a&rows=24", "?columns=&rows=24", "?columns=080000&rows=2",
                "?columns=80;rows=24", "?Columns=80&rows=24", "?columns=-1&rows=24"}) {
            assertThat(WindowSize.parse(P + query)).as(query).isEqualTo(Optional.empty());
        }
        assertThat(WindowSize.isWindowSizeCode(P + "?columns=0&rows=0")).isTrue();
        assertThat(WindowSize.isWindowSizeCode(P + "x?columns=1&rows=1")).isFalse();
        assertThat(WindowSize.isWindowSizeCode("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_c"))
                .isFalse();
        assertThat(WindowSize.parse(null)).isEmpty();
    }
}
