package io.openwinrm.auth.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The principal a successful authentication produced.
 *
 * @param name      the user name as authenticated (never {@code null} or empty)
 * @param mechanism the HTTP authentication scheme that authenticated it, e.g. {@code "Basic"}
 * @param domain    the domain or realm when the mechanism has one (NTLM, Kerberos); empty for local accounts
 * @param groups    group names known to the mechanism or account store; may be empty, never {@code null}
 * @param monitorSession on a privilege-separated server, the monitor's handle for this authentication: the proof
 *                  the network side shows the monitor when it asks for anything on this user's behalf; empty where
 *                  one process does everything
 * @param delegated credentials the client handed over for the second hop (a forwarded Kerberos TGT); only where the
 *                  authentication was judged, never on the network side of a privilege-separated server
 */
public record AuthenticatedUser(String name, String mechanism, Optional<String> domain, List<String> groups,
                                Optional<String> monitorSession, Optional<DelegatedCredentials> delegated) {

    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(domain, "domain");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("user name must not be empty");
        }
        groups = List.copyOf(groups);
        Objects.requireNonNull(monitorSession, "monitorSession");
        Objects.requireNonNull(delegated, "delegated");
    }

    /** Without delegated credentials. */
    public AuthenticatedUser(String name, String mechanism, Optional<String> domain, List<String> groups,
                             Optional<String> monitorSession) {
        this(name, mechanism, domain, groups, monitorSession, Optional.empty());
    }

    /** Without a monitor session. */
    public AuthenticatedUser(String name, String mechanism, Optional<String> domain, List<String> groups) {
        this(name, mechanism, domain, groups, Optional.empty());
    }

    /** A local user without domain or groups. */
    public AuthenticatedUser(String name, String mechanism) {
        this(name, mechanism, Optional.empty(), List.of(), Optional.empty());
    }
}
