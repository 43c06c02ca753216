package io.openwinrm.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.soap.UnsupportedBody;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recorded Windows request and response decodes, and re-encodes to something that decodes the same. */
class AllVectorsDecodeTest {
    private static final WsmanCodec CODEC = new WsmanCodec();

    /** Bodies outside the model that legitimately decode to UnsupportedBody (none left: cfg:Config is modelled). */
    private static final Set<String> UNMODELLED = Set.of();

    /** Requests Windows itself rejected; their decoding is asserted in {@link WindowsVectorsTest}. */
    private static final Set<String> REJECTED = Set.of("wsman-get-invalid-timeout-header.request.xml");

    /** Fixtures without a recorded header (WinRb stubs). */
    private static final Set<String> HEADERLESS = Set.of("winrb-quota-limit-fault.response.xml",
            "winrb-enumerate-fault-v1.response.xml");

    static Stream<String> requests() {
        return Vectors.vectorNames(".request.xml").stream().filter(n -> !REJECTED.contains(n));
    }

    static Stream<String> responses() {
        return Vectors.vectorNames(".response.xml").stream();
    }

    @ParameterizedTest
    @MethodSource("requests")
    void everyRequestDecodes(String name) {
        Envelope env = decodeChecked(name);
        assertThat(env.header().action()).as("Action of " + name).startsWith("http://");
        // winrm4j recordings are templates: MessageID is "${messageId}"
        assertThat(env.header().messageId()).as("MessageID of " + name).isNotBlank();
        assertThat(env.header().resourceUri()).as("ResourceURI of " + name).isNotBlank();
    }

    @ParameterizedTest
    @MethodSource("responses")
    void everyResponseDecodes(String name) {
        Envelope env = decodeChecked(name);
        if (!HEADERLESS.contains(name)) {
            assertThat(env.header().relatesTo()).as("RelatesTo of " + name).isNotBlank();
        }
        if (env.body() instanceof WsmanFault f) {
            if (!HEADERLESS.contains(name)) {
                assertThat(env.header().action()).endsWith("/fault");
            }
            assertThat(f.code()).isIn("s:Sender", "s:Receiver");
            assertThat(f.reason()).isNotBlank();
        } else {
            assertThat(env.header().action()).endsWith("Response");
        }
    }

    private static Envelope decodeChecked(String name) {
        Envelope env = CODEC.decode(Vectors.vector(name));
        if (UNMODELLED.contains(name)) {
            assertThat(env.body()).isInstanceOf(UnsupportedBody.class);
        } else {
            assertThat(env.body()).as("body of " + name).isNotInstanceOf(UnsupportedBody.class);
        }
        // the encoder's output of the same records decodes to equal records
        Envelope again = CODEC.decode(CODEC.encode(env));
        assertThat(again.header()).isEqualTo(env.header());
        if (!(env.body() instanceof UnsupportedBody)) {
            assertThat(again.body()).as("re-encoded body of " + name).isEqualTo(env.body());
        }
        return env;
    }

}
