package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmClient;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, finding 4: the brute-force throttle was bypassed in parallel. 61 Basic guesses sent at once on separate
 * connections were all evaluated (the block was only checked before, and failures only counted after, each password
 * check) and the right one succeeded past the limit of 10.
 *
 * <p>Here 61 TLS connections are opened first, then 60 wrong guesses and, last, the right password are written at
 * once. Only 10 guesses may be judged (each takes a slot before its check), the right one is refused with 401 like
 * the rest, a legitimate client with the right password is refused while the block lasts, and served once it expires.
 */
@Timeout(300)
class ParallelGuessAttackTest {

    private static final String USER = "guess-victim";
    private static final String PASSWORD = "pw-Guess-Victim-1234";
    private static final int GUESSES = 61;
    private static final int LIMIT = 10;
    private static final int BLOCK_S = 5;

    private static final String IDENTIFY = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
            + " xmlns:wsmid=\"http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd\"><s:Header/>"
            + "<s:Body><wsmid:Identify/></s:Body></s:Envelope>";

    private static String guess(URI uri, String password) {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        return RawHttp.head(uri, IDENTIFY.length(), "Content-Type: application/soap+xml;charset=UTF-8",
                "Authorization: Basic " + auth) + IDENTIFY;
    }

    @Test
    void sixtyOneParallelGuessesAreJudgedOnlyUpToTheLimitAndTheRightOneAmongTheLastIsRefused() throws Exception {
        try (ServerProcess server = ServerProcess.builder().account(USER, PASSWORD)
                .config("[security]\nisolation = \"off\"\n[service]\nauth_failure_limit = " + LIMIT
                        + "\nauth_failure_window_s = 60\nauth_block_s = " + BLOCK_S + "\n").start()) {
            URI https = server.https();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < GUESSES; i++) {
                    Socket s = RawHttp.connect(https, null);
                    s.setSoTimeout(120_000);
                    sockets.add(s);
                }
                // all at once: 60 wrong guesses, then the right password last
                for (int i = 0; i < GUESSES; i++) {
                    RawHttp.send(sockets.get(i), guess(https, i == GUESSES - 1 ? PASSWORD : "wrong-" + i));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Socket s : sockets) {
                    statuses.add(RawHttp.read(s.getInputStream()).status());
                }
                assertThat(statuses.get(GUESSES - 1)).as("the right password, sent among the last").isEqualTo(401);
                assertThat(statuses).as("no guess got through").containsOnly(401);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            Matcher judged = Pattern.compile("Authentication failed \\(Basic\\) for user '" + USER + "'")
                    .matcher(server.log());
            int failures = 0;
            while (judged.find()) {
                failures++;
            }
            System.out.printf("ParallelGuessAttackTest: %d guesses at once, %d judged (password checked and "
                    + "failed), the rest refused unjudged%n", GUESSES, failures);
            assertThat(failures).as("password checks that failed").isEqualTo(LIMIT);

            WinRmClient legit = WinRmClient.builder().credentials(Credentials.basic(USER, PASSWORD.toCharArray()))
                    .insecureSkipVerification(true).build();
            Endpoint endpoint = Endpoint.parse(https.toString(), false);
            assertThat(catchThrowable(() -> legit.run(endpoint, "echo blocked")))
                    .as("the right password while blocked").isInstanceOf(WinRmAuthenticationException.class);
            Thread.sleep((BLOCK_S + 1) * 1000L);
            assertThat(legit.run(endpoint, "echo served").stdoutText()).isEqualTo("served\n");
            assertThat(server.isAlive()).isTrue();
        }
    }
}
