package io.openwinrm.os;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passwords the host already knows, checked through PAM as sshd does with {@code UsePAM yes}: {@code pam_start} for
 * the service ({@code openwinrm}: {@code /etc/pam.d/openwinrm}, which {@code openwinrm enable} installs, else PAM's
 * {@code other}), {@code pam_authenticate} with the password as the only answer, then {@code pam_acct_mgmt}, so a
 * locked, expired or password-expired account is refused. The reason goes to the log (and so the audit trail); the
 * client sees only a 401.
 *
 * <p>The conversation answers exactly one hidden prompt with the password. A module that asks anything else (a
 * visible prompt, a second password, a one-time code) gets a conversation error, so the login fails at once instead
 * of hanging on a question nobody will answer. Needs root for {@code pam_unix} to read {@code /etc/shadow}.
 *
 * <p>Thread-safe: every call has its own PAM transaction.
 */
public final class PamPasswordAuthenticator implements PasswordAuthenticator {

    /** The PAM service name. */
    public static final String SERVICE = "openwinrm";

    private static final Logger LOG = LoggerFactory.getLogger(PamPasswordAuthenticator.class);

    /**
     * Replaces the delay pam_unix and pam_faildelay ask for after a failure (2 s and more): it would hold an
     * authentication thread per guess, while the server's own failure throttle already slows guessing down per
     * address and per account, without making an account-store user wait for PAM to say no first.
     */
    private static final Pam.FailDelay NO_DELAY = (status, microseconds, appData) -> { };

    private final String service;

    public PamPasswordAuthenticator() {
        this(SERVICE);
    }

    public PamPasswordAuthenticator(String service) {
        this.service = service;
    }

    /** Whether libpam can be loaded here. */
    public static boolean available() {
        try {
            return Pam.INSTANCE != null;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return false;
        }
    }

    @Override
    public boolean authenticate(String userName, char[] password, ConnectionInfo connection) {
        // the monitor sees the address as the network side reported it: unresolved, so its host string
        return check(userName, password, connection == null ? null : connection.remoteAddress().getHostString())
                .ok();
    }

    /**
     * One PAM transaction.
     *
     * @param remoteHost PAM_RHOST, for modules that log or decide by it; may be null
     */
    public Result check(String userName, char[] password, String remoteHost) {
        if (userName.isEmpty() || userName.indexOf('\0') >= 0 || password.length == 0) {
            return new Result(false, "empty user name or password");
        }
        PasswordConversation conversation = new PasswordConversation(password);
        Pam.Conv conv = new Pam.Conv(conversation);
        PointerByReference handleRef = new PointerByReference();
        try {
            int rc = Pam.INSTANCE.pam_start(service, userName, conv, handleRef);
            if (rc != Pam.PAM_SUCCESS) {
                return new Result(false, "pam_start failed (" + rc + ")");
            }
            Pointer handle = handleRef.getValue();
            int status = rc;
            try {
                if (remoteHost != null) {
                    Pam.INSTANCE.pam_set_item(handle, Pam.PAM_RHOST, remoteHost);
                }
                Pam.INSTANCE.pam_set_item(handle, Pam.PAM_FAIL_DELAY, NO_DELAY);
                status = Pam.INSTANCE.pam_authenticate(handle, Pam.PAM_SILENT | Pam.PAM_DISALLOW_NULL_AUTHTOK);
                if (status != Pam.PAM_SUCCESS) {
                    return refused(userName, "authentication", handle, status, conversation);
                }
                status = Pam.INSTANCE.pam_acct_mgmt(handle, Pam.PAM_SILENT | Pam.PAM_DISALLOW_NULL_AUTHTOK);
                if (status != Pam.PAM_SUCCESS) {
                    return refused(userName, "account check", handle, status, conversation);
                }
                return new Result(true, "");
            } finally {
                Pam.INSTANCE.pam_end(handle, status);
            }
        } finally {
            conversation.wipe();
            // the callback must stay reachable until pam_end: PAM calls it from inside the calls above
            java.lang.ref.Reference.reachabilityFence(conv);
        }
    }

