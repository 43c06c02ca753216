package io.openwinrm.bench;

import io.openwinrm.transport.tls.SelfSignedCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes the throwaway client certificate of the "HTTPS + client certificate" rows: self-signed (so its PEM is also
 * the server's {@code auth.client_ca}), EKU clientAuth, UPN SAN. {@code bench/run} calls it before it starts
 * {@code openwinrm serve}, then maps the certificate to the benchmark account with {@code user map-cert}.
 *
 * <pre>java -cp ... io.openwinrm.bench.ClientCertificateTool CERT.pem KEY.pem UPN</pre>
 */
public final class ClientCertificateTool {

    private ClientCertificateTool() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ClientCertificateTool CERT.pem KEY.pem UPN");
            System.exit(2);
            return;
        }
        String upn = args[2];
        String cn = upn.contains("@") ? upn.substring(0, upn.indexOf('@')) : upn;
        SelfSignedCertificates.generateClient(cn, upn, Duration.ofDays(1)).write(Path.of(args[0]), Path.of(args[1]));
    }
}
