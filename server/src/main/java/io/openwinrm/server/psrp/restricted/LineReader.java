package io.openwinrm.server.psrp.restricted;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits a program's output into lines as PowerShell does for native commands: at LF, a CR before it dropped,
 * decoded as UTF-8 (malformed bytes replaced). A line longer than {@code maxLineBytes} is cut into pieces of that
 * size, so memory stays bounded whatever the program writes. Used by one pump thread.
 */
final class LineReader {

    private final InputStream in;
    private final byte[] chunk = new byte[8192];
    private final byte[] line;
    private int lineLength;
    private int chunkPos;
    private int chunkEnd;
    private long bytesRead;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.line = new byte[maxLineBytes];
    }

    /** The next line, or null at the end of the stream (a last line without LF is still returned). */
    String readLine() throws IOException {
        while (true) {
            if (chunkPos == chunkEnd) {
                int n = in.read(chunk);
                if (n < 0) {
                    return lineLength > 0 ? take(false) : null;
                }
                bytesRead += n;
                chunkPos = 0;
                chunkEnd = n;
            }
            while (chunkPos < chunkEnd) {
                byte b = chunk[chunkPos++];
                if (b == '\n') {
                    return take(true);
                }
                line[lineLength++] = b;
                if (lineLength == line.length) {
                    return take(false);
                }
            }
        }
    }

    /** Bytes read from the stream so far. */
    long bytesRead() {
        return bytesRead;
    }

    private String take(boolean atLineFeed) {
        int n = lineLength;
        if (atLineFeed && n > 0 && line[n - 1] == '\r') {
            n--;
        }
        lineLength = 0;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(line, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }
}
