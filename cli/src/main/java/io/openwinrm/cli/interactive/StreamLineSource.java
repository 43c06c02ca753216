package io.openwinrm.cli.interactive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Lines from a stream that is not a terminal (a pipe or a file): no prompt, no editing, no history. */
public final class StreamLineSource implements LineSource {

    private final BufferedReader reader;

    public StreamLineSource(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Override
    public String readLine(String prompt) throws IOException {
        return reader.readLine();
    }

    @Override
    public boolean interactive() {
        return false;
    }
}
