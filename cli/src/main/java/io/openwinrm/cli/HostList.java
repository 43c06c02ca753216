package io.openwinrm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The hosts of {@code -c}: each value is a host (or a URL), or {@code @FILE} for a file of them, one per line ({@code #}
 * starts a comment; blank lines and surrounding blanks are ignored; {@code @-} reads standard input). Duplicates are
 * dropped, the first occurrence keeps its place. A file is read whole, within {@link #MAX_FILE_BYTES} and
 * {@link #MAX_HOSTS}, so a wrong path (a device, a huge log) is a clear error rather than an endless read.
 */
final class HostList {

    /** The largest host file read (about 100,000 host names). */
    static final int MAX_FILE_BYTES = 4 << 20;
    /** The most hosts one command line may name. */
    static final int MAX_HOSTS = 100_000;

    private HostList() {
    }

    /**
     * The hosts {@code values} name, in order, without duplicates.
     *
     * @param stdin standard input, for {@code @-}
     * @throws CliException (usage) for an unreadable or oversized file, an empty list, or too many hosts
     */
    static List<String> expand(List<String> values, Supplier<InputStream> stdin) {
        LinkedHashSet<String> hosts = new LinkedHashSet<>();
        for (String value : values) {
            if (value.startsWith("@")) {
                String name = value.substring(1);
                List<String> lines = lines(name, name.equals("-") ? read(stdin.get(), "standard input")
                        : read(Path.of(name)));
                if (lines.isEmpty()) {
                    throw new CliException(ExitCodes.USAGE, "host list " + describe(name) + " names no host");
                }
                hosts.addAll(lines);
            } else if (!value.isBlank()) {
                hosts.add(value.strip());
            }
            if (hosts.size() > MAX_HOSTS) {
                throw new CliException(ExitCodes.USAGE, "more than " + MAX_HOSTS + " hosts");
            }
        }
        if (hosts.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no host given");
        }
        return List.copyOf(hosts);
    }

    private static List<String> lines(String name, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCodes.USAGE, "host list " + describe(name) + " is not UTF-8 text");
        }
        List<String> hosts = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            int hash = line.indexOf('#');
            String host = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (!host.isEmpty()) {
                if (host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                    throw new CliException(ExitCodes.USAGE, "host list " + describe(name) + ": '" + host
                            + "' is not one host (one per line)");
                }
                hosts.add(host);
            }
        }
        return hosts;
    }

    private static byte[] read(Path file) {
        try {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (!Files.isRegularFile(file)) {
                throw new CliException(ExitCodes.USAGE, "host list " + file + " is not a regular file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new CliException(ExitCodes.USAGE, "host list " + file + " is larger than "
                        + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return read(in, file.toString());
            }
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.USAGE, "host list " + file + " does not exist");
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read host list " + file + ": " + e.getMessage());
        }
    }

    private static byte[] read(InputStream in, String what) {
        try {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new CliException(ExitCodes.USAGE, "host list on " + what + " is larger than "
                        + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            return bytes;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read host list on " + what + ": " + e.getMessage());
        }
    }

    private static String describe(String name) {
        return name.equals("-") ? "on standard input" : name;
    }
}
