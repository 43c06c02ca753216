package io.openwinrm.server.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.ProviderFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.shell.ProgramNotFoundException;
import io.openwinrm.server.shell.ShellNotFoundException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 6: the faults whose shape Windows gives differently, as {@link FaultMapper} and {@link FaultMachine}
 * build them (expectations: the recordings named in each test; the encoded shapes are compared with them in the
 * protocol module's ProviderFaultShapeTest).
 */
class FaultShapeTest {

    private static final String ID = "37019EC2-6D37-4211-B2F2-05FD17AAD8AA";

    @Test
    void getOfAnUnknownShellComesFromTheShellProviderWithTheGenericText() {
        // wsman-get-shell-invalid-selectors.response.xml
        WsmanFaultException f = FaultMapper.toFault(new ShellNotFoundException(ID), WsmanAction.GET.uri());
        assertThat(f.kind()).isEqualTo(FaultKind.UNKNOWN_SHELL);
        assertThat(f.provider()).contains(ProviderFault.SHELL_PROVIDER);
        assertThat(f.detailText()).isEqualTo("The WS-Management service cannot process the request because the "
                + "request contained invalid selectors for the resource. ");
    }

    @Test
    void otherOperationsOnAnUnknownShellNameTheShellIdAsWindowsDoes() {
        for (WsmanAction a : new WsmanAction[] {WsmanAction.RECEIVE, WsmanAction.SIGNAL, WsmanAction.DELETE}) {
            WsmanFaultException f = FaultMapper.toFault(new ShellNotFoundException(ID), a.uri());
            assertThat(f.kind()).isEqualTo(FaultKind.UNKNOWN_SHELL);
            assertThat(f.provider()).isEmpty();
            // Windows (WinRb/WinRM#273): the id the client sent, between "ShellId" and "failed"
            assertThat(f.detailText()).isEqualTo("The request for the Windows Remote Shell with ShellId " + ID
                    + " failed because the shell was not found on the server. Possible causes are: the specified "
                    + "ShellId is incorrect or the shell no longer exists on the server. Provide the correct ShellId"
                    + " or create a new shell and retry the operation. ");
        }
        String huge = "A".repeat(10_000);
        assertThat(FaultMapper.toFault(new ShellNotFoundException(huge), WsmanAction.RECEIVE.uri()).detailText())
                .hasSizeLessThan(400);
    }

    @Test
    void programNotFoundIsTheCmdPluginsWin32Text() {
        // winrs-command-internal-error.response.xml
        WsmanFaultException f = FaultMapper.toFault(new ProgramNotFoundException("nope",
                new NoSuchFileException("nope")), WsmanAction.COMMAND.uri());
        assertThat(f.kind()).isEqualTo(FaultKind.PROGRAM_NOT_FOUND);
        assertThat(f.kind().wsmanCode()).isEqualTo(2147942402L);
        assertThat(f.provider()).contains(ProviderFault.SHELL_CMD_PLUGIN);
        assertThat(f.detailText()).isEqualTo("The system cannot find the file specified. ");
    }

    @Test
    void machineIsTheHostTheClientAddressed() {
        Header to = Header.builder().to("https://server2008r2.domain.local:5986/wsman").build();
        assertThat(FaultMachine.of(to, "other:5986", "ourname")).isEqualTo("server2008r2.domain.local");
        assertThat(FaultMachine.of(Header.builder().to("https://127.0.0.1:55986/wsman").build(), null, "ourname"))
                .isEqualTo("127.0.0.1");
        assertThat(FaultMachine.of(Header.builder().to("http://[::1]:5985/wsman").build(), null, "ourname"))
                .isEqualTo("[::1]");
        // no usable To: the HTTP Host header; neither: our own name
        assertThat(FaultMachine.of(Header.builder().build(), "winhost.example:5985", "ourname"))
                .isEqualTo("winhost.example");
        assertThat(FaultMachine.of(null, "10.0.0.5", "ourname")).isEqualTo("10.0.0.5");
        assertThat(FaultMachine.of(Header.builder().to("not a uri").build(), null, "ourname")).isEqualTo("ourname");
        // nothing but a plain host is echoed
        assertThat(FaultMachine.of(null, "a\"b<c", "ourname")).isEqualTo("ourname");
        assertThat(FaultMachine.of(null, "user@host", "ourname")).isEqualTo("ourname");
        assertThat(FaultMachine.of(null, "h".repeat(300), "ourname")).isEqualTo("ourname");
    }
}
