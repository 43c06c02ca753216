package io.openwinrm.psrp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.ClixmlLimits;
import io.openwinrm.psrp.clixml.ClixmlReader;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.fragment.DefragmenterLimits;
import io.openwinrm.psrp.message.ErrorRecordMessage;
import io.openwinrm.psrp.message.InformationRecordMessage;
import io.openwinrm.psrp.message.InformationalMessage;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.MessageType;
import io.openwinrm.psrp.message.PipelineStateMessage;
import io.openwinrm.psrp.message.ProgressRecordMessage;
import io.openwinrm.psrp.message.PsrpMessage;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import io.openwinrm.psrp.message.RunspacePoolStateMessage;
import io.openwinrm.psrp.testing.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random mutations of the recorded Windows messages at three layers (fragment stream, message bytes, CLIXML
 * text): decoding never throws anything but {@link PsrpException}, never hangs, never runs out of memory.
 */
@Timeout(120)
class MutationTest {
    private static final String[] TAGS = {"Obj", "Ref", "TN", "TNRef", "MS", "Props", "LST", "DCT", "En", "S", "I32",
        "I64", "B", "Nil", "Version", "DT", "TS", "G", "BA", "U64", "Db", "ToString", "T", "PR", "X"};
    private static final String[] SNIPPETS = {"<", ">", "&", "&amp;", "\"", "'", "/>", "</Obj>", "<Obj RefId=\"0\">",
        "<Ref RefId=\"0\" />", "<Ref RefId=\"1\" />", "<TNRef RefId=\"0\" />", "_x", "_x0000_", "_xD800_", "-1",
        "99999999999999999999", "<!DOCTYPE x>", "<![CDATA[x]]>", "&#0;", "\u0000", "\uFFFF", "N=\"\"", " RefId=\"0\""};

    private final MessageBodyCodec codec = new MessageBodyCodec(new ClixmlReader(new ClixmlLimits(64, 50_000,
            1 << 20, 200_000)));
    private final List<Vectors.Payload> payloads = Vectors.allPayloads();
    private final List<byte[]> messages = new ArrayList<>();
    private int typed;
    private int refused;

    MutationTest() {
        for (Vectors.Payload p : payloads) {
            messages.addAll(new Defragmenter().feed(p.bytes()));
        }
    }

    @Test
    void tenThousandMutationsOnlyEverRaiseTheTypedError() {
        Random random = new Random(0x5EED);
        for (int i = 0; i < Integer.getInteger("psrp.fuzz.iterations", 10_000); i++) {
            switch (i % 3) {
                case 0 -> run(() -> decodeStream(mutate(random, payloads.get(random.nextInt(payloads.size())).bytes())));
                case 1 -> run(() -> decodeMessage(mutate(random, messages.get(random.nextInt(messages.size())))));
                default -> run(() -> decodeMessage(mutateClixml(random, messages.get(random.nextInt(messages.size())))));
            }
        }
        // the mutations reach every layer: some inputs still decode, others are refused
        assertThat(typed).isGreaterThan(500);
        assertThat(refused).isGreaterThan(500);
    }

    private void run(Runnable r) {
        try {
            r.run();
            typed++;
        } catch (PsrpException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
            refused++;
        }
    }

    private void decodeStream(byte[] stream) {
        Defragmenter d = new Defragmenter(new DefragmenterLimits(1 << 20, 4));
        for (byte[] m : d.feed(stream)) {
            decodeMessage(m);
        }
    }

    private void decodeMessage(byte[] bytes) {
        PsrpMessage m = PsrpMessageCodec.decode(bytes);
        MessageBody body = codec.decode(m);
        // typed views are decoders too
        if (body instanceof ErrorRecordMessage e) {
            e.errorRecord();
        } else if (body instanceof InformationalMessage e) {
            e.informationalRecord();
        } else if (body instanceof ProgressRecordMessage e) {
            e.progressRecord();
        } else if (body instanceof InformationRecordMessage e) {
            e.informationRecord();
        } else if (body instanceof RunspacePoolStateMessage s) {
            s.reason();
        } else if (body instanceof PipelineStateMessage s) {
            s.reason();
        }
        // and what decodes re-encodes
        if (body.type().isPresent()) {
            codec.decode(codec.toMessage(body, m.destination(), m.runspacePoolId(), m.pipelineId()));
        }
    }

    private static byte[] mutate(Random random, byte[] input) {
        byte[] b = input.clone();
        int n = 1 + random.nextInt(4);
        for (int k = 0; k < n && b.length > 0; k++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> b = Arrays.copyOf(b, at); // truncate
                case 3 -> { // delete a range
                    int len = Math.min(b.length - at, 1 + random.nextInt(16));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 4 -> { // duplicate a range
                    int len = Math.min(b.length - at, 1 + random.nextInt(64));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> b[at] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, '<', '>', '"'}[random.nextInt(7)];
            }
        }
        return b;
    }

    /** Mutates the CLIXML text of a message while keeping its header intact. */
    private static byte[] mutateClixml(Random random, byte[] message) {
        String xml = new String(message, PsrpMessage.HEADER_LENGTH, message.length - PsrpMessage.HEADER_LENGTH,
                StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(xml);
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n && sb.length() > 0; k++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(5)) {
                case 0 -> sb.insert(at, SNIPPETS[random.nextInt(SNIPPETS.length)]);
                case 1 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(20)));
                case 2 -> { // swap one tag name for another
                    int lt = sb.indexOf("<", at);
                    if (lt >= 0 && lt + 1 < sb.length()) {
                        int end = lt + 1;
                        while (end < sb.length() && Character.isLetterOrDigit(sb.charAt(end))) {
                            end++;
                        }
                        sb.replace(lt + 1, end, TAGS[random.nextInt(TAGS.length)]);
                    }
                }
                case 3 -> { // duplicate a slice (repeated RefIds, nested copies)
                    int len = Math.min(sb.length() - at, 1 + random.nextInt(200));
                    sb.insert(at, sb.substring(at, at + len));
                }
                default -> { // change a number
                    for (int i = at; i < sb.length(); i++) {
                        if (Character.isDigit(sb.charAt(i))) {
                            sb.setCharAt(i, (char) ('0' + random.nextInt(10)));
                            break;
                        }
                    }
                }
            }
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = Arrays.copyOf(message, PsrpMessage.HEADER_LENGTH + body.length);
        System.arraycopy(body, 0, out, PsrpMessage.HEADER_LENGTH, body.length);
        return out;
    }

    @Test
    void everyMessageTypeCodeInTheHeaderIsHandled() {
        byte[] base = messages.get(0);
        for (MessageType t : MessageType.values()) {
            byte[] m = base.clone();
            java.nio.ByteBuffer.wrap(m).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, t.code());
            run(() -> decodeMessage(m));
        }
        byte[] unknown = base.clone();
        java.nio.ByteBuffer.wrap(unknown).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, 0x00099999);
        assertThat(codec.decode(PsrpMessageCodec.decode(unknown)).type()).isEmpty();
    }
}
