package io.openwinrm.interop;

import java.util.List;

/**
 * The Go client github.com/masterzen/winrm with its own NTLM message encryption ({@code winrm.NewEncryption("ntlm")},
 * driver option {@code --encryption ntlm}) over plain HTTP, against the default listener (AllowUnencrypted=false):
 * every message after a fresh NTLM handshake goes out sealed (multipart/encrypted,
 * application/HTTP-SPNEGO-session-encrypted; [MS-WSMV] 2.2.9.1.1) and every shared shell scenario must work. The
 * server refuses unsealed SOAP on HTTP ({@link GoNtlmHttpInteropTest}), and the library falls back to unsealed
 * NTLM when its handshake fails, so a passing scenario here ran sealed.
 */
class GoNtlmHttpSealedInteropTest extends AbstractShellScenarioInteropTest implements PasswordAuthenticationChecks {

    @Override
    Peer peer() {
        return Peer.GO;
    }

    @Override
    Listener listener() {
        return Listener.HTTP;
    }

    @Override
    List<String> authOptions() {
        return List.of("--transport", "ntlm", "--encryption", "ntlm");
    }

    /**
     * Not run with this client's encryption: masterzen/winrm sends stdin with a Send running concurrently with a
     * Receive, and its {@code Encryption} transporter keeps one NTLM client per transporter that every Post
     * replaces with a fresh handshake's, so two concurrent Posts seal and unseal with each other's keys. The server
     * then sees a signature that does not verify or a sequence number out of order and must refuse the message
     * (observed: "NTLM message signature does not verify", "out of sequence: expected 0, got 1"). The failure is
     * the client's; sequential scenarios, including 50 MB of output, run sealed.
     */
    @Override
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Disabled("client bug: masterzen/winrm's Encryption shares one NTLM session between "
            + "concurrent Posts (stdin is sent while a Receive waits)")
    void stdinRoundTrip(java.nio.file.Path dir) {
    }

    /**
     * Not run with this client's encryption either, for the same client bug: {@code Command.Close} posts the terminate
     * Signal while the receiving goroutine's Receive is still waiting, and both replies are unsealed with the NTLM
     * session of the last Post. When the Receive's Done reaches the client before the Signal's reply, unsealing it
     * advances the Signal session's RC4 stream and the Signal fails "checksum does not match"; which reply comes first
     * is a race between the process's exit and the Signal's answer (measured: 2 of 12 runs at 080cfac, 3 of 12 now).
     */
    @Override
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Disabled("client bug: masterzen/winrm's Encryption shares one NTLM session between "
            + "concurrent Posts (the terminate Signal is sent while a Receive waits)")
    void terminateStopsARunningCommand() {
    }
}
