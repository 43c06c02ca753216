package io.openwinrm.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.openwinrm.transport.server.IpFilter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The listener's IPv4Filter against a client at another address: a network namespace joined to this one by a veth
 * pair (10.213.x.1/30 here, .2 in the namespace). Needs root and {@code ip netns}; skipped otherwise.
 */
@Timeout(60)
class IpFilterNetnsTest {

    /** Connects, sends a POST without credentials, prints CONNECTED then the reply's first line or CLOSED. */
    private static final String CLIENT = String.join("\n",
            "import socket, sys",
            "s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)",
            "print('CONNECTED', flush=True)",
            "try:",
            "    s.sendall(b'POST /wsman HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n')",
            "except OSError:",
            "    pass",
            "data = b''",
            "try:",
            "    while True:",
            "        chunk = s.recv(4096)",
            "        if not chunk:",
            "            break",
            "        data += chunk",
            "except ConnectionResetError:",
            "    pass",
            "print(data.split(b'\\r\\n')[0].decode() if data else 'CLOSED', flush=True)");

    private final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private final String ns = "owrm-" + suffix;
    private final String vethRoot = "owr" + suffix;
    private final String vethNs = "own" + suffix;
    private final int subnet = 1 + new SecureRandom().nextInt(250);
    private final String rootAddress = "10.213." + subnet + ".1";
    private final String nsAddress = "10.213." + subnet + ".2";
    private final List<List<String>> cleanup = new ArrayList<>();

    @BeforeEach
    void network() throws Exception {
        assumeTrue(io.openwinrm.common.ProcessUser.isRoot(), "needs root to create a network namespace");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "iproute2 (ip) is not installed");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 is needed as the client");
        Result add = ip("netns", "add", ns);
        assumeTrue(add.code == 0, "cannot create a network namespace here: " + add.output);
        cleanup.add(0, List.of("netns", "del", ns));
        must("link", "add", vethRoot, "type", "veth", "peer", "name", vethNs);
        cleanup.add(0, List.of("link", "del", vethRoot));
        must("link", "set", vethNs, "netns", ns);
        must("addr", "add", rootAddress + "/30", "dev", vethRoot);
        must("link", "set", vethRoot, "up");
        must("netns", "exec", ns, "ip", "addr", "add", nsAddress + "/30", "dev", vethNs);
        must("netns", "exec", ns, "ip", "link", "set", vethNs, "up");
        must("netns", "exec", ns, "ip", "link", "set", "lo", "up");
    }

    @AfterEach
    void removeNetwork() throws Exception {
        for (List<String> c : cleanup) {
            ip(c.toArray(String[]::new));
        }
    }

    @Test
    void clientOutsideTheFilterIsClosedWithoutReplyAndInsideIsAnswered() throws Exception {
        try (TestServer loopbackOnly = TestServer.start(TestServer.Options.defaults().bind(rootAddress)
                .ipFilter(IpFilter.parse("127.0.0.0/8", "::1")))) {
            assertThat(client(loopbackOnly.httpEndpoint())).containsExactly("CONNECTED", "CLOSED");
            assertThat(client(loopbackOnly.httpsEndpoint())).containsExactly("CONNECTED", "CLOSED");
        }
        try (TestServer widened = TestServer.start(TestServer.Options.defaults().bind(rootAddress)
                .ipFilter(IpFilter.parse("127.0.0.0/8, " + nsAddress, "::1")))) {
            List<String> reply = client(widened.httpEndpoint());
            assertThat(reply).hasSize(2).first().isEqualTo("CONNECTED");
            assertThat(reply.get(1)).startsWith("HTTP/1.1 401");
        }
    }

    private List<String> client(URI endpoint) throws Exception {
        Result r = run(List.of("ip", "netns", "exec", ns, "/usr/bin/python3", "-c", CLIENT, endpoint.getHost(),
                String.valueOf(endpoint.getPort())));
        assertThat(r.code).as(r.output).isZero();
        return r.output.lines().toList();
    }

    private record Result(int code, String output) {
    }

    private static Result ip(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        return run(argv);
    }

    private static void must(String... args) throws IOException, InterruptedException {
        Result r = ip(args);
        assertThat(r.code).as("ip " + String.join(" ", args) + ": " + r.output).isZero();
    }

    private static Result run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + out);
        }
        return new Result(p.exitValue(), out.strip());
    }
}
