package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.client.CommandResult;
import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.transport.client.HttpConnection;
import io.openwinrm.transport.client.HttpResponse;
import io.openwinrm.transport.client.TlsClientSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hand-written requests against the running server: bad input gets the precise fault (or 401/413), and the server
 * keeps serving afterwards. Nothing ever runs for an unauthenticated request.
 */
@Timeout(60)
class RawProtocolTest {

    private static final String SHELL_URI = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";
    private static TestServer server;
    private static HttpConnection conn;
    private static String auth;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.Options.defaults().operationTimeoutCap(Duration.ofSeconds(60)));
        conn = new HttpConnection("127.0.0.1", server.httpsEndpoint().getPort(),
                TlsClientSettings.pinned(server.certificateSha256()), HttpConnection.Options.defaults());
        auth = "Basic " + Base64.getEncoder().encodeToString((server.user() + ":" + server.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        conn.close();
        server.close();
    }

    static HttpResponse post(String body, boolean withAuth) throws Exception {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        h.add(Map.entry("Content-Type", "application/soap+xml;charset=UTF-8"));
        if (withAuth) {
            h.add(Map.entry("Authorization", auth));
        }
        return conn.exchange("POST", "/wsman", h, body.getBytes(StandardCharsets.UTF_8));
    }

    static String envelope(String action, String resource, String selectors, String options, String body) {
        return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                + " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\""
                + " xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\"><s:Header>"
                + "<a:To>https://localhost/wsman</a:To>"
                + "<a:ReplyTo><a:Address s:mustUnderstand=\"true\">"
                + "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>"
                + "<a:Action s:mustUnderstand=\"true\">" + action + "</a:Action>"
                + "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>"
                + "<a:MessageID>uuid:0A1B2C3D-0000-0000-0000-000000000001</a:MessageID>"
                + "<w:OperationTimeout>PT2S</w:OperationTimeout>"
                + "<w:ResourceURI s:mustUnderstand=\"true\">" + resource + "</w:ResourceURI>"
                + selectors + options + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static String createShell() throws Exception {
        HttpResponse r = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", SHELL_URI, "", "",
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>"
                        + "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>"), true);
        assertThat(r.status()).isEqualTo(200);
        Matcher m = Pattern.compile("Name=\"ShellId\">([0-9A-F-]{36})<").matcher(body(r));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static String selector(String shellId) {
        return "<w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId + "</w:Selector></w:SelectorSet>";
    }

    static String body(HttpResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static void assertFault(HttpResponse r, String subcode, String code) {
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("application/soap+xml"));
        assertThat(body(r)).contains(subcode);
        if (code != null) {
            assertThat(body(r)).contains("Code=\"" + code + "\"");
        }
    }

    void assertStillServing() {
        WinRmClient c = WinRmClient.builder()
                .credentials(Credentials.basic(server.user(), server.password().toCharArray()))
                .pinCertificateSha256(server.certificateSha256()).build();
        CommandResult r = c.run(Endpoint.parse(server.httpsEndpoint().toString(), false), "echo alive");
        assertThat(r.stdoutText()).isEqualTo("alive\n");
    }

    @Test
    void relatesToEchoesTheMessageIdByteForByte() throws Exception {
        String shell = createShell();
        HttpResponse r = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", SHELL_URI,
                selector(shell), "", "").replace("uuid:0A1B2C3D-0000-0000-0000-000000000001",
                        "uuid:mixedCase-AbC-123"), true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).contains("RelatesTo>uuid:mixedCase-AbC-123<")
                .contains("http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse");
    }

    @Test
    void malformedXmlIsASchemaFault() throws Exception {
        assertFault(post("<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>", true),
                "SchemaValidationError", "2150858817");
        assertStillServing();
    }

    @Test
    void doctypeAndExternalEntitiesAreRefusedAndNothingIsRead() throws Exception {
        Path secret = Files.createTempFile("secret", ".txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM \"file://" + secret
                + "\">]>" + envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", SHELL_URI, "", "",
                        "<rsp:Shell><rsp:Name>&x;</rsp:Name></rsp:Shell>");
        HttpResponse r = post(xxe, true);
        assertThat(r.status()).isEqualTo(500);
        assertThat(body(r)).doesNotContain("TOP-SECRET-CONTENT");
        assertStillServing();
    }

    @Test
    void oversizedEnvelopeGets413WithoutProcessing() throws Exception {
        String big = envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", SHELL_URI, "", "",
                "<rsp:Shell><rsp:Name>" + "x".repeat(600 * 1024) + "</rsp:Name></rsp:Shell>");
        int before = server.shellCount();
        HttpResponse r = post(big, true);
        assertThat(r.status()).isEqualTo(413);
        assertThat(server.shellCount()).isEqualTo(before);
        conn.close();
        assertStillServing();
    }

    @Test
    void unknownActionAndResource() throws Exception {
        assertFault(post(envelope("http://example.com/NoSuchAction", SHELL_URI, "", "", ""), true),
                "ActionNotSupported", null);
        assertFault(post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create",
                "http://example.com/no/such/resource", "", "", "<rsp:Shell/>"), true), "DestinationUnreachable",
                null);
    }

    @Test
    void unknownShellIdIsInvalidSelectors() throws Exception {
        assertFault(post(envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive", SHELL_URI,
                selector("00000000-0000-0000-0000-000000000000"), "",
                "<rsp:Receive><rsp:DesiredStream CommandId=\"11111111-1111-1111-1111-111111111111\">stdout stderr"
                        + "</rsp:DesiredStream></rsp:Receive>"), true), "InvalidSelectors", "2150858843");
    }

    @Test
    void invalidBase64InSendIsInvalidParameter() throws Exception {
        String shell = createShell();
        HttpResponse cmd = post(envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command",
                SHELL_URI, selector(shell), "", "<rsp:CommandLine><rsp:Command>cat</rsp:Command></rsp:CommandLine>"),
                true);
        Matcher m = Pattern.compile("CommandId>([0-9A-F-]{36})<").matcher(body(cmd));
        assertThat(m.find()).isTrue();
        HttpResponse r = post(envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send", SHELL_URI,
                selector(shell), "", "<rsp:Send><rsp:Stream Name=\"stdin\" CommandId=\"" + m.group(1)
                        + "\">!!!not base64!!!</rsp:Stream></rsp:Send>"), true);
        assertThat(r.status()).isEqualTo(500);
        assertThat(body(r)).containsAnyOf("InvalidParameter", "SchemaValidationError");
    }

    @Test
    void receiveForAFinishedCommandIsInvalidSelectors() throws Exception {
        String shell = createShell();
        HttpResponse cmd = post(envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command",
                SHELL_URI, selector(shell), "", "<rsp:CommandLine><rsp:Command>true</rsp:Command></rsp:CommandLine>"),
                true);
        Matcher m = Pattern.compile("CommandId>([0-9A-F-]{36})<").matcher(body(cmd));
        assertThat(m.find()).isTrue();
        String receive = envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive", SHELL_URI,
                selector(shell), "", "<rsp:Receive><rsp:DesiredStream CommandId=\"" + m.group(1)
                        + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>");
        String done = "";
        for (int i = 0; i < 20 && !done.contains("CommandState/Done"); i++) {
            HttpResponse r = post(receive, true);
            done = body(r);
        }
        assertThat(done).contains("CommandState/Done").contains("<rsp:ExitCode>0</rsp:ExitCode>");
        assertFault(post(receive, true), "InvalidSelectors", "2150858843");
    }

    @Test
    void receiveWithNothingToSayIsTheTimedOutFault() throws Exception {
        String shell = createShell();
        HttpResponse cmd = post(envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command",
                SHELL_URI, selector(shell), "", "<rsp:CommandLine><rsp:Command>sleep 30</rsp:Command>"
                        + "</rsp:CommandLine>"), true);
        Matcher m = Pattern.compile("CommandId>([0-9A-F-]{36})<").matcher(body(cmd));
        assertThat(m.find()).isTrue();
        String receive = envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive", SHELL_URI,
                selector(shell), "", "<rsp:Receive><rsp:DesiredStream CommandId=\"" + m.group(1)
                        + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>");
        long t0 = System.nanoTime();
        HttpResponse r = post(receive, true);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertFault(r, "TimedOut", "2150858793");
        assertThat(body(r)).contains("OperationTimeout");
        // held as a long poll for a little less than the PT2S OperationTimeout, not answered at once
        assertThat(took).isBetween(Duration.ofMillis(1500), Duration.ofMillis(2500));
        post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", SHELL_URI, selector(shell), "", ""),
                true);
    }

    private static final String COMMAND = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command";
    private static final String RECEIVE = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive";
    /** OpenWinRM's own URI of the same (cmd) endpoint. */
    private static final String OWN_CMD_URI = "http://schemas.openwinrm.io/wbem/wsman/1/shell/cmd";

    static HttpResponse command(String uri, String shell, String options, String line) throws Exception {
        return post(envelope(COMMAND, uri, selector(shell), options, "<rsp:CommandLine><rsp:Command>" + line
                + "</rsp:Command></rsp:CommandLine>"), true);
    }

    static String commandId(HttpResponse r) {
        Matcher m = Pattern.compile("CommandId>([0-9A-F-]{36})<").matcher(body(r));
        assertThat(m.find()).as(body(r)).isTrue();
        return m.group(1);
    }

    /** Receives until CommandState Done; returns the stdout bytes as text and checks the exit code. */
    static String receiveAll(String shell, String commandId, int exitCode) throws Exception {
        String receive = envelope(RECEIVE, SHELL_URI, selector(shell), "", "<rsp:Receive><rsp:DesiredStream "
                + "CommandId=\"" + commandId + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>");
        StringBuilder out = new StringBuilder();
        Pattern stdout = Pattern.compile("<rsp:Stream Name=\"stdout\"[^>]*>([^<]+)</rsp:Stream>");
        for (int i = 0; i < 50; i++) {
            String reply = body(post(receive, true));
            Matcher m = stdout.matcher(reply);
            while (m.find()) {
                out.append(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
            }
            if (reply.contains("CommandState/Done")) {
                assertThat(reply).contains("<rsp:ExitCode>" + exitCode + "</rsp:ExitCode>");
                return out.toString();
            }
        }
        throw new AssertionError("no Done after 50 receives");
    }

    @Test
    void winrsSkipCmdShellIsIgnoredAsWindows2012R2AndLaterDo() throws Exception {
        // [MS-WSMV] 3.1.4.11 note <117>: Windows Server 2012 R2 and later ignore WINRS_SKIP_CMD_SHELL, so the command
        // line still goes through the command processor (taken as a program path it was "program not found")
        String shell = createShell();
        String id = commandId(command(SHELL_URI, shell, "<w:OptionSet><w:Option Name=\"WINRS_SKIP_CMD_SHELL\">"
                + "TRUE</w:Option></w:OptionSet>", "echo $((6 * 7)) \"$0\""));
        assertThat(receiveAll(shell, id, 0)).isEqualTo("42 /bin/sh\n");
        post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", SHELL_URI, selector(shell), "", ""),
                true);
    }

    @Test
    void aSecondCommandOnTheWinrsCmdShellIsRefusedUntilTheFirstOnesDoneWasDelivered() throws Exception {
        // [MS-WSMV] 3.1.4.11 note <121>: Windows refuses a new Command in a cmd shell until the previous command's
        // Done has been delivered. Windows' fault is not documented: we answer w:QuotaLimit (MaxProcessesPerShell,
        // limit 1), the fault that refusing one more process in a shell gets.
        String shell = createShell();
        String first = commandId(command(SHELL_URI, shell, "", "sleep 0.5; echo first"));
        HttpResponse refused = command(SHELL_URI, shell, "", "echo second");
        assertFault(refused, "w:QuotaLimit", "2150859241");
        assertThat(body(refused)).contains(first, "one command at a time");
        Thread.sleep(1500); // the first has exited, its Done not yet received
        assertFault(command(SHELL_URI, shell, "", "echo second"), "w:QuotaLimit", "2150859241");

        assertThat(receiveAll(shell, first, 0)).isEqualTo("first\n");
        String second = commandId(command(SHELL_URI, shell, "", "echo second"));
        assertThat(receiveAll(shell, second, 0)).isEqualTo("second\n");

        // OpenWinRM's own URI of the endpoint keeps concurrent commands, up to MaxProcessesPerShell
        String a = commandId(command(OWN_CMD_URI, shell, "", "sleep 0.3; echo a"));
        String b = commandId(command(OWN_CMD_URI, shell, "", "echo b"));
        assertThat(receiveAll(shell, b, 0)).isEqualTo("b\n");
        assertThat(receiveAll(shell, a, 0)).isEqualTo("a\n");
        post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", SHELL_URI, selector(shell), "", ""),
                true);
    }

    @Test
    void noAuthorizationMeans401AndNothingRuns() throws Exception {
        Path marker = server.home().resolve("must-not-exist");
        int shellsBefore = server.shellCount();
        String create = envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", SHELL_URI, "", "",
                "<rsp:Shell/>");
        HttpResponse r = post(create, false);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.headerValues("WWW-Authenticate")).anySatisfy(v -> assertThat(v).startsWith("Basic"));
        HttpResponse cmd = post(envelope("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command",
                SHELL_URI, selector("00000000-0000-0000-0000-000000000000"), "",
                "<rsp:CommandLine><rsp:Command>touch " + marker + "</rsp:Command></rsp:CommandLine>"), false);
        assertThat(cmd.status()).isEqualTo(401);
        assertThat(Files.exists(marker)).isFalse();
        assertThat(server.shellCount()).isEqualTo(shellsBefore);
    }

    @Test
    void wrongPasswordIs401() throws Exception {
        String saved = auth;
        try {
            auth = "Basic " + Base64.getEncoder().encodeToString((server.user() + ":wrong")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", SHELL_URI, "", "",
                    "<rsp:Shell/>"), true).status()).isEqualTo(401);
        } finally {
            auth = saved;
        }
        assertStillServing();
    }

    @Test
    void invalidOperationTimeoutIsInvalidHeader() throws Exception {
        String bad = envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", SHELL_URI, "", "",
                "<rsp:Shell/>").replace("PT2S", "PT-1S");
        assertFault(post(bad, true), "InvalidMessageInformationHeader", "2150858767");
    }

    @Test
    void unknownMustUnderstandHeaderIsAMustUnderstandFault() throws Exception {
        String bad = envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", SHELL_URI, "",
                "<w:ResourceUri s:mustUnderstand=\"true\">x</w:ResourceUri>", "<rsp:Shell/>");
        HttpResponse r = post(bad, true);
        assertThat(r.status()).isEqualTo(500);
        assertThat(body(r)).contains("MustUnderstand").contains("NotUnderstood");
    }
}
