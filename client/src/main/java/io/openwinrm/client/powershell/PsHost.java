package io.openwinrm.client.powershell;

/**
 * The client's host, which answers the server's host calls ([MS-PSRP] 3.1.5.4.4, methods of 2.2.3.17): Read-Host
 * without a prompt is a ReadLine call, {@code Write-Host} the Write* calls, {@code exit N} SetShouldExit. A pool
 * opened with a host announces it in HostInfo (2.2.3.14), so the server sends these calls instead of failing
 * Read-Host; without one ({@link PoolOptions#host()} empty) the server knows the host is null.
 *
 * <p>Every method has a default: output methods ignore the text, methods that return something fail, and the
 * server gets that failure as the call's ErrorRecord ({@code me}, FQID {@code RemoteHostExecutionException}).
 * Methods are called on the pool's or pipeline's receiving thread; a slow answer holds up that pipeline only.
 * Methods not listed here (Prompt, PromptForChoice, the RawUI methods) are answered "not implemented". Host calls of
 * the pool itself (not of a pipeline) that need a SecureString work only once {@link RunspacePool#exchangeKeys} ran.
 */
public interface PsHost {

    /** ReadLine (method 11): a line of text from the user, without the line end. */
    default String readLine() {
        throw new UnsupportedOperationException("ReadLine is not implemented by this host");
    }

    /**
     * ReadLineAsSecureString (method 12, {@code Read-Host -AsSecureString}): a line the server gets as a SecureString
     * under the pool's session key (exchanged first if need be; [MS-PSRP] 3.1.5.4.6). The array is wiped after use.
     */
    default char[] readLineAsSecureString() {
        throw new UnsupportedOperationException("ReadLineAsSecureString is not implemented by this host");
    }

    /**
     * PromptForCredential1/2 (methods 24, 25, {@code Get-Credential}): the server gets a PSCredential whose password
     * is a SecureString under the pool's session key; the password is wiped after use.
     *
     * @param userName   the user name the script suggests, or empty
     * @param targetName the resource the credential is for, or empty
     */
    default PsCredential promptForCredential(String caption, String message, String userName, String targetName) {
        throw new UnsupportedOperationException("PromptForCredential is not implemented by this host");
    }

    /** Write1, Write2, WriteLine1-3 (13-17): text for the host's output, {@code newLine} for the WriteLine ones. */
    default void write(String text, boolean newLine) {
    }

    /** WriteErrorLine, WriteDebugLine, WriteVerboseLine, WriteWarningLine (18, 19, 21, 22). */
    default void writeStreamLine(String stream, String text) {
    }

    /** SetShouldExit (6): the remote script ran {@code exit code}. */
    default void setShouldExit(int exitCode) {
    }

    /**
     * PopRunspace (53): the remote {@code Exit-PSSession} asks an interactive host to leave the session, as
     * Enter-PSSession does ([MS-PSRP] 2.2.3.17).
     */
    default void popRunspace() {
    }
}
