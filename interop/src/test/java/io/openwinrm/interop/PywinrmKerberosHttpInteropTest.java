package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pywinrm Kerberos over plain HTTP: every message after the AP-REQ sealed with the context's AES key. */
class PywinrmKerberosHttpInteropTest extends AbstractPywinrmKerberosInteropTest {

    @Override
    Listener listener() {
        return Listener.HTTP;
    }

    /** The same client with sealing off: plaintext SOAP on HTTP is refused (AllowUnencrypted=false), nothing runs. */
    @Test
    void unsealedMessagesAreRefused(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        int shellsBefore = server().shellCount();
        DriverResult r = driveAs(endpoint(), List.of("--transport", "kerberos", "--kerberos-hostname", "localhost",
                "--message-encryption", "never"), null, List.of(), "run", "--command", "touch " + marker);
        assertThat(r.exitCode()).as("driver exit status%s", r.describe()).isEqualTo(1);
        assertThat(marker).doesNotExist();
        assertThat(server().shellCount()).isEqualTo(shellsBefore);
    }
}
