package io.openwinrm.auth.kerberos;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which OS account a Kerberos principal runs as: {@code alice@REALM} is the account {@code alice} when REALM is one of
 * the trusted realms (by default the default realm of krb5.conf); anything else only through an explicit entry
 * ({@code openwinrm user map-principal}). Instances (only service principals, with a {@code /}, are never users
 * unless mapped) and unknown realms are refused. Realm names compare exactly, as Kerberos does.
 *
 * @param realms   realms whose users are the same-named OS accounts
 * @param explicit principal (exact, {@code name@REALM}) → account name
 */
public record PrincipalMapper(Set<String> realms, Map<String, String> explicit) {

    public PrincipalMapper {
        realms = Set.copyOf(realms);
        explicit = Map.copyOf(explicit);
    }

    /** The account for {@code principal}, or empty when it may not log in. */
    public Optional<String> account(String principal) {
        String mapped = explicit.get(principal);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        int at = principal.lastIndexOf('@');
        if (at <= 0 || at == principal.length() - 1) {
            return Optional.empty();
        }
        String name = principal.substring(0, at);
        String realm = principal.substring(at + 1);
        if (!realms.contains(realm) || name.contains("/") || name.contains("\\") || name.contains("@")) {
            return Optional.empty();
        }
        return Optional.of(name);
    }
}
