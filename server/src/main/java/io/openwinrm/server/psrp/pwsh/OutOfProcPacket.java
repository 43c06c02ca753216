package io.openwinrm.server.psrp.pwsh;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One packet of PowerShell's out-of-process transport ({@code pwsh -s}, the one its SSH remoting and Start-Job use;
 * PowerShell {@code OutOfProcessUtils}, psrp.md 5.1): one XML element per line, attribute values in single quotes,
 * GUIDs in lower-case D format, the zero GUID for the pool. {@link Data} carries base64 PSRP fragment bytes
 * ([MS-PSRP] 2.2.4); the others are control packets and their acknowledgements.
 */
sealed interface OutOfProcPacket {

    /** The pool's PSGuid. */
    UUID POOL = new UUID(0, 0);

    /** The target: {@link #POOL} or a pipeline id. */
    UUID psGuid();

    /** The line, without its line break. */
    String format();

    /** The stream of a {@link Data} packet: {@code Default}, or {@code PromptResponse} for host responses. */
    enum Stream {
        DEFAULT("Default"), PROMPT_RESPONSE("PromptResponse");

        private final String wire;

        Stream(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }
    }

    /** Fragment bytes for a target. */
    record Data(Stream stream, UUID psGuid, byte[] data) implements OutOfProcPacket {
        public Data {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(psGuid, "psGuid");
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public String format() {
            return "<Data Stream='" + stream.wire() + "' PSGuid='" + psGuid + "'>"
                    + Base64.getEncoder().encodeToString(data) + "</Data>";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && stream == d.stream && psGuid.equals(d.psGuid) && Arrays.equals(data, d.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(stream, psGuid) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Data[" + stream + ", " + psGuid + ", " + data.length + " bytes]";
        }
    }

    /** A control packet ({@code Command}, {@code Signal}, {@code Close}) or an acknowledgement. */
    record Control(Kind kind, UUID psGuid) implements OutOfProcPacket {
        public Control {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(psGuid, "psGuid");
        }

        @Override
        public String format() {
            return "<" + kind.element() + " PSGuid='" + psGuid + "' />";
        }
    }

    /** The kinds of control packets. */
    enum Kind {
        DATA_ACK("DataAck"), COMMAND("Command"), COMMAND_ACK("CommandAck"), SIGNAL("Signal"),
        SIGNAL_ACK("SignalAck"), CLOSE("Close"), CLOSE_ACK("CloseAck");

        private final String element;

        Kind(String element) {
            this.element = element;
        }

        String element() {
            return element;
        }

        /** Whether {@code pwsh} sends this kind (the acknowledgements); the others only a client sends. */
        boolean isAck() {
            return this == DATA_ACK || this == COMMAND_ACK || this == SIGNAL_ACK || this == CLOSE_ACK;
        }
    }

    /** A line {@link #parse} refused; the message names what was wrong, never the line's content. */
    final class MalformedPacketException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedPacketException(String message) {
            super(message);
        }
    }

    /**
     * Parses one line as {@code pwsh} writes it: exactly the shapes above (single or double quotes, optional space
     * before {@code />}); anything else is refused, as {@code pwsh} itself refuses unknown elements.
     */
    static OutOfProcPacket parse(String line) throws MalformedPacketException {
        Matcher data = Syntax.DATA.matcher(line);
        if (data.matches()) {
            Stream stream = data.group(1).equals(Stream.DEFAULT.wire()) ? Stream.DEFAULT : Stream.PROMPT_RESPONSE;
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(data.group(3));
            } catch (IllegalArgumentException e) {
                throw new MalformedPacketException("a Data packet whose content is not base64");
            }
            return new Data(stream, guid(data.group(2)), bytes);
        }
        Matcher control = Syntax.CONTROL.matcher(line);
        if (control.matches()) {
            for (Kind k : Kind.values()) {
                if (k.element().equals(control.group(1))) {
                    return new Control(k, guid(control.group(2)));
                }
            }
        }
        throw new MalformedPacketException("a line that is no out-of-process packet ("
                + (line.length() > 20 ? line.length() + " characters" : "'" + line.replaceAll("[^ -~]", "?") + "'")
                + ")");
    }

    private static UUID guid(String text) throws MalformedPacketException {
        try {
            return UUID.fromString(text.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedPacketException("a packet whose PSGuid is not a GUID");
        }
    }

    /** The grammar. */
    final class Syntax {
        private static final String GUID = "([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})";
        static final Pattern DATA = Pattern.compile("<Data Stream=['\"](Default|PromptResponse)['\"] PSGuid=['\"]"
                + GUID + "['\"]>([A-Za-z0-9+/=]*)</Data>");
        static final Pattern CONTROL = Pattern.compile("<(DataAck|CommandAck|SignalAck|CloseAck|Command|Signal|Close)"
                + " PSGuid=['\"]" + GUID + "['\"] ?/>");

        private Syntax() {
        }
    }
}
