package io.openwinrm.auth.account;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The text format of the account file, version 1:
 *
 * <pre>
 * # comment
 * openwinrm-accounts 1
 * user alice password=pbkdf2-sha256$600000$&lt;salt&gt;$&lt;hash&gt; nthash=&lt;32 hex&gt; groups=admins,ops
 * </pre>
 *
 * <p>Fields are named {@code key=value} pairs separated by blanks, so new fields can be added without a version
 * change; unknown fields are kept and written back. Only {@code password} is required. A newer major version is
 * refused rather than misread.
 */
final class AccountFileFormat {

    static final String MAGIC = "openwinrm-accounts";
    static final int VERSION = 1;
    static final String F_PASSWORD = "password";
    static final String F_NTHASH = "nthash";
    static final String F_GROUPS = "groups";

    private static final HexFormat HEX = HexFormat.of();

    private AccountFileFormat() {
    }

    static Map<String, Account> parse(List<String> lines) throws AccountStoreException {
        Map<String, Account> accounts = new LinkedHashMap<>();
        boolean headerSeen = false;
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] tokens = line.split("[ \t]+");
            if (!headerSeen) {
                checkHeader(tokens, lineNo);
                headerSeen = true;
                continue;
            }
            if (!"user".equals(tokens[0]) || tokens.length < 2) {
                throw error(lineNo, "expected 'user <name> key=value...'");
            }
            Account account = parseUser(tokens, lineNo);
            if (accounts.putIfAbsent(account.name(), account) != null) {
                throw error(lineNo, "duplicate user '" + account.name() + "'");
            }
        }
        if (!headerSeen && !accounts.isEmpty()) {
            throw new AccountStoreException("account file has no '" + MAGIC + "' header");
        }
        return accounts;
    }

    private static void checkHeader(String[] tokens, int lineNo) throws AccountStoreException {
        if (tokens.length != 2 || !MAGIC.equals(tokens[0])) {
            throw error(lineNo, "expected header '" + MAGIC + " " + VERSION + "'");
        }
        int version;
        try {
            version = Integer.parseInt(tokens[1]);
        } catch (NumberFormatException e) {
            throw error(lineNo, "format version is not a number");
        }
        if (version != VERSION) {
            throw error(lineNo, "unsupported account file version " + version + " (this build reads " + VERSION + ")");
        }
    }

    private static Account parseUser(String[] tokens, int lineNo) throws AccountStoreException {
        String name = tokens[1];
        if (!UserNames.isValid(name)) {
            throw error(lineNo, "invalid user name");
        }
        Map<String, String> fields = new TreeMap<>();
        for (String token : Arrays.asList(tokens).subList(2, tokens.length)) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw error(lineNo, "field '" + token + "' is not key=value");
            }
            if (fields.put(token.substring(0, eq), token.substring(eq + 1)) != null) {
                throw error(lineNo, "repeated field '" + token.substring(0, eq) + "'");
            }
        }
        String encodedPassword = fields.remove(F_PASSWORD);
        if (encodedPassword == null) {
            throw error(lineNo, "user '" + name + "' has no password field");
        }
        try {
            PasswordHash password = PasswordHash.parse(encodedPassword);
            Optional<byte[]> nt = Optional.ofNullable(fields.remove(F_NTHASH)).map(HEX::parseHex);
            String groupList = fields.remove(F_GROUPS);
            List<String> groups = groupList == null || groupList.isEmpty()
                    ? List.of() : List.of(groupList.split(","));
            return new Account(name, password, nt, groups, fields);
        } catch (IllegalArgumentException e) {
            throw error(lineNo, "user '" + name + "': " + e.getMessage());
        }
    }

    static String write(Iterable<Account> accounts) {
        StringBuilder out = new StringBuilder(256);
        out.append("# OpenWinRM accounts; manage with 'openwinrm user'. Keep this file private (mode 0600):\n")
           .append("# the nthash field is password-equivalent for NTLM.\n")
           .append(MAGIC).append(' ').append(VERSION).append('\n');
        for (Account a : accounts) {
            out.append("user ").append(a.name()).append(' ').append(F_PASSWORD).append('=').append(a.password().encode());
            a.ntHash().ifPresent(h -> out.append(' ').append(F_NTHASH).append('=').append(HEX.formatHex(h)));
            if (!a.groups().isEmpty()) {
                out.append(' ').append(F_GROUPS).append('=').append(String.join(",", a.groups()));
            }
            new TreeMap<>(a.extra()).forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
            out.append('\n');
        }
        return out.toString();
    }

    static List<String> names(Map<String, Account> accounts) {
        List<String> names = new ArrayList<>(accounts.keySet());
        names.sort(null);
        return names;
    }

    private static AccountStoreException error(int lineNo, String message) {
        return new AccountStoreException("account file line " + lineNo + ": " + message);
    }
}
