package io.openwinrm.auth.kerberos;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.Oid;

/** The JGSS plumbing both sides share: mechanism and name OIDs, and running a call as a logged-in subject. */
public final class Jgss {

    /** The Kerberos V5 GSS mechanism, RFC 1964. */
    public static final Oid KRB5 = oid("1.2.840.113554.1.2.2");
    /** The Kerberos principal name type ({@code name@REALM}, {@code HTTP/host@REALM}), RFC 1964 2.1.1. */
    public static final Oid KRB5_PRINCIPAL = oid("1.2.840.113554.1.2.2.1");

    private Jgss() {
    }

    /** A GSS call. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws GSSException;
    }

    /**
     * Runs {@code call} with {@code subject}'s credentials (JGSS finds keys and tickets in the current subject).
     * {@code Subject.doAs} is the way that works on Java 17 to 25 ({@code callAs} arrived in 18).
     */
    @SuppressWarnings("removal")
    public static <T> T as(Subject subject, Call<T> call) throws GSSException {
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<T>) call::run);
        } catch (PrivilegedActionException e) {
            if (e.getException() instanceof GSSException g) {
                throw g;
            }
            throw new GSSException(GSSException.FAILURE, -1, e.getException().toString());
        }
    }

    static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
