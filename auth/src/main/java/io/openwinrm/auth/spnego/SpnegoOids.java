package io.openwinrm.auth.spnego;

import java.util.Set;

/** Mechanism OIDs seen in WinRM's Negotiate tokens (RFC 4178, [MS-SPNG] 2.2, RFC 1964, [MS-NLMP] 1.9). */
public final class SpnegoOids {

    /** SPNEGO, RFC 4178. */
    public static final String SPNEGO = "1.3.6.1.5.5.2";
    /** NTLMSSP, [MS-NLMP]. */
    public static final String NTLM = "1.3.6.1.4.1.311.2.2.10";
    /** Kerberos V5, RFC 1964. */
    public static final String KERBEROS = "1.2.840.113554.1.2.2";
    /** The Microsoft Kerberos OID Windows lists first ([MS-SPNG] 3.3.5.1). */
    public static final String MS_KERBEROS = "1.2.840.48018.1.2.2";
    /** Kerberos user-to-user. */
    public static final String KERBEROS_U2U = "1.2.840.113554.1.2.2.3";
    /** NegoEx, [MS-NEGOEX]. */
    public static final String NEGOEX = "1.3.6.1.4.1.311.2.2.30";

    /** Every Kerberos alias. */
    public static final Set<String> KERBEROS_FAMILY = Set.of(KERBEROS, MS_KERBEROS, KERBEROS_U2U);

    private SpnegoOids() {
    }
}
