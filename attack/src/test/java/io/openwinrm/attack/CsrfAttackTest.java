package io.openwinrm.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.ShellInfo;
import io.openwinrm.client.WinRmClient;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 9, finding 2: cross-site request forgery. A web page can make a browser that holds Basic (or Negotiate)
 * credentials for the host send two blind POSTs: a Create with a ShellId the page chose, then a Command in that shell.
 * The browser can only send the media types of a form or a "simple" request without a CORS preflight: {@code
 * text/plain} ({@code fetch(..., {mode: 'no-cors', body: soap})} sends exactly the SOAP), {@code
 * application/x-www-form-urlencoded}, {@code multipart/form-data}, or none (a typeless {@code Blob}). All are
 * answered 415 before authentication, the preflight that any other type would need is answered 405 without an
 * {@code Access-Control-*} header, and nothing runs. The same two requests as {@code application/soap+xml} do run
 * (the positive control: the payload is real), and a legitimate client is served throughout.
 */
@Timeout(180)
class CsrfAttackTest {

    private static final String USER = "csrf-victim";
    private static final String PASSWORD = "pw-Csrf-Victim-1234";
    private static final String SHELL_URI = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";
    private static final String CREATE = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Create";
    private static final String COMMAND = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command";
    private static final String BOUNDARY = "----WebKitFormBoundaryOpenWinRMcsrf";

    /** What the browser sends for each way a page can POST without a preflight: Content-Type (or null) and body. */
    private enum BrowserPost {
        TEXT_PLAIN("text/plain;charset=UTF-8"),
        FORM_URLENCODED("application/x-www-form-urlencoded"),
        MULTIPART_FORM("multipart/form-data; boundary=" + BOUNDARY),
        NO_TYPE(null);

        final String contentType;

        BrowserPost(String contentType) {
            this.contentType = contentType;
        }

        String body(String soap) {
            return switch (this) {
                case TEXT_PLAIN, NO_TYPE -> soap;
                case FORM_URLENCODED -> "xml=" + URLEncoder.encode(soap, StandardCharsets.UTF_8);
                case MULTIPART_FORM -> "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"xml\"\r\n\r\n"
                        + soap + "\r\n--" + BOUNDARY + "--\r\n";
            };
        }
    }

    static String envelope(String action, String selectors, String body) {
        return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                + " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\""
                + " xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\"><s:Header>"
                + "<a:To>https://victim:5986/wsman</a:To>"
                + "<a:ReplyTo><a:Address s:mustUnderstand=\"true\">"
                + "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"
                + "<a:Action s:mustUnderstand=\"true\">" + action + "</a:Action>"
                + "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>"
                + "<a:MessageID>uuid:" + UUID.randomUUID() + "</a:MessageID>"
                + "<w:OperationTimeout>PT20S</w:OperationTimeout>"
                + "<w:ResourceURI s:mustUnderstand=\"true\">" + SHELL_URI + "</w:ResourceURI>"
                + selectors + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static String create(String shellId) {
        return envelope(CREATE, "", "<rsp:Shell ShellId=\"" + shellId + "\"><rsp:InputStreams>stdin</rsp:InputStreams>"
                + "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>");
    }

    static String command(String shellId, Path marker) {
        return envelope(COMMAND, "<w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId
                + "</w:Selector></w:SelectorSet>", "<rsp:CommandLine><rsp:Command>touch " + marker
                + "</rsp:Command></rsp:CommandLine>");
    }

    /** One POST as the browser sends it: its cached Basic credentials, an Origin, and the page's media type. */
    static RawHttp.Response post(URI uri, String contentType, String body) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket s = RawHttp.connect(uri, null)) {
            s.setSoTimeout(30_000);
            String head = contentType == null
                    ? RawHttp.head(uri, bytes.length, "Origin: https://evil.example", "Authorization: " + auth,
                            "User-Agent: Mozilla/5.0")
                    : RawHttp.head(uri, bytes.length, "Origin: https://evil.example", "Authorization: " + auth,
                            "User-Agent: Mozilla/5.0", "Content-Type: " + contentType);
            RawHttp.send(s, head);
            s.getOutputStream().write(bytes);
            s.getOutputStream().flush();
            return RawHttp.read(s.getInputStream());
        }
    }

    @Test
    void browserFormPostsWithValidCredentialsAre415AndRunNothingWhileTheRealClientIsServed() throws Exception {
        try (ServerProcess server = ServerProcess.builder().account(USER, PASSWORD)
                .config("[security]\nisolation = \"off\"\n").start()) {
            URI https = server.https();
            WinRmClient legit = WinRmClient.builder().credentials(Credentials.basic(USER, PASSWORD.toCharArray()))
                    .insecureSkipVerification(true).build();
            Endpoint endpoint = Endpoint.parse(https.toString(), false);

            for (BrowserPost p : BrowserPost.values()) {
                String shellId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
                Path marker = server.home().resolve("csrf-" + p.name());
                RawHttp.Response created = post(https, p.contentType, p.body(create(shellId)));
                RawHttp.Response ran = post(https, p.contentType, p.body(command(shellId, marker)));
                for (RawHttp.Response r : List.of(created, ran)) {
                    assertThat(r.status()).as(p.name()).isEqualTo(415);
                    assertThat(r.hasHeaderStartingWith("Access-Control-")).as(p.name()).isFalse();
                }
                assertThat(legit.listShells(endpoint)).extracting(ShellInfo::shellId).as(p.name())
                        .doesNotContain(shellId);
                assertThat(marker).as(p.name()).doesNotExist();
            }

            // the preflight a page needs before it may send application/soap+xml cross-origin
            try (Socket s = RawHttp.connect(https, null)) {
                s.setSoTimeout(30_000);
                RawHttp.send(s, "OPTIONS /wsman HTTP/1.1\r\nHost: " + https.getHost() + "\r\n"
                        + "Origin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n"
                        + "Access-Control-Request-Headers: content-type\r\n\r\n");
                RawHttp.Response preflight = RawHttp.read(s.getInputStream());
                assertThat(preflight.status()).isEqualTo(405);
                assertThat(preflight.hasHeaderStartingWith("Access-Control-")).isFalse();
            }

            assertThat(legit.run(endpoint, "echo legit").stdoutText()).isEqualTo("legit\n");

            // positive control: the very same two requests as SOAP do create the shell and run the command
            String shellId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
            Path marker = server.home().resolve("csrf-control");
            assertThat(post(https, "application/soap+xml;charset=UTF-8", create(shellId)).status()).isEqualTo(200);
            assertThat(post(https, "application/soap+xml;charset=UTF-8", command(shellId, marker)).status())
                    .isEqualTo(200);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!Files.exists(marker) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(marker).as("the payload is a working attack when its type is accepted").exists();
            assertThat(legit.listShells(endpoint)).extracting(ShellInfo::shellId).contains(shellId);
            assertThat(server.isAlive()).isTrue();
        }
    }
}
