package io.openwinrm.server.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which authentication schemes the service accepts ([MS-WSMV] 2.2.4.42 Service/Auth).
 *
 * @param basic           Auth/Basic: HTTP Basic, over HTTPS (or HTTP listeners that allow unencrypted traffic)
 * @param negotiate       Auth/Negotiate: NTLMv2 through {@code Negotiate} (and the plain {@code NTLM} scheme), with
 *                        per-message encryption over HTTP
 * @param certificate     Auth/Certificate: TLS client certificates mapped to accounts (HTTPS listeners)
 * @param clientCaFile    PEM file of the issuers trusted for client certificates (required with certificate)
 * @param certificateMap  the certificate-to-account mapping file ({@code openwinrm user map-cert})
 * @param cbtHardening    Auth/CbtHardeningLevel: {@code none}, {@code relaxed} or {@code strict}
 * @param kerberos        Auth/Kerberos: on when present (through {@code Negotiate} and the {@code Kerberos} scheme)
 * @param passwordSource  where Basic (and CredSSP) passwords are checked: the account store, PAM, or PAM then the
 *                        store
 * @param credssp         Auth/CredSSP ([MS-CSSP]): clients delegate their password to this server; off by default,
 *                        as on Windows, because a compromised server learns those passwords
 */
public record AuthSettings(boolean basic, boolean negotiate, boolean certificate, Path clientCaFile,
        Path certificateMap, String cbtHardening, Optional<KerberosSettings> kerberos, PasswordSource passwordSource,
        boolean credssp) {

    /** What {@code serve} and {@code config check} say when CredSSP is on. */
    public static final String CREDSSP_WARNING = "warning: auth.credssp is on: CredSSP clients hand this server their"
            + " passwords (for the second hop); whoever controls this host or its TLS key can take them."
            + " Enable it only for hosts trusted like a domain controller, and prefer Kerberos delegation";

    public AuthSettings {
        Objects.requireNonNull(cbtHardening, "cbtHardening");
        Objects.requireNonNull(kerberos, "kerberos");
        Objects.requireNonNull(passwordSource, "passwordSource");
        if (!cbtHardening.equals("none") && !cbtHardening.equals("relaxed") && !cbtHardening.equals("strict")) {
            throw new IllegalArgumentException("cbt_hardening must be \"none\", \"relaxed\" or \"strict\"");
        }
        if (certificate && clientCaFile == null) {
            throw new IllegalArgumentException("certificate authentication needs auth.client_ca (the issuers to trust)");
        }
        if (!basic && !negotiate && !certificate && kerberos.isEmpty() && !credssp) {
            throw new IllegalArgumentException("no authentication scheme enabled");
        }
    }

    /** Without CredSSP. */
    public AuthSettings(boolean basic, boolean negotiate, boolean certificate, Path clientCaFile, Path certificateMap,
                        String cbtHardening, Optional<KerberosSettings> kerberos, PasswordSource passwordSource) {
        this(basic, negotiate, certificate, clientCaFile, certificateMap, cbtHardening, kerberos, passwordSource,
                false);
    }

    /** This configuration with CredSSP on or off. */
    public AuthSettings withCredSsp(boolean on) {
        return new AuthSettings(basic, negotiate, certificate, clientCaFile, certificateMap, cbtHardening, kerberos,
                passwordSource, on);
    }

    /** Without Kerberos, passwords from the account store. */
    public AuthSettings(boolean basic, boolean negotiate, boolean certificate, Path clientCaFile, Path certificateMap,
                        String cbtHardening) {
        this(basic, negotiate, certificate, clientCaFile, certificateMap, cbtHardening, Optional.empty());
    }

    /** Passwords from the account store. */
    public AuthSettings(boolean basic, boolean negotiate, boolean certificate, Path clientCaFile, Path certificateMap,
                        String cbtHardening, Optional<KerberosSettings> kerberos) {
        this(basic, negotiate, certificate, clientCaFile, certificateMap, cbtHardening, kerberos,
                PasswordSource.STORE);
    }

    /** Defaults: Basic (HTTPS) and Negotiate on, certificates off, CBT relaxed. */
    public static AuthSettings defaults(Path certificateMap) {
        return new AuthSettings(true, true, false, null, certificateMap, "relaxed");
    }
}
