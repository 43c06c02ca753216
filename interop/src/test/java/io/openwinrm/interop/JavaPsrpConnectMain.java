package io.openwinrm.interop;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.powershell.InvokeResult;
import io.openwinrm.client.powershell.Pipeline;
import io.openwinrm.client.powershell.PipelineListener;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PipelineResult;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.client.powershell.PsValues;
import io.openwinrm.client.powershell.RunspacePool;
import io.openwinrm.psrp.clixml.PsValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The second process of {@link JavaPsrpClientInteropTest}: a fresh JVM with its own client that lists the user's
 * disconnected pools, connects to one ([MS-PSRP] 3.1.4.10.3) and to its pipeline, prints that pipeline's output, runs
 * one more script and closes the pool. Arguments: endpoint URL, user, CA file, configuration name, pool id, pipeline
 * id, script; the password comes in {@code OPENWINRM_PASSWORD}. Prints {@code listed}, {@code pipeline X} per object,
 * {@code pipeline-state S}, then the script's output lines; exits 1 on any failure.
 */
public final class JavaPsrpConnectMain {
    private JavaPsrpConnectMain() {
    }

    public static void main(String[] args) {
        String password = System.getenv("OPENWINRM_PASSWORD");
        WinRmClient client = WinRmClient.builder().credentials(Credentials.basic(args[1], password.toCharArray()))
                .trustCertificates(Path.of(args[2])).operationTimeout(Duration.ofSeconds(5)).build();
        PowerShellClient ps = PowerShellClient.of(client, Endpoint.parse(args[0], false), args[3]);
        boolean listed = ps.listDisconnectedPools().stream().anyMatch(s -> s.shellId().equalsIgnoreCase(args[4]));
        if (!listed) {
            System.out.println("not listed");
            System.exit(1);
        }
        System.out.println("listed");
        try (RunspacePool pool = ps.connect(args[4])) {
            Pipeline p = pool.connectPipeline(UUID.fromString(args[5]), new PipelineListener() {
                @Override
                public void output(PsValue value) {
                    System.out.println("pipeline " + PsValues.toText(value));
                }
            });
            PipelineResult r = p.await(Duration.ofSeconds(60));
            System.out.println("pipeline-state " + r.state());
            InvokeResult more = pool.invoke(PipelineRequest.script(args[6]), Duration.ofSeconds(60));
            more.output().forEach(o -> System.out.println(PsValues.toText(o)));
        }
        System.out.flush();
        System.exit(0);
    }
}
