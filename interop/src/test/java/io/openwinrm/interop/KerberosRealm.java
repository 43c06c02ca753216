package io.openwinrm.interop;

import io.openwinrm.testkit.MitKdc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The interop tests' realm: the JVM's shared {@link MitKdc} with the principals every Kerberos test uses, made once:
 * users {@code tester} and {@code tester/admin} (an instance, no account), the server's {@code HTTP/localhost} key in a keytab,
 * {@code HTTP/elsewhere}, a service whose key the server does not have, and {@code HTTP/rc4host}, in the server's
 * keytab, for which the KDC issues RC4-HMAC session keys only.
 */
final class KerberosRealm {

    static final String REALM = "OPENWINRM.TEST";
    static final String PASSWORD = "Kerberos-tester-1";

    private static boolean populated;

    private KerberosRealm() {
    }

    /** The KDC, its principals made; fails (interop required) or aborts the test when MIT Kerberos is missing. */
    static synchronized MitKdc kdc() throws IOException {
        if (!MitKdc.available()) {
            String message = "the MIT KDC (krb5-kdc, krb5-admin-server) is not installed (bin/run-tests installs it)";
            if (PeerRequirement.required()) {
                Assertions.fail(message + "; OPENWINRM_INTEROP_REQUIRED=1 makes this a failure");
            }
            Assumptions.abort(message);
        }
        MitKdc kdc = MitKdc.shared(REALM);
        if (!populated) {
            kdc.addUser("tester", PASSWORD);
            kdc.addUser("tester/admin", PASSWORD);
            kdc.addService("HTTP/localhost", kdc.directory().resolve("http.keytab"));
            kdc.addService("HTTP/elsewhere", kdc.directory().resolve("elsewhere.keytab"));
            kdc.addService("HTTP/rc4host", kdc.directory().resolve("http.keytab"));
            kdc.kadmin("setstr HTTP/rc4host session_enctypes rc4-hmac");
            populated = true;
        }
        return kdc;
    }

    /** The keytab with the server's {@code HTTP/localhost} key. */
    static Path serviceKeytab() throws IOException {
        return kdc().directory().resolve("http.keytab");
    }

    /** A fresh credential cache of {@code user} (kinit with the realm's password). */
    static Path cache(String user) throws IOException {
        Path cache = Files.createTempFile(kdc().directory(), user.replace('/', '_'), ".ccache");
        kdc().kinit(user, PASSWORD, cache);
        return cache;
    }
}
