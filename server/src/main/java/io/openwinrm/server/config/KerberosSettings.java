package io.openwinrm.server.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [kerberos]} section: how the server accepts Kerberos ([MS-WSMV] 2.2.4.42 Service/Auth/Kerberos).
 *
 * @param keytab       the service keys ({@code HTTP/host}, {@code WSMAN/host}); readable by the server (as root: the
 *                     monitor) only
 * @param principal    the one service principal to accept; empty for any in the keytab
 * @param realms       realms whose {@code user@REALM} runs as the OS account {@code user}; empty for the default realm
 *                     of krb5.conf
 * @param krb5Conf     the krb5.conf to use instead of the system's ({@code java.security.krb5.conf})
 * @param principalMap the explicit principal → account mappings ({@code openwinrm user map-principal})
 */
public record KerberosSettings(Path keytab, Optional<String> principal, List<String> realms, Optional<Path> krb5Conf,
                               Path principalMap) {

    public static final Path DEFAULT_KEYTAB = Path.of("/etc/krb5.keytab");

    public KerberosSettings {
        Objects.requireNonNull(keytab, "keytab");
        Objects.requireNonNull(principal, "principal");
        realms = List.copyOf(realms);
        Objects.requireNonNull(krb5Conf, "krb5Conf");
        Objects.requireNonNull(principalMap, "principalMap");
    }
}
