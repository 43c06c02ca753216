package io.openwinrm.os;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Which server the host-wide things a server makes belong to: its control groups ({@code openwinrm-<tag>}) and its
 * temporary accounts (tagged in their comment). Several servers may run on one host (a service and a benchmark, two
 * state directories); each cleans up only its own leftovers at start, never another's live shells.
 *
 * @param tag letters, digits and {@code -}, at most 16 characters
 */
public record ServerInstance(String tag) {

    private static final Pattern TAG = Pattern.compile("[a-z0-9-]{1,16}");

    /** In-process servers without a state directory of their own (tests, the demo). */
    public static final ServerInstance DEFAULT = new ServerInstance("default");

    public ServerInstance {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("server instance tag must be 1-16 of a-z, 0-9, '-': " + tag);
        }
    }

    /** The instance of the server whose state directory is {@code home}: 8 hex digits of its path's SHA-256. */
    public static ServerInstance of(Path home) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    home.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return new ServerInstance(HexFormat.of().formatHex(digest, 0, 4));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /** The parent control group of this server's shells. */
    String cgroupParent() {
        return ControlGroups.PARENT + "-" + tag;
    }
}
