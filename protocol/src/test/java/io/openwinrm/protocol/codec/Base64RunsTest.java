package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandRequest;
import io.openwinrm.protocol.shell.CommandStateInfo;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.shell.StreamData;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Taking long base64 text nodes out before parsing ({@link Base64Runs}) changes nothing a decoder reports: every
 * document decodes to the same envelope (or fails with the same fault) as it does parsed whole.
 */
class Base64RunsTest {
    private static final String TO = "http://h/wsman";
    private static final WsmanCodec CODEC = new WsmanCodec();

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sendRequest() {
        Header h = Header.request(WsmanAction.SEND, ResourceUris.SHELL, TO);
        return new String(CODEC.encode(new Envelope(h, new SendRequest(List.of(
                new StreamData("stdin", "C1", random(300_000, 1), false))))), StandardCharsets.UTF_8);
    }

    private static String receiveResponse() {
        Header h = Header.responseTo(Header.request(WsmanAction.RECEIVE, ResourceUris.SHELL, TO),
                WsmanAction.RECEIVE.responseUri());
        List<StreamData> streams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            streams.add(new StreamData(i % 2 == 0 ? "stdout" : "stderr", "C1", random(1000 + 40_000 * i, i), false));
        }
        streams.add(new StreamData("stdout", "C1", new byte[0], true));
        return new String(CODEC.encode(new Envelope(h, new ReceiveResponse(streams, CommandStateInfo.done("C1", 3),
                OptionalLong.of(7)))), StandardCharsets.UTF_8);
    }

    /** Decodes {@code xml} with the shortcut on, and with it off; both outcomes must be the same. */
    private static void sameEitherWay(String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(bytes, true)).isEqualTo(outcome(bytes, false));
    }

    private static String outcome(byte[] xml, boolean cutRuns) {
        try {
            return new String(CODEC.encode(CODEC.decode(xml, null, cutRuns)), StandardCharsets.UTF_8);
        } catch (WsmanFaultException e) {
            return "fault " + e.kind() + ": " + e.getMessage();
        }
    }

    @Test
    void aSendAndAReceiveResponseDecodeAsBeforeAndTheirPayloadsAreCutOut() {
        for (String xml : List.of(sendRequest(), receiveResponse())) {
            Base64Runs runs = Base64Runs.find(xml.getBytes(StandardCharsets.UTF_8), null, CodecLimits.DEFAULT);
            assertThat(runs).isNotNull();
            assertThat(runs.skeleton().length).isLessThan(4096);
            sameEitherWay(xml);
        }
        SendRequest send = (SendRequest) CODEC.decode(sendRequest().getBytes(StandardCharsets.UTF_8)).body();
        assertThat(send.streams().get(0).data()).isEqualTo(random(300_000, 1));
    }

    @Test
    void aLongBase64LookingTextElsewhereReadsBackUnchanged() {
        String word = "A".repeat(5000);
        Header h = Header.request(WsmanAction.COMMAND, ResourceUris.SHELL, TO);
        String xml = new String(CODEC.encode(new Envelope(h, new CommandRequest(null, word, List.of(word + "=",
                "x" + word)))), StandardCharsets.UTF_8);
        assertThat(Base64Runs.find(xml.getBytes(StandardCharsets.UTF_8), null, CodecLimits.DEFAULT)).isNotNull();
        sameEitherWay(xml);
        CommandRequest c = (CommandRequest) CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body();
        assertThat(c.command()).isEqualTo(word);
        assertThat(c.arguments()).containsExactly(word + "=", "x" + word);
    }

    @Test
    void runsInCommentsCdataProcessingInstructionsAndBrokenAttributesChangeNothing() {
        String payload = Base64.getEncoder().encodeToString(random(3000, 9));
        String send = sendRequest();
        String stream = send.substring(send.indexOf("<rsp:Stream"), send.indexOf("</rsp:Stream>") + 13);
        String open = stream.substring(0, stream.indexOf('>') + 1);
        List<String> variants = List.of(
                open + "<!--x>" + payload + "<y-->" + payload + "</rsp:Stream>",
                open + payload + "<![CDATA[" + payload + "]]></rsp:Stream>",
                open + "<![CDATA[>" + payload + "<]]></rsp:Stream>",
                open + "<![CDATA[" + payload + "]]>" + payload + "</rsp:Stream>",
                open + payload + "<?pi a>" + payload + "<b?>" + payload + "</rsp:Stream>",
                open.replace("Name=\"stdin\"", "Name=\"x>" + payload + "<\"") + payload + "</rsp:Stream>",
                open + payload.substring(0, 1000) + "\n" + payload.substring(1000) + "</rsp:Stream>",
                open + payload + "&#65;</rsp:Stream>",
                open + payload + "</rsp:Stream><rsp:Stream Name=\"stdin\">" + payload + "</rsp:Stream>",
                open + payload + "!" + "</rsp:Stream>");
        for (String v : variants) {
            sameEitherWay(send.replace(stream, v));
        }
    }

    @Test
    void otherEncodingsAndOverLimitRunsAreLeftToTheParser() {
        String xml = sendRequest();
        byte[] utf16 = ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + xml).getBytes(StandardCharsets.UTF_16);
        assertThat(Base64Runs.find(utf16, null, CodecLimits.DEFAULT)).isNull();
        assertThat(Base64Runs.find(xml.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE,
                CodecLimits.DEFAULT)).isNull();
        byte[] declared16 = ("<?xml version='1.0' encoding='utf-16'?>" + xml).getBytes(StandardCharsets.UTF_8);
        assertThat(Base64Runs.find(declared16, null, CodecLimits.DEFAULT)).isNull();
        sameEitherWay("<?xml version='1.0' encoding='ISO-8859-1'?>" + xml);
        sameEitherWay("<?xml version=\"1.0\"?>" + xml);
        assertThat(Base64Runs.find(("<?xml version='1.0' encoding='iso-8859-1'?>" + xml)
                .getBytes(StandardCharsets.ISO_8859_1), null, CodecLimits.DEFAULT)).isNotNull();

        CodecLimits small = new CodecLimits(64, 64, 64 * 1024, 100_000, 100_000, 64L * 1024 * 1024);
        assertThat(Base64Runs.find(xml.getBytes(StandardCharsets.UTF_8), null, small)).isNull();
        WsmanFaultException e = org.junit.jupiter.api.Assertions.assertThrows(WsmanFaultException.class,
                () -> new WsmanCodec(small).decode(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(e.getMessage()).contains("not a well-formed");
    }

    @Test
    void randomCutsOfRealMessagesDecodeOrFailAsBefore() {
        Random rnd = new Random(42);
        String send = sendRequest();
        String receive = receiveResponse();
        String alphabet = "<>/=&;!?[]-\"' A~\n";
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder(i % 2 == 0 ? send : receive);
            for (int k = 0; k < 3; k++) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 1 -> sb.deleteCharAt(at);
                    default -> sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            sameEitherWay(sb.toString());
        }
    }
}