    private Result refused(String user, String stage, Pointer handle, int status, PasswordConversation c) {
        String reason = switch (status) {
            case Pam.PAM_ACCT_EXPIRED -> "the account has expired";
            case Pam.PAM_NEW_AUTHTOK_REQD -> "the password has expired and must be changed first";
            case Pam.PAM_PERM_DENIED -> "permission denied by PAM";
            case Pam.PAM_USER_UNKNOWN -> "no such user";
            case Pam.PAM_MAXTRIES -> "too many tries";
            case Pam.PAM_CONV_ERR -> c.refusal != null ? c.refusal : "conversation error";
            default -> Pam.INSTANCE.pam_strerror(handle, status);
        };
        LOG.warn("PAM {} for {} refused: {}", stage, user, reason);
        return new Result(false, reason);
    }

    /** The outcome, with a log-safe reason when refused. */
    public record Result(boolean ok, String reason) {
    }

    /**
     * Answers the first hidden prompt with the password; informational and error messages are acknowledged; anything
     * else fails the conversation (and so the login).
     */
    static final class PasswordConversation implements Pam.Conversation {

        private final byte[] secret;
        private boolean answered;
        String refusal;

        PasswordConversation(char[] password) {
            ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            secret = new byte[b.remaining()];
            b.get(secret);
            if (b.hasArray()) {
                Arrays.fill(b.array(), (byte) 0);
            }
        }

        void wipe() {
            Arrays.fill(secret, (byte) 0);
        }

        @Override
        public int callback(int count, Pointer messages, Pointer responses, Pointer appData) {
            if (count <= 0 || count > 32 || messages == null || responses == null) {
                return Pam.PAM_CONV_ERR;
            }
            int[] styles = new int[count];
            for (int i = 0; i < count; i++) {
                Pointer message = messages.getPointer((long) i * Native.POINTER_SIZE);
                styles[i] = message.getInt(0);
            }
            return answer(styles, responses);
        }

        /** The policy, apart from the native plumbing (so it can be tested without PAM). */
        int answer(int[] styles, Pointer responses) {
            int hidden = 0;
            for (int style : styles) {
                if (style == Pam.PAM_PROMPT_ECHO_OFF) {
                    hidden++;
                } else if (style == Pam.PAM_PROMPT_ECHO_ON) {
                    refusal = "PAM asked a visible question (only a password can be answered)";
                    return Pam.PAM_CONV_ERR;
                } else if (style != Pam.PAM_ERROR_MSG && style != Pam.PAM_TEXT_INFO) {
                    refusal = "PAM sent a message of unknown style " + style;
                    return Pam.PAM_CONV_ERR;
                }
            }
            if (hidden > 1 || (hidden == 1 && answered)) {
                refusal = "PAM asked for more than one password (a second factor or a new password)";
                return Pam.PAM_CONV_ERR;
            }
            if (responses == null) {
                return Pam.PAM_SUCCESS;
            }
            // struct pam_response { char *resp; int resp_retcode; }: 16 bytes on LP64; calloc'ed, freed by PAM
            long size = 2L * Native.POINTER_SIZE;
            Pointer array = new Pointer(Native.malloc(size * styles.length));
            array.clear(size * styles.length);
            for (int i = 0; i < styles.length; i++) {
                if (styles[i] == Pam.PAM_PROMPT_ECHO_OFF) {
                    Pointer text = new Pointer(Native.malloc(secret.length + 1L));
                    text.write(0, secret, 0, secret.length);
                    text.setByte(secret.length, (byte) 0);
                    array.setPointer(i * size, text);
                    answered = true;
                }
            }
            responses.setPointer(0, array);
            return Pam.PAM_SUCCESS;
        }
    }
}
