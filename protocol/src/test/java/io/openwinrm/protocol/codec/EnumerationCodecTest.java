package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.CommandInfo;
import io.openwinrm.protocol.shell.CommandState;
import io.openwinrm.protocol.shell.EnumerateRequest;
import io.openwinrm.protocol.shell.EnumerateResponse;
import io.openwinrm.protocol.shell.EnumerationFilter;
import io.openwinrm.protocol.shell.PullRequest;
import io.openwinrm.protocol.shell.PullResponse;
import io.openwinrm.protocol.shell.ReleaseRequest;
import io.openwinrm.protocol.shell.ShellCreated;
import io.openwinrm.protocol.shell.ShellInfo;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.Namespaces;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * WS-Enumeration beyond Windows' optimized one-shot answer: filters in Enumerate, Pull, PullResponse, Release and
 * the non-optimized EnumerateResponse ([MS-WSMV] 3.1.4.8, 3.1.4.9, 3.1.4.10; WS-Enumeration 3.1-3.4), and the
 * WorkingDirectory that Windows echoes in the rsp:Shell of a Create response.
 */
class EnumerationCodecTest {
    private static final WsmanCodec CODEC = new WsmanCodec();
    private static final String TO = "http://h/wsman";

    private static String enumerate(String body) {
        return "<s:Envelope xmlns:s=\"" + Namespaces.SOAP12 + "\" xmlns:a=\"" + Namespaces.ADDRESSING
                + "\" xmlns:w=\"" + Namespaces.WSMAN + "\" xmlns:n=\"" + Namespaces.ENUMERATION + "\"><s:Header>"
                + "<a:Action>" + WsmanAction.ENUMERATE.uri() + "</a:Action><a:To>" + TO + "</a:To>"
                + "<a:MessageID>uuid:1</a:MessageID><w:ResourceURI>" + ResourceUris.SHELL + "</w:ResourceURI>"
                + "</s:Header><s:Body><n:Enumerate>" + body + "</n:Enumerate></s:Body></s:Envelope>";
    }

    private static EnumerateRequest decodeEnumerate(String body) {
        return CODEC.decode(enumerate(body).getBytes(StandardCharsets.UTF_8)).body(EnumerateRequest.class);
    }

    @Test
    void filtersAreDecodedWithTheirElementAndDialect() {
        assertThat(decodeEnumerate("<w:OptimizeEnumeration/><w:Filter Dialect=\""
                + EnumerationFilter.SELECTOR_DIALECT + "\"><w:SelectorSet><w:Selector Name=\"ShellId\">X"
                + "</w:Selector></w:SelectorSet></w:Filter>").filter())
                .contains(EnumerationFilter.shell("X"));
        assertThat(decodeEnumerate("<n:Filter Dialect=\" " + EnumerationFilter.WQL_DIALECT
                + " \">select * from x</n:Filter>").filter())
                .contains(new EnumerationFilter(false, EnumerationFilter.WQL_DIALECT));
        assertThat(decodeEnumerate("<n:Filter>/x</n:Filter>").filter()).contains(new EnumerationFilter(false, null));
        assertThat(decodeEnumerate("<w:OptimizeEnumeration/>").filter()).isEmpty();
        assertThat(decodeEnumerate("<w:MaxElements>3</w:MaxElements>").filter()).isEmpty();
    }

