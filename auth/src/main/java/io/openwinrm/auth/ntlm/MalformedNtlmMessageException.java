package io.openwinrm.auth.ntlm;

/** A token that is not a well-formed NTLM message of the expected type ([MS-NLMP] 2.2.1). */
public final class MalformedNtlmMessageException extends NtlmException {
    private static final long serialVersionUID = 1L;

    public MalformedNtlmMessageException(String message) {
        super(message);
    }
}
