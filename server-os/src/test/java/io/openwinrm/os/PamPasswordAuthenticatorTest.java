package io.openwinrm.os;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PAM against real system accounts (as root): a {@code useradd} account whose password is set with {@code chpasswd}
 * logs in with it and not with another; locked ({@code usermod -L}) and expired ({@code chage -E 0}) accounts are
 * refused with the reason; and the conversation answers one hidden prompt and refuses anything more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PamPasswordAuthenticatorTest {

    private static final String PASSWORD = "Pam-pass-w0rd";

    private final TestUsers users = new TestUsers();
    private final PamPasswordAuthenticator pam = new PamPasswordAuthenticator();

    @BeforeAll
    void root() {
        TestUsers.assumeRootWithTools();
    }

    @AfterAll
    void cleanUp() throws IOException {
        users.close();
    }

    @Test
    void theHostsPasswordLogsIn() throws Exception {
        String name = users.user("pam1").name();
        setPassword(name, PASSWORD);
        assertThat(pam.check(name, PASSWORD.toCharArray(), "127.0.0.1").ok()).isTrue();
        PamPasswordAuthenticator.Result wrong = pam.check(name, "not-it".toCharArray(), "127.0.0.1");
        assertThat(wrong.ok()).isFalse();
        assertThat(pam.check("owtest-nobody-here", PASSWORD.toCharArray(), null).ok()).isFalse();
        assertThat(pam.check(name, new char[0], null).ok()).isFalse();
    }

    @Test
    void lockedAndExpiredAccountsAreRefused() throws Exception {
        String locked = users.user("pam2").name();
        setPassword(locked, PASSWORD);
        run("/usr/sbin/usermod", "-L", locked);
        assertThat(pam.check(locked, PASSWORD.toCharArray(), null).ok()).isFalse();

        String expired = users.user("pam3").name();
        setPassword(expired, PASSWORD);
        run("/usr/bin/chage", "-E", "0", expired);
        PamPasswordAuthenticator.Result r = pam.check(expired, PASSWORD.toCharArray(), null);
        assertThat(r.ok()).isFalse();
        // pam_unix already refuses an expired account's password in pam_authenticate (its shadow check), else
        // pam_acct_mgmt says why
        assertThat(r.reason()).isIn("the account has expired", "Authentication failure");
    }

    @Test
    void theConversationAnswersOnePasswordAndNothingElse() {
        PamPasswordAuthenticator.PasswordConversation c =
                new PamPasswordAuthenticator.PasswordConversation(PASSWORD.toCharArray());
        Memory slot = new Memory(Native.POINTER_SIZE);
        assertThat(c.answer(new int[] {Pam.PAM_TEXT_INFO, Pam.PAM_PROMPT_ECHO_OFF}, slot)).isEqualTo(Pam.PAM_SUCCESS);
        com.sun.jna.Pointer array = slot.getPointer(0);
        assertThat(array.getPointer(2L * Native.POINTER_SIZE).getString(0, StandardCharsets.UTF_8.name()))
                .isEqualTo(PASSWORD);
        assertThat(c.answer(new int[] {Pam.PAM_PROMPT_ECHO_OFF}, slot)).as("a second password").isEqualTo(
                Pam.PAM_CONV_ERR);
        PamPasswordAuthenticator.PasswordConversation d =
                new PamPasswordAuthenticator.PasswordConversation(PASSWORD.toCharArray());
        assertThat(d.answer(new int[] {Pam.PAM_PROMPT_ECHO_ON}, slot)).isEqualTo(Pam.PAM_CONV_ERR);
        assertThat(d.refusal).contains("visible question");
        assertThat(d.answer(new int[] {Pam.PAM_PROMPT_ECHO_OFF, Pam.PAM_PROMPT_ECHO_OFF}, slot))
                .isEqualTo(Pam.PAM_CONV_ERR);
    }

    private static void setPassword(String user, String password) throws Exception {
        Process p = new ProcessBuilder("/usr/sbin/chpasswd").redirectErrorStream(true).start();
        p.getOutputStream().write((user + ":" + password + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("chpasswd").isTrue();
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", argv)).isTrue();
    }
}
