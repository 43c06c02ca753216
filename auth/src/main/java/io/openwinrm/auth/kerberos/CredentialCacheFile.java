package io.openwinrm.auth.kerberos;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;

/**
 * Writes an MIT credential cache file, format version 4 ({@code 0x0504}, the format kinit writes and every MIT,
 * Heimdal and JDK client reads; MIT krb5 "ccache_file_format"): all integers big-endian, no header tags, the default
 * principal, then one credential per ticket. Used for a delegated TGT ([MS-KILE] 3.2.5.1 / RFC 4121 4.1.1.1: the
 * KRB-CRED a client forwards in its authenticator), so that a shell's commands authenticate onward as the client.
 */
public final class CredentialCacheFile {

    /** File format version 4. */
    static final int VERSION = 0x0504;
    /** Address type of IPv4 and IPv6 host addresses, RFC 4120 7.5.3. */
    private static final int ADDRESS_IPV4 = 2;
    private static final int ADDRESS_IPV6 = 24;

    private CredentialCacheFile() {
    }

    /**
     * The cache file holding {@code tickets}, whose default principal is the first ticket's client.
     *
     * @throws IllegalArgumentException if there is no ticket
     */
    public static byte[] encode(List<KerberosTicket> tickets) {
        if (tickets.isEmpty()) {
            throw new IllegalArgumentException("a credential cache needs at least one ticket");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeShort(VERSION);
            out.writeShort(0);
            principal(out, tickets.get(0).getClient());
            for (KerberosTicket t : tickets) {
                credential(out, t);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void credential(DataOutputStream out, KerberosTicket t) throws IOException {
        principal(out, t.getClient());
        principal(out, t.getServer());
        out.writeShort(t.getSessionKeyType());
        counted(out, t.getSessionKey().getEncoded());
        out.writeInt(seconds(t.getAuthTime() != null ? t.getAuthTime() : t.getStartTime()));
        out.writeInt(seconds(t.getStartTime() != null ? t.getStartTime() : t.getAuthTime()));
        out.writeInt(seconds(t.getEndTime()));
        out.writeInt(seconds(t.getRenewTill()));
        out.writeByte(0);
        out.writeInt(flags(t.getFlags()));
        InetAddress[] addresses = t.getClientAddresses();
        out.writeInt(addresses == null ? 0 : addresses.length);
        if (addresses != null) {
            for (InetAddress a : addresses) {
                byte[] raw = a.getAddress();
                out.writeShort(raw.length == 4 ? ADDRESS_IPV4 : ADDRESS_IPV6);
                counted(out, raw);
            }
        }
        out.writeInt(0);
        counted(out, t.getEncoded());
        counted(out, new byte[0]);
    }

    /** Name type, component count, realm, components (counted octet strings). */
    private static void principal(DataOutputStream out, KerberosPrincipal p) throws IOException {
        List<String> components = components(p.getName(), p.getRealm());
        out.writeInt(p.getNameType());
        out.writeInt(components.size());
        counted(out, p.getRealm().getBytes(StandardCharsets.UTF_8));
        for (String c : components) {
            counted(out, c.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The name's components: split at unescaped {@code /} before the realm, {@code \} escapes removed. */
    static List<String> components(String name, String realm) {
        String body = name.endsWith("@" + realm) ? name.substring(0, name.length() - realm.length() - 1) : name;
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                current.append(body.charAt(++i));
            } else if (c == '/') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** The flags as the 32-bit value MIT stores: Kerberos flag bit 0 is the most significant bit (RFC 4120 5.3). */
    static int flags(boolean[] flags) {
        int value = 0;
        for (int i = 0; flags != null && i < Math.min(32, flags.length); i++) {
            if (flags[i]) {
                value |= 1 << (31 - i);
            }
        }
        return value;
    }

    private static int seconds(Date date) {
        return date == null ? 0 : (int) (date.getTime() / 1000);
    }

    private static void counted(DataOutputStream out, byte[] data) throws IOException {
        out.writeInt(data.length);
        out.write(data);
    }
}
