package io.openwinrm.auth.account;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the account file.
 *
 * @param name     a valid user name ({@link UserNames})
 * @param password the PBKDF2 hash
 * @param ntHash   the NT hash for NTLM ({@link NtHash}), password-equivalent; empty for entries written before it
 * @param groups   group names, possibly empty
 * @param extra    fields this version does not understand, kept so that a rewrite does not lose them
 */
public record Account(String name, PasswordHash password, Optional<byte[]> ntHash, List<String> groups,
                      Map<String, String> extra) {

    public Account {
        UserNames.requireValid(name);
        Objects.requireNonNull(password, "password");
        ntHash = ntHash.map(byte[]::clone);
        ntHash.ifPresent(h -> {
            if (h.length != NtHash.LENGTH) {
                throw new IllegalArgumentException("NT hash must be 16 bytes");
            }
        });
        groups = List.copyOf(groups);
        extra = Map.copyOf(extra);
    }

    @Override
    public Optional<byte[]> ntHash() {
        return ntHash.map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "Account[" + name + ", groups=" + groups + "]";
    }
}
