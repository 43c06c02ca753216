package io.openwinrm.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProcessUserTest {

    /** The answer is the one {@code id -u} gives for this process's user (run as root and as not in CI). */
    @Test
    void agreesWithId() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(p.waitFor()).isZero();
        assertThat(ProcessUser.isRoot()).isEqualTo(uid.equals("0"));
    }
}
