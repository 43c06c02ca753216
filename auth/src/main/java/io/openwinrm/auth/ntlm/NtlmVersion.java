package io.openwinrm.auth.ntlm;

/**
 * The VERSION structure ([MS-NLMP] 2.2.2.10): OS major/minor/build for debugging only, and the NTLM revision
 * (15 = NTLMSSP_REVISION_W2K3).
 */
public record NtlmVersion(int major, int minor, int build, int revision) {

    public static final int LENGTH = 8;

    /** What Windows 10 / Server 2016+ send: 10.0.20348, revision 15. */
    public static final NtlmVersion DEFAULT = new NtlmVersion(10, 0, 20348, 15);

    public NtlmVersion {
        if ((major & ~0xFF) != 0 || (minor & ~0xFF) != 0 || (build & ~0xFFFF) != 0 || (revision & ~0xFF) != 0) {
            throw new IllegalArgumentException("version field out of range");
        }
    }

    byte[] encode() {
        byte[] b = new byte[LENGTH];
        b[0] = (byte) major;
        b[1] = (byte) minor;
        Le.put16(b, 2, build);
        b[7] = (byte) revision;
        return b;
    }

    static NtlmVersion decode(byte[] b, int offset) throws MalformedNtlmMessageException {
        Le.require(b, offset, LENGTH, "VERSION");
        return new NtlmVersion(b[offset] & 0xFF, b[offset + 1] & 0xFF, Le.u16(b, offset + 2, "VERSION"),
                b[offset + 7] & 0xFF);
    }
}
