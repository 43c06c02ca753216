package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.config.ServiceConfig;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cfg:Config} of a Get of the configuration resource ([MS-WSMV] 2.2.4.10), against Windows' answer. */
class ConfigCodecTest {
    private static final WsmanCodec CODEC = new WsmanCodec();

    @Test
    void windowsConfigDecodes() {
        ServiceConfig c = CODEC.decode(Vectors.vector("wsman-get-config.response.xml")).body(ServiceConfig.class);
        assertThat(c.maxEnvelopeSizeKb()).isEqualTo(150);
        assertThat(c.maxTimeoutMs()).isEqualTo(60000);
        assertThat(c.maxBatchItems()).isEqualTo(32000);
        assertThat(c.service().maxConcurrentOperationsPerUser()).isEqualTo(1500);
        assertThat(c.service().enumerationTimeoutMs()).isEqualTo(240000);
        assertThat(c.service().maxConnections()).isEqualTo(300);
        assertThat(c.service().basic()).isTrue();
        assertThat(c.service().certificate()).isFalse();
        assertThat(c.service().credSsp()).isTrue();
        assertThat(c.service().cbtHardeningLevel()).isEqualTo("Relaxed");
        assertThat(c.winrs().idleTimeoutMs()).isEqualTo(7200000);
        assertThat(c.winrs().maxShellsPerUser()).isEqualTo(2147483647);
        assertThat(c.winrs().allowRemoteShellAccess()).isTrue();
        assertThat(c.listeners()).isEmpty();
    }

    @Test
    void writtenInWindowsOrderAndReadBack() {
        ServiceConfig c = new ServiceConfig(500, 60000, 32000,
                new ServiceConfig.Service(1500, 240000, 1024, false, true, false, true, false, false, "Relaxed"),
                new ServiceConfig.Winrs(true, 7200000, 10, 2147483647, 25, 2048, 30),
                List.of(new ServiceConfig.Listener("*", "HTTPS", 5986, true, "wsman")));
        Header h = Header.responseTo(Header.request(WsmanAction.GET, ResourceUris.CONFIG, "http://h/wsman"),
                WsmanAction.GET.responseUri());
        String xml = new String(CODEC.encode(new Envelope(h, c)), StandardCharsets.UTF_8);
        assertThat(xml).contains("<s:Body><cfg:Config xmlns:cfg=\"http://schemas.microsoft.com/wbem/wsman/1/config\">"
                + "<cfg:MaxEnvelopeSizekb>500</cfg:MaxEnvelopeSizekb><cfg:MaxTimeoutms>60000</cfg:MaxTimeoutms>"
                + "<cfg:MaxBatchItems>32000</cfg:MaxBatchItems><cfg:Service>");
        assertThat(xml.indexOf("<cfg:Service>")).isLessThan(xml.indexOf("<cfg:Winrs>"));
        assertThat(xml).contains("<cfg:MaxMemoryPerShellMB>2048</cfg:MaxMemoryPerShellMB>");
        assertThat(CODEC.decode(xml.getBytes(StandardCharsets.UTF_8)).body()).isEqualTo(c);
    }
}
