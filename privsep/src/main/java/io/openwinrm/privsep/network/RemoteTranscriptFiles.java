package io.openwinrm.privsep.network;

import io.openwinrm.privsep.wire.MonitorMessage.Transcript;
import io.openwinrm.server.audit.TranscriptFiles;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcripts kept by the monitor (in the endpoint's root-owned transcript directory, by its own endpoint
 * configuration): each piece of text is sent in order, and the monitor closes the file with the shell.
 */
public final class RemoteTranscriptFiles implements TranscriptFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteTranscriptFiles.class);

    @Override
    public Optional<TranscriptFile> open(Path dir, ShellTranscript shell) {
        if (!(shell.sandbox() instanceof RemoteSandbox sandbox)) {
            LOG.error("no transcript for shell {}: the monitor did not open it", shell.shellId());
            return Optional.empty();
        }
        return Optional.of(new TranscriptFile() {
            @Override
            public void write(String text) throws java.io.IOException {
                sandbox.monitor().call(id -> new Transcript(id, sandbox.handle(), shell.shellId(), text));
            }

            @Override
            public void close() {
            }
        });
    }
}
