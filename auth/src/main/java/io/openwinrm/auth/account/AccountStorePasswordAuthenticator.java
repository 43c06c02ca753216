package io.openwinrm.auth.account;

import io.openwinrm.auth.spi.ConnectionInfo;
import io.openwinrm.auth.spi.PasswordAuthenticator;
import java.util.Objects;

/** Checks Basic credentials against an {@link AccountStore}. */
public final class AccountStorePasswordAuthenticator implements PasswordAuthenticator {

    private final AccountStore store;

    public AccountStorePasswordAuthenticator(AccountStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public boolean authenticate(String userName, char[] password, ConnectionInfo connection) {
        return store.verify(userName, password);
    }
}
