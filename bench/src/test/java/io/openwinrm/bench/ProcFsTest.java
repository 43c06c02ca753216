package io.openwinrm.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcFsTest {

    @Test
    void parsesStatEvenWithSpacesAndParenthesesInTheName() {
        String line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 500 0 0 0 1234 567 89 10 20 0 31 0 100 "
                + "2862904 82000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        ProcFs.CpuTicks t = ProcFs.parseStat(line);
        assertThat(t.self()).isEqualTo(1234 + 567);
        assertThat(t.children()).isEqualTo(89 + 10);
        assertThat(t.total()).isEqualTo(1234 + 567 + 89 + 10);
        assertThat(ProcFs.parsePpid(line)).isEqualTo(1);
    }

    @Test
    void readsVmRss() {
        assertThat(ProcFs.parseRssKib("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  361268 kB\nThreads:\t31\n"))
                .isEqualTo(361268);
        assertThatThrownBy(() -> ProcFs.parseRssKib("Name:\tkthreadd\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void machineBusyLeavesOutIdleAndIowait() {
        String stat = "cpu  100 2 30 5000 7 1 4 3 0 0\ncpu0 50 1 15 2500 3 0 2 1 0 0\nintr 1\n";
        assertThat(ProcFs.parseMachineBusy(stat)).isEqualTo(100 + 2 + 30 + 1 + 4 + 3);
        assertThatThrownBy(() -> ProcFs.parseMachineBusy("intr 1\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void measuresThisProcess() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcFs.rssKib(pid)).isGreaterThan(1024);
        assertThat(ProcFs.cpu(pid).self()).isPositive();
    }
}
