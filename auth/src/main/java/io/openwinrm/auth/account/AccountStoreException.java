package io.openwinrm.auth.account;

import java.io.IOException;

/** The account file could not be read, parsed, trusted or written, or an operation on it is invalid. */
public final class AccountStoreException extends IOException {
    private static final long serialVersionUID = 1L;

    public AccountStoreException(String message) {
        super(message);
    }

    public AccountStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
