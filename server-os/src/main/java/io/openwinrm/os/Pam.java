package io.openwinrm.os;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.util.List;

/**
 * The Linux-PAM calls the server makes ({@code security/pam_appl.h}), bound with JNA: start a transaction for the
 * {@code openwinrm} service, authenticate, check the account, end. The conversation is a callback that PAM calls
 * with an array of message pointers (Linux-PAM's layout) and that must return responses allocated with
 * {@code malloc}, which PAM frees.
 */
interface Pam extends Library {

    Pam INSTANCE = Native.load("libpam.so.0", Pam.class);

    int PAM_SUCCESS = 0;
    int PAM_PERM_DENIED = 6;
    int PAM_AUTH_ERR = 7;
    int PAM_USER_UNKNOWN = 10;
    int PAM_MAXTRIES = 11;
    int PAM_NEW_AUTHTOK_REQD = 12;
    int PAM_ACCT_EXPIRED = 13;
    int PAM_CONV_ERR = 19;

    /** pam_set_item: the remote host. */
    int PAM_RHOST = 4;
    /** pam_set_item: the application's own failure-delay function, instead of PAM sleeping. */
    int PAM_FAIL_DELAY = 10;
    /** Flag: do not emit messages. */
    int PAM_SILENT = 0x8000;
    /** Flag for pam_authenticate: a null (empty) password is an error. */
    int PAM_DISALLOW_NULL_AUTHTOK = 0x0001;

    int PAM_PROMPT_ECHO_OFF = 1;
    int PAM_PROMPT_ECHO_ON = 2;
    int PAM_ERROR_MSG = 3;
    int PAM_TEXT_INFO = 4;

    /** {@code int (*conv)(int, const struct pam_message **, struct pam_response **, void *)}. */
    interface Conversation extends Callback {
        int callback(int count, Pointer messages, Pointer responses, Pointer appData);
    }

    /** {@code struct pam_conv}. */
    class Conv extends Structure {
        public Conversation conv;
        public Pointer appdata;

        public Conv(Conversation conv) {
            this.conv = conv;
        }

        @Override
        protected List<String> getFieldOrder() {
            return List.of("conv", "appdata");
        }
    }

    int pam_start(String service, String user, Conv conversation, PointerByReference handle);

    int pam_set_item(Pointer handle, int item, String value);

    /** {@code void (*delay_fn)(int retval, unsigned usec_delay, void *appdata_ptr)}. */
    interface FailDelay extends Callback {
        void callback(int status, int microseconds, Pointer appData);
    }

    int pam_set_item(Pointer handle, int item, FailDelay value);

    int pam_authenticate(Pointer handle, int flags);

    int pam_acct_mgmt(Pointer handle, int flags);

    int pam_end(Pointer handle, int status);

    String pam_strerror(Pointer handle, int error);
}
