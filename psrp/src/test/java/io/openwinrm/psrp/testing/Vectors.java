package io.openwinrm.psrp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test helper: the recorded Windows PSRP messages under src/test/resources/vectors (copies of
 * shared/vectors/windows/psrp-*.xml) and the base64 PSRP payloads inside them.
 */
public final class Vectors {
    private static final Pattern PAYLOAD = Pattern.compile(
            "<(?:[\\w-]+:)?(creationXml|connectXml|connectResponseXml|Stream|Arguments)\\b[^>]*>([A-Za-z0-9+/=\\s]+)</");

    private Vectors() {
    }

    /** One base64 payload of a recorded message. */
    public record Payload(String file, String element, byte[] bytes) {
        @Override
        public String toString() {
            return file + " " + element + " (" + bytes.length + " bytes)";
        }
    }

    public static String text(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> psrpFiles() {
        try {
            Path dir = Path.of(Vectors.class.getResource("/vectors").toURI());
            try (Stream<Path> s = Files.list(dir)) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("psrp-")).sorted().toList();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PSRP payloads of one file, in document order. */
    public static List<Payload> payloads(String file) {
        List<Payload> out = new ArrayList<>();
        Matcher m = PAYLOAD.matcher(text(file));
        while (m.find()) {
            out.add(new Payload(file, m.group(1), Base64.getMimeDecoder().decode(m.group(2).strip())));
        }
        return out;
    }

    /** Every PSRP payload of every recorded message. */
    public static List<Payload> allPayloads() {
        List<Payload> out = new ArrayList<>();
        for (String f : psrpFiles()) {
            out.addAll(payloads(f));
        }
        return out;
    }
}
