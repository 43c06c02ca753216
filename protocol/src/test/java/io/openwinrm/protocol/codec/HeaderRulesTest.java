package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Namespaces;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 10 item 10: header rules of [MS-WSMV] 3.1.4.1.4, 3.1.4.1.9, 3.1.4.1.11 and SOAP 1.2's VersionMismatch. */
class HeaderRulesTest {
    private static final String MSG_ID = "uuid:11111111-2222-3333-4444-555555555555";
    private static final String ANON = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
    private final WsmanCodec codec = new WsmanCodec();

    private static String envelope(String headers) {
        return "<s:Envelope xmlns:s=\"" + Namespaces.SOAP12 + "\" xmlns:a=\"" + Namespaces.ADDRESSING
                + "\" xmlns:w=\"" + Namespaces.WSMAN + "\" xmlns:p=\"" + Namespaces.WSMV + "\"><s:Header>"
                + "<a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action>"
                + "<a:MessageID>" + MSG_ID + "</a:MessageID>" + headers + "</s:Header><s:Body/></s:Envelope>";
    }

    private Envelope decode(String xml) {
        return codec.decode(xml.getBytes(StandardCharsets.UTF_8));
    }

    private WsmanFaultException fault(String xml) {
        try {
            decode(xml);
        } catch (WsmanFaultException e) {
            return e;
        }
        throw new AssertionError("decoded without a fault: " + xml);
    }

    @Test
    void dataLocaleThatMustBeUnderstoodIsAnUnsupportedFeatureWithDetailDataLocale() {
        WsmanFaultException e = fault(envelope("<p:DataLocale s:mustUnderstand=\"true\" xml:lang=\"de-DE\"/>"));
        assertThat(e.kind()).isEqualTo(FaultKind.UNSUPPORTED_DATA_LOCALE);
        assertThat(e.requestHeader()).get().extracting(Header::messageId).isEqualTo(MSG_ID);
        WsmanFault f = WsmanFault.of(e, "h");
        assertThat(f.subcode()).isEqualTo("w:UnsupportedFeature");
        assertThat(f.faultDetail()).isEqualTo("http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/DataLocale");
        // as every client sends it (mustUnderstand false or absent): accepted
        assertThat(decode(envelope("<p:DataLocale s:mustUnderstand=\"false\" xml:lang=\"de-DE\"/>")).header()
                .dataLocale()).isEqualTo("de-DE");
    }

    @Test
    void faultToMustBeAnonymous() {
        WsmanFaultException e = fault(envelope("<a:FaultTo><a:Address>http://attacker.example/faults</a:Address>"
                + "</a:FaultTo>"));
        assertThat(e.kind()).isEqualTo(FaultKind.UNSUPPORTED_ADDRESSING_MODE);
        assertThat(WsmanFault.of(e, "h").faultDetail())
                .isEqualTo("http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/AddressingMode");
        assertThat(fault(envelope("<a:FaultTo/>")).kind()).isEqualTo(FaultKind.UNSUPPORTED_ADDRESSING_MODE);
        // the anonymous role, with or without the trailing slash 3.1.4.1.4 writes, mustUnderstand or not
        decode(envelope("<a:FaultTo s:mustUnderstand=\"true\"><a:Address>" + ANON + "</a:Address></a:FaultTo>"));
        decode(envelope("<a:FaultTo><a:Address>" + ANON + "/</a:Address></a:FaultTo>"));
    }

    @Test
    void requestEprIsIgnoredEvenWhenItMustBeUnderstood() {
        Envelope env = decode(envelope("<w:RequestEPR s:mustUnderstand=\"true\"/>"));
        assertThat(env.header().messageId()).isEqualTo(MSG_ID);
        // an unknown header that must be understood still is not
        assertThat(fault(envelope("<w:RequestEPRs s:mustUnderstand=\"true\"/>")).kind())
                .isEqualTo(FaultKind.MUST_UNDERSTAND);
    }

    @Test
    void soap11IsAVersionMismatchAnsweredInSoap12WithAnUpgradeHeader() {
        WsmanFaultException e = fault("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Header/><soap:Body/></soap:Envelope>");
        assertThat(e.kind()).isEqualTo(FaultKind.VERSION_MISMATCH);
        byte[] out = codec.encode(new Envelope(Header.responseTo(null, e.kind().action()), WsmanFault.of(e, "h")));
        Xml x = new Xml(out);
        assertThat(x.string("/s:Envelope/s:Body/s:Fault/s:Code/s:Value")).isEqualTo("s:VersionMismatch");
        assertThat(x.count("/s:Envelope/s:Body/s:Fault/s:Code/s:Subcode")).isZero();
        assertThat(x.string("/s:Envelope/s:Header/s:Upgrade/s:SupportedEnvelope/@qname")).isEqualTo("s:Envelope");
        assertThat(x.count("//f:WSManFault")).isZero();
        WsmanFault back = codec.decode(out).body(WsmanFault.class);
        assertThat(back.kind()).contains(FaultKind.VERSION_MISMATCH);
        assertThat(back.isTimedOut()).isFalse();
    }

    @Test
    void mustUnderstandFaultIsStillRecognisedAsSuch() {
        WsmanFaultException e = fault(envelope("<w:Bogus s:mustUnderstand=\"true\"/>"));
        WsmanFault back = codec.decode(codec.encode(new Envelope(Header.responseTo(null, e.kind().action()),
                WsmanFault.of(e, "h")))).body(WsmanFault.class);
        assertThat(back.kind()).contains(FaultKind.MUST_UNDERSTAND);
    }
}
