package io.openwinrm.server.shell;

/**
 * The client asked for a console codepage ({@code WINRS_CODEPAGE}, [MS-WSMV] 2.2.4.37) this server cannot transcode.
 * Wire: w:InvalidParameter / Code 87 on Create.
 */
public final class UnsupportedCodepageException extends ShellException {

    private static final long serialVersionUID = 1L;

    private final int codepage;

    public UnsupportedCodepageException(int codepage) {
        super("unsupported codepage " + codepage);
        this.codepage = codepage;
    }

    public int codepage() {
        return codepage;
    }
}