    @Test
    void badMaxElementsIsASchemaError() {
        assertThatThrownBy(() -> decodeEnumerate("<w:MaxElements>many</w:MaxElements>"))
                .isInstanceOfSatisfying(WsmanFaultException.class,
                        e -> assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION));
    }

    @Test
    void pypsrpCommandEnumerationFilterRoundTrips() {
        EnumerateRequest r = new EnumerateRequest(true, OptionalInt.of(32000),
                Optional.of(EnumerationFilter.shell("ABC")));
        String xml = new String(CODEC.encode(new Envelope(Header.request(WsmanAction.ENUMERATE, ResourceUris.SHELL,
                TO), r)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<w:Filter Dialect=\"" + EnumerationFilter.SELECTOR_DIALECT + "\"><w:SelectorSet>"
                + "<w:Selector Name=\"ShellId\">ABC</w:Selector></w:SelectorSet></w:Filter>");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(r);
    }

    @Test
    void commandItemsRoundTripAsRspCommand() {
        Header h = Header.responseTo(Header.request(WsmanAction.ENUMERATE, ResourceUris.SHELL, TO),
                WsmanAction.ENUMERATE.responseUri());
        EnumerateResponse r = new EnumerateResponse(null, List.of(), true,
                List.of(new CommandInfo("C1", CommandState.RUNNING), new CommandInfo("C2", CommandState.DONE)));
        String xml = new String(CODEC.encode(new Envelope(h, r)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<w:Items><rsp:Command><rsp:CommandId>C1</rsp:CommandId><rsp:CommandState>"
                + CommandState.RUNNING.uri() + "</rsp:CommandState></rsp:Command>");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(r);
        PullResponse p = new PullResponse(null, List.of(), true, List.of(new CommandInfo("C3", CommandState.PENDING)));
        assertThat(CODEC.decode(CODEC.encode(new Envelope(h.withAction(WsmanAction.PULL.responseUri()), p))).body())
                .isEqualTo(p);
    }

    @Test
    void enumerateRequestWithFilterRoundTrips() {
        EnumerateRequest r = new EnumerateRequest(true, OptionalInt.of(5),
                Optional.of(new EnumerationFilter(true, EnumerationFilter.WQL_DIALECT)));
        Envelope env = new Envelope(Header.request(WsmanAction.ENUMERATE, ResourceUris.SHELL, TO), r);
        assertThat(CODEC.decode(CODEC.encode(env)).body()).isEqualTo(r);
    }

    @Test
    void nonOptimizedEnumerateResponseCarriesOnlyTheContext() {
        Header h = Header.responseTo(Header.request(WsmanAction.ENUMERATE, ResourceUris.SHELL, TO),
                WsmanAction.ENUMERATE.responseUri());
        EnumerateResponse r = new EnumerateResponse("uuid:CTX", List.of(), false);
        String xml = new String(CODEC.encode(new Envelope(h, r)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<n:EnumerationContext>uuid:CTX</n:EnumerationContext>")
                .doesNotContain("Items").doesNotContain("EndOfSequence");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(r);
    }

    @Test
    void pullAndReleaseRoundTripInTheEnumerationNamespace() {
        PullRequest pull = new PullRequest("uuid:CTX", OptionalInt.of(2));
        String xml = new String(CODEC.encode(new Envelope(
                Header.request(WsmanAction.PULL, ResourceUris.SHELL, TO), pull)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<n:Pull><n:EnumerationContext>uuid:CTX</n:EnumerationContext>"
                + "<n:MaxElements>2</n:MaxElements></n:Pull>");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(pull);

        ReleaseRequest release = new ReleaseRequest("uuid:CTX");
        assertThat(CODEC.decode(CODEC.encode(new Envelope(
                Header.request(WsmanAction.RELEASE, ResourceUris.SHELL, TO), release))).body()).isEqualTo(release);
    }

    @Test
    void pullWithoutContextIsASchemaError() {
        String xml = enumerate("").replace("<n:Enumerate></n:Enumerate>", "<n:Pull><n:MaxElements>1</n:MaxElements>"
                + "</n:Pull>").replace(WsmanAction.ENUMERATE.uri(), WsmanAction.PULL.uri());
        assertThatThrownBy(() -> CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WsmanFaultException.class,
                        e -> assertThat(e.kind()).isEqualTo(FaultKind.SCHEMA_VALIDATION))
                .hasMessageContaining("EnumerationContext");
    }

    @Test
    void pullResponseOmitsTheContextOnceTheSequenceEnds() {
        Header h = Header.responseTo(Header.request(WsmanAction.PULL, ResourceUris.SHELL, TO),
                WsmanAction.PULL.responseUri());
        PullResponse more = new PullResponse("uuid:CTX", List.of(ShellInfo.builder("A").owner("alice").build()),
                false);
        String xml = new String(CODEC.encode(new Envelope(h, more)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<n:PullResponse><n:EnumerationContext>uuid:CTX</n:EnumerationContext><n:Items>"
                + "<rsp:Shell><rsp:ShellId>A</rsp:ShellId>").doesNotContain("EndOfSequence");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(more);

        PullResponse last = new PullResponse(null, List.of(ShellInfo.builder("B").build()), true);
        xml = new String(CODEC.encode(new Envelope(h, last)), StandardCharsets.UTF_8);
        assertThat(xml).doesNotContain("EnumerationContext").contains("</n:Items><n:EndOfSequence/>");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(last);
    }

    @Test
    void enumerationFaultsUseTheEnumerationActionAndSubcodes() {
        for (FaultKind k : List.of(FaultKind.FILTERING_NOT_SUPPORTED, FaultKind.FILTER_DIALECT_UNAVAILABLE,
                FaultKind.INVALID_ENUMERATION_CONTEXT)) {
            Header h = Header.responseTo(Header.request(WsmanAction.PULL, ResourceUris.SHELL, TO), k.action());
            byte[] wire = CODEC.encode(new Envelope(h, WsmanFault.of(new WsmanFaultException(k), "host")));
            Envelope back = CODEC.decode(wire);
            assertThat(back.header().action()).isEqualTo("http://schemas.xmlsoap.org/ws/2004/09/enumeration/fault");
            assertThat(back.body(WsmanFault.class).subcode()).startsWith("n:");
            assertThat(back.body(WsmanFault.class).kind()).contains(k);
        }
    }

    @Test
    void windowsCreateResponseEchoesTheWorkingDirectoryAfterClientIp() {
        ShellCreated c = CODEC.decode(Vectors.vector("winrs-create-extra-opts.response.xml")).body(ShellCreated.class);
        assertThat(c.workingDirectory()).isEqualTo("C:\\Windows");
        Header h = Header.responseTo(Header.request(WsmanAction.CREATE, ResourceUris.CMD_SHELL, TO),
                WsmanAction.CREATE.responseUri());
        String xml = new String(CODEC.encode(new Envelope(h, c)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<rsp:ClientIP>192.168.56.1</rsp:ClientIP><rsp:WorkingDirectory>C:\\Windows"
                + "</rsp:WorkingDirectory><rsp:IdleTimeOut>");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(c);
    }

    @Test
    void shellInfoWritesWorkingDirectoryAfterProcessId() {
        ShellInfo info = ShellInfo.builder("A").clientIp("::1").processId(42).workingDirectory("/srv")
                .locale("en-US").dataLocale("de-DE").memoryUsed("3MB").build();
        Header h = Header.responseTo(Header.request(WsmanAction.GET, ResourceUris.SHELL, TO),
                WsmanAction.GET.responseUri());
        String xml = new String(CODEC.encode(new Envelope(h, info)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<rsp:ProcessId>42</rsp:ProcessId><rsp:WorkingDirectory>/srv</rsp:WorkingDirectory>"
                + "<rsp:Locale>en-US</rsp:Locale><rsp:DataLocale>de-DE</rsp:DataLocale>");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(info);
    }
}
