package io.openwinrm.auth.encryption;

/**
 * Wire constants of WinRM message encryption ([MS-WSMV] 2.2.9.1.1 to 2.2.9.1.3).
 */
public final class EncryptionProtocol {

    /** {@code protocol} for Negotiate (NTLM or Kerberos inside SPNEGO, [MS-WSMV] 2.2.9.1.1). */
    public static final String SPNEGO = "application/HTTP-SPNEGO-session-encrypted";

    /** {@code protocol} for the {@code Kerberos} HTTP scheme ([MS-WSMV] 2.2.9.1.2). */
    public static final String KERBEROS = "application/HTTP-Kerberos-session-encrypted";

    /** {@code protocol} for CredSSP ([MS-WSMV] 2.2.9.1.3). */
    public static final String CREDSSP = "application/HTTP-CredSSP-session-encrypted";

    /** Media type of a body holding one encrypted part. */
    public static final String MULTIPART_ENCRYPTED = "multipart/encrypted";

    /** Media type of a CredSSP body holding several encrypted parts of at most {@link #CREDSSP_CHUNK} bytes. */
    public static final String MULTIPART_MULTI_ENCRYPTED = "multipart/x-multi-encrypted";

    /** The boundary every WinRM peer uses. */
    public static final String BOUNDARY = "Encrypted Boundary";

    /** CredSSP plaintext chunk size: one TLS record ([MS-WSMV] 2.2.9.1.3). */
    public static final int CREDSSP_CHUNK = 16384;

    /** The original content type of SOAP 1.2 in UTF-8, as clients write it ([MS-WSMV] 2.2.1). */
    public static final String SOAP_UTF8 = "application/soap+xml;charset=UTF-8";

    private EncryptionProtocol() {
    }

    /** Whether {@code protocol} names CredSSP, whose framing carries a TLS trailer length ([MS-WSMV] 2.2.9.1.3). */
    public static boolean isCredSsp(String protocol) {
        return CREDSSP.equalsIgnoreCase(protocol);
    }
}
