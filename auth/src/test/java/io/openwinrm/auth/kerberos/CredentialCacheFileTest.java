package io.openwinrm.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import org.junit.jupiter.api.Test;

/**
 * The credential cache file a delegated TGT is written to, read back field by field as MIT's ccache_file_format
 * (version 4) lays it out. MIT's own klist reads the files the server writes in {@code KerberosDelegationInteropTest}.
 */
class CredentialCacheFileTest {

    private static final byte[] TICKET = {0x61, 0x03, 0x02, 0x01, 0x05};
    private static final byte[] KEY = new byte[32];

    @Test
    void aForwardedTgtIsLaidOutAsVersion4() throws IOException {
        boolean[] flags = new boolean[32];
        flags[1] = true; // forwardable
        flags[2] = true; // forwarded
        flags[8] = true; // renewable
        Date auth = new Date(1_700_000_000_000L);
        Date end = new Date(1_700_036_000_000L);
        KerberosTicket tgt = new KerberosTicket(TICKET, new KerberosPrincipal("alice@EXAMPLE.TEST"),
                new KerberosPrincipal("krbtgt/EXAMPLE.TEST@EXAMPLE.TEST"), KEY, 18, flags, auth, auth, end,
                new Date(1_700_600_000_000L), new InetAddress[] {InetAddress.getByAddress(new byte[] {10, 0, 0, 1})});

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(CredentialCacheFile.encode(List.of(tgt))));
        assertThat(in.readUnsignedShort()).isEqualTo(0x0504);
        assertThat(in.readUnsignedShort()).isZero();
        assertThat(principal(in)).containsExactly("EXAMPLE.TEST", "alice");
        assertThat(principal(in)).containsExactly("EXAMPLE.TEST", "alice");
        assertThat(principal(in)).containsExactly("EXAMPLE.TEST", "krbtgt", "EXAMPLE.TEST");
        assertThat(in.readUnsignedShort()).isEqualTo(18);
        assertThat(counted(in)).isEqualTo(KEY);
        assertThat(in.readInt()).isEqualTo(1_700_000_000);
        assertThat(in.readInt()).isEqualTo(1_700_000_000);
        assertThat(in.readInt()).isEqualTo(1_700_036_000);
        assertThat(in.readInt()).isEqualTo(1_700_600_000);
        assertThat(in.readByte()).isZero();
        assertThat(in.readInt()).isEqualTo(0x40000000 | 0x20000000 | 0x00800000);
        assertThat(in.readInt()).isEqualTo(1);
        assertThat(in.readUnsignedShort()).isEqualTo(2);
        assertThat(counted(in)).containsExactly(10, 0, 0, 1);
        assertThat(in.readInt()).isZero();
        assertThat(counted(in)).isEqualTo(TICKET);
        assertThat(counted(in)).isEmpty();
        assertThat(in.available()).isZero();
    }

    @Test
    void escapedSlashesStayInTheirComponent() {
        assertThat(CredentialCacheFile.components("a\\/b/c@R", "R")).containsExactly("a/b", "c");
        assertThat(CredentialCacheFile.components("HTTP/host.example@R", "R")).containsExactly("HTTP",
                "host.example");
    }

    @Test
    void noTicketNoCache() {
        assertThatThrownBy(() -> CredentialCacheFile.encode(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    /** The realm, then the components (the name type is skipped). */
    private static List<String> principal(DataInputStream in) throws IOException {
        in.readInt();
        int count = in.readInt();
        List<String> parts = new ArrayList<>();
        parts.add(new String(counted(in), StandardCharsets.UTF_8));
        for (int i = 0; i < count; i++) {
            parts.add(new String(counted(in), StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static byte[] counted(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
