package io.openwinrm.cli;

import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmClient;
import io.openwinrm.client.powershell.InvokeResult;
import io.openwinrm.client.powershell.PipelineRequest;
import io.openwinrm.client.powershell.PowerShellClient;
import io.openwinrm.client.powershell.PsValues;
import io.openwinrm.client.powershell.RunspacePool;
import io.openwinrm.common.ProductInfo;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.psrp.clixml.PsDictionary;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code openwinrm version} — the {@code $PSVersionTable} analog: this installation's product, protocol, Java and OS
 * versions; with {@code -c HOST}, what a remote service reports through Identify ([MS-WSMV] 3.1.4.1.23); with
 * {@code -c HOST --endpoint NAME}, the remote {@code $PSVersionTable} of that PowerShell endpoint.
 */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Show versions of this installation, or of a remote service (-c).")
final class VersionCommand implements Callable<Integer> {

    @Option(names = {"-c", "--computer-name"}, paramLabel = "HOST",
            description = "Ask this host (name, name:port or URL) through Identify.")
    String host;

    @Option(names = "--authenticate", description = "Identify with credentials: the service then also reports its "
            + "OS version and security profiles.")
    boolean authenticate;

    @Option(names = {"--endpoint", "--configuration-name"}, paramLabel = "NAME", description = "With -c: a PowerShell "
            + "endpoint (session configuration, e.g. Microsoft.PowerShell or a restricted endpoint); prints the remote "
            + "$PSVersionTable through PowerShell Remoting (needs credentials) instead of the Identify answer.")
    String endpointName;

    @Option(names = "--json", description = "Print the table as one JSON object.")
    boolean json;

    @Mixin
    ClientOptions client;

    @Override
    public Integer call() {
        Map<String, String> table = new LinkedHashMap<>();
        if (endpointName != null && host == null) {
            throw new CliException(ExitCodes.USAGE, "--endpoint needs -c HOST");
        }
        if (endpointName != null) {
            table.putAll(psVersionTable(parse(host), EndpointNames.valid(endpointName)));
        } else if (host == null) {
            table.put("Product", ProductInfo.PRODUCT);
            table.put("Version", ProductInfo.version());
            table.put("ProtocolVersion", ProductInfo.PROTOCOL_VERSION);
            table.put("StackVersion", ProductInfo.STACK_VERSION);
            table.put("JavaVersion", System.getProperty("java.runtime.version", System.getProperty("java.version")));
            table.put("JavaVendor", System.getProperty("java.vendor"));
            table.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"));
        } else {
            Endpoint endpoint = parse(host);
            IdentifyResponse r = identify(endpoint);
            table.put("ComputerName", endpoint.host());
            table.put("Endpoint", endpoint.toString());
            table.put("ProductVendor", r.productVendor());
            table.put("ProductVersion", r.productVersion());
            table.put("ProtocolVersion", r.protocolVersion());
            if (!r.securityProfiles().isEmpty()) {
                table.put("SecurityProfiles", String.join(" ", r.securityProfiles()));
            }
        }
        if (json) {
            JsonOutput.print(System.out, table);
        } else {
            print(table);
        }
        return ExitCodes.OK;
    }

    private Endpoint parse(String text) {
        try {
            return Endpoint.parse(text, client.http);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "invalid host '" + text + "': " + e.getMessage());
        }
    }

    /**
     * The remote {@code $PSVersionTable}: the output of that one-word script in a pool of the configuration, or, where
     * the endpoint runs no scripts (NoLanguage), the table the server sent in APPLICATION_PRIVATE_DATA when the pool
     * opened ([MS-PSRP] 2.2.2.13).
     */
    private Map<String, String> psVersionTable(Endpoint endpoint, String configuration) {
        Map<String, String> table = new LinkedHashMap<>();
        try (RunspacePool pool = PowerShellClient.of(client.buildClient(), endpoint, configuration).open()) {
            InvokeResult r = pool.invoke(PipelineRequest.script("$PSVersionTable"), Duration.ofMinutes(2));
            if (!r.hadErrors() && r.output().size() == 1 && PsValues.toJava(r.output().get(0)) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> table.put(String.valueOf(k), text(v)));
                return table;
            }
            PsDictionary sent = pool.applicationPrivateData().flatMap(d -> d.psVersionTable()).orElseThrow(() ->
                    new CliException(ExitCodes.REMOTE_FAILURE, "the endpoint '" + configuration + "' on " + endpoint
                            + " gave no $PSVersionTable" + r.result().reason().map(x -> ": " + x.message())
                            .orElse("")));
            sent.entries().forEach(e -> table.put(PsValues.toText(e.key()), PsValues.toText(e.value())));
            return table;
        }
    }

    private static String text(Object v) {
        if (v instanceof java.util.List<?> l) {
            return String.join(", ", l.stream().map(String::valueOf).toList());
        }
        return v == null ? "" : String.valueOf(v);
    }

    private IdentifyResponse identify(Endpoint endpoint) {
        if (authenticate) {
            return client.buildClient().identify(endpoint, true);
        }
        // No credentials needed: build a client with a placeholder that is never sent.
        WinRmClient anonymous = WinRmClient.builder()
                .credentials(io.openwinrm.client.Credentials.basic("anonymous", new char[0]))
                .trustCertificates(client.caFile).pinCertificateSha256(client.fingerprint)
                .insecureSkipVerification(client.insecure).build();
        return anonymous.identify(endpoint, false);
    }

    private static void print(Map<String, String> table) {
        int width = table.keySet().stream().mapToInt(String::length).max().orElse(4) + 2;
        System.out.printf("%-" + width + "s%s%n", "Name", "Value");
        System.out.printf("%-" + width + "s%s%n", "----", "-----");
        table.forEach((k, v) -> System.out.printf("%-" + width + "s%s%n", k, v == null ? "" : v));
    }
}
