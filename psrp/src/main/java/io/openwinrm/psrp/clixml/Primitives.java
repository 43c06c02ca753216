package io.openwinrm.psrp.clixml;

import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text to primitive values and back, for the element names of [MS-PSRP] 2.2.5.1. Strict: bad text is an error. */
final class Primitives {
    private static final Set<String> TAGS = Set.of("S", "C", "B", "DT", "TS", "By", "SB", "U16", "I16", "U32", "I32",
            "U64", "I64", "Sg", "Db", "D", "BA", "G", "URI", "Version", "XD", "SBK", "SS");
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,4})?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d{1,40}\\.?\\d{0,40}|\\.\\d{1,40})");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,30}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(-?\\d{4,9}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern DURATION = Pattern.compile("(-)?P(?:(\\d{1,9})Y)?(?:(\\d{1,9})M)?(?:(\\d{1,9})D)?"
            + "(?:T(?:(\\d{1,12})H)?(?:(\\d{1,12})M)?(?:(\\d{1,14})(?:\\.(\\d{1,30}))?S)?)?");

    private Primitives() {
    }

    static boolean isPrimitiveTag(String tag) {
        return TAGS.contains(tag);
    }

    /** The value of a primitive element; {@code text} is already unescaped for the string-like types. */
    static PsPrimitive parse(String tag, String text) {
        try {
            return switch (tag) {
                case "S" -> new PsString(text);
                case "C" -> new PsChar((char) integer(tag, text, 0, 0xFFFF));
                case "B" -> new PsBool(bool(text));
                case "DT" -> dateTime(text);
                case "TS" -> new PsDuration(duration(text));
                case "Sg" -> new PsSingle((float) floating(tag, text));
                case "Db" -> new PsDouble(floating(tag, text));
                case "D" -> decimal(text);
                case "BA" -> new PsBytes(Base64.getMimeDecoder().decode(base64(tag, text)));
                case "SS" -> new PsSecureString(Base64.getMimeDecoder().decode(base64(tag, text)));
                case "G" -> new PsGuid(guid(text));
                case "URI" -> new PsUri(text);
                case "Version" -> PsVersion.parse(text);
                case "XD" -> new PsXmlDocument(text);
                case "SBK" -> new PsScriptBlock(text);
                default -> integerOf(tag, text);
            };
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw invalid(tag, text);
        }
    }

    private static PsPrimitive integerOf(String tag, String text) {
        Optional<IntegerType> type = IntegerType.ofTag(tag);
        if (type.isEmpty()) {
            throw new PsrpException(PsrpError.MALFORMED_CLIXML, "unknown element <" + tag + ">");
        }
        String t = text.strip();
        if (!INTEGER.matcher(t).matches()) {
            throw invalid(tag, text);
        }
        if (type.get() == IntegerType.UINT64) {
            return new PsInteger(IntegerType.UINT64, Long.parseUnsignedLong(t.startsWith("+") ? t.substring(1) : t));
        }
        long v = Long.parseLong(t);
        if (!type.get().inRange(v)) {
            throw invalid(tag, text);
        }
        return new PsInteger(type.get(), v);
    }

    private static long integer(String tag, String text, long min, long max) {
        String t = text.strip();
        if (!INTEGER.matcher(t).matches()) {
            throw invalid(tag, text);
        }
        long v = Long.parseLong(t);
        if (v < min || v > max) {
            throw invalid(tag, text);
        }
        return v;
    }

    private static boolean bool(String text) {
        return switch (text.strip()) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(text);
        };
    }

    private static double floating(String tag, String text) {
        String t = text.strip();
        switch (t) {
            case "INF", "+INF", "Infinity", "∞":
                return Double.POSITIVE_INFINITY;
            case "-INF", "-Infinity", "-∞":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!FLOAT.matcher(t).matches()) {
                    throw invalid(tag, text);
                }
                return Double.parseDouble(t);
        }
    }

    private static PsDecimal decimal(String text) {
        String t = text.strip();
        if (!DECIMAL.matcher(t).matches()) {
            throw invalid("D", text);
        }
        return new PsDecimal(new BigDecimal(t));
    }

    private static String base64(String tag, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '+' && c != '/' && c != '=' && c > ' ') {
                throw invalid(tag, text);
            }
        }
        return text;
    }

    private static UUID guid(String text) {
        String t = text.strip();
        if (t.startsWith("{") && t.endsWith("}")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.length() != 36) {
            throw new IllegalArgumentException(text);
        }
        return UUID.fromString(t);
    }

    private static PsDateTime dateTime(String text) {
        Matcher m = DATE_TIME.matcher(text.strip());
        if (!m.matches()) {
            throw invalid("DT", text);
        }
        LocalDateTime local = LocalDateTime.parse(m.group(1));
        String zone = m.group(2);
        if (zone == null) {
            return new PsDateTime(local, DateTimeKind.UNSPECIFIED, null);
        }
        if (zone.equals("Z")) {
            return new PsDateTime(local, DateTimeKind.UTC, ZoneOffset.UTC);
        }
        return new PsDateTime(local, DateTimeKind.LOCAL, ZoneOffset.of(zone));
    }

    /** Parses an XML Schema duration the way .NET's XmlConvert reads a TimeSpan (a year 365 days, a month 30). */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches() || text.strip().endsWith("T") || text.strip().matches("-?P")) {
            throw invalid("TS", text);
        }
        long days = Math.addExact(Math.addExact(Math.multiplyExact(num(m.group(2)), 365),
                Math.multiplyExact(num(m.group(3)), 30)), num(m.group(4)));
        Duration d = Duration.ofDays(days).plusHours(num(m.group(5))).plusMinutes(num(m.group(6)))
                .plusSeconds(num(m.group(7)));
        if (m.group(8) != null) {
            String f = (m.group(8) + "000000000").substring(0, 9);
            d = d.plusNanos(Long.parseLong(f));
        }
        return m.group(1) != null ? d.negated() : d;
    }

    private static long num(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }

    static String floatText(double value, String javaText) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "INF" : "-INF";
        }
        return javaText;
    }

    private static PsrpException invalid(String tag, String text) {
        return new PsrpException(PsrpError.MALFORMED_CLIXML, "invalid <" + tag + "> value '"
                + PsrpException.excerpt(text) + "'");
    }
}
