package io.openwinrm.psrp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.ClixmlReader;
import io.openwinrm.psrp.clixml.ClixmlWriter;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.message.Destination;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.MessageType;
import io.openwinrm.psrp.message.PsrpMessage;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Token-level random CLIXML: sequences of plausible tags, attributes and texts fed to the reader and to every
 * message type's decoder. Only {@link PsrpException} may come out; whatever decodes re-encodes and decodes equal.
 */
@Timeout(120)
class ClixmlTokenFuzzTest {
    private static final String[] OPEN = {"<Obj RefId=\"%d\">", "<Obj N=\"%s\" RefId=\"%d\">", "<Obj>", "<MS>",
        "<Props>", "<LST>", "<IE>", "<STK>", "<QUE>", "<DCT>", "<En>", "<TN RefId=\"%d\">"};
    private static final String[] CLOSE = {"</Obj>", "</MS>", "</Props>", "</LST>", "</IE>", "</DCT>", "</En>",
        "</TN>"};
    private static final String[] LEAF = {"<S N=\"%s\">%s</S>", "<S>%s</S>", "<I32 N=\"%s\">%d</I32>", "<I64>%d</I64>",
        "<B N=\"%s\">true</B>", "<Nil N=\"%s\" />", "<Nil />", "<Ref N=\"%s\" RefId=\"%d\" />", "<Ref RefId=\"%d\" />",
        "<TNRef RefId=\"%d\" />", "<T>%s</T>", "<ToString>%s</ToString>", "<Version N=\"%s\">2.%d</Version>",
        "<S N=\"Key\">%s</S>", "<I32 N=\"Value\">%d</I32>", "<DT>2026-01-01T00:00:0%dZ</DT>", "<TS>PT%dS</TS>",
        "<G>%s</G>", "<BA>AAE=</BA>", "<SS>AAE=</SS>", "<C>%d</C>", "<Db>%d.5</Db>", "<U64>%d</U64>",
        "<By>%d</By>", "<URI>%s</URI>", "<SBK>%s</SBK>", "<XD>%s</XD>"};
    private static final String[] NAMES = {"MinRunspaces", "MaxRunspaces", "ci", "CI", "mi", "mp", "mr", "me", "Cmds",
        "Cmd", "Args", "N", "V", "IsScript", "PowerShell", "PipelineState", "RunspaceState", "protocolversion",
        "PSVersion", "SerializationVersion", "ExceptionAsErrorRecord", "Exception", "Message", "HostInfo",
        "ApplicationPrivateData", "PSVersionTable", "ExtraCmds", "UseLocalScope", "MergeError", "Type", "ActivityId",
        "Tags", "Key", "Value", "x_x0041_", ""};

    @Test
    void randomTokenDocuments() {
        Random random = new Random(99);
        ClixmlReader reader = new ClixmlReader();
        ClixmlWriter writer = new ClixmlWriter();
        MessageBodyCodec codec = new MessageBodyCodec(reader);
        int decoded = 0;
        for (int i = 0; i < Integer.getInteger("psrp.fuzz.iterations", 8000); i++) {
            String xml = document(random);
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            try {
                PsValue v = reader.read(bytes);
                assertThat(reader.read(writer.write(v))).isEqualTo(v);
                decoded++;
            } catch (PsrpException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
            MessageType type = MessageType.values()[random.nextInt(MessageType.values().length)];
            try {
                MessageBody body = codec.decode(new PsrpMessage(Destination.SERVER, type, UUID.randomUUID(),
                        UUID.randomUUID(), bytes));
                assertThat(codec.decode(codec.toMessage(body, Destination.SERVER, UUID.randomUUID(),
                        UUID.randomUUID()))).isEqualTo(body);
            } catch (PsrpException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
        assertThat(decoded).isGreaterThan(100);
    }

    private static String document(Random random) {
        StringBuilder sb = new StringBuilder();
        java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
        int tokens = 1 + random.nextInt(40);
        for (int t = 0; t < tokens; t++) {
            int pick = random.nextInt(10);
            if (pick < 3) {
                String open = OPEN[random.nextInt(OPEN.length)];
                sb.append(fill(random, open));
                String name = open.substring(1, open.indexOf(open.contains(" ") ? ' ' : '>'));
                stack.push("</" + name + ">");
            } else if (pick < 5 && !stack.isEmpty()) {
                sb.append(random.nextInt(20) == 0 ? CLOSE[random.nextInt(CLOSE.length)] : stack.pop());
            } else {
                sb.append(fill(random, LEAF[random.nextInt(LEAF.length)]));
            }
        }
        while (!stack.isEmpty() && random.nextInt(30) != 0) {
            sb.append(stack.pop());
        }
        return sb.toString();
    }

    private static String fill(Random random, String pattern) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            if (pattern.startsWith("%s", i)) {
                sb.append(NAMES[random.nextInt(NAMES.length)]);
                i += 2;
            } else if (pattern.startsWith("%d", i)) {
                sb.append(random.nextInt(8) == 0 ? -random.nextInt(5) : random.nextInt(6));
                i += 2;
            } else {
                sb.append(pattern.charAt(i++));
            }
        }
        return sb.toString();
    }
}
