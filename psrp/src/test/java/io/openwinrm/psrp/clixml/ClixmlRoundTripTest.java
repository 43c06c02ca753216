package io.openwinrm.psrp.clixml;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every value the model can hold survives writer then reader; shared instances come back shared. */
class ClixmlRoundTripTest {
    private final ClixmlReader reader = new ClixmlReader();
    private final ClixmlWriter writer = new ClixmlWriter();

    private PsValue roundTrip(PsValue v) {
        String xml = writer.write(v);
        PsValue back = reader.read(xml);
        assertThat(back).as(xml).isEqualTo(v);
        assertThat(writer.write(back)).isEqualTo(xml);
        return back;
    }

    @Test
    void primitives() {
        List<PsValue> values = List.of(new PsString(""), new PsString("hi"), new PsString("<&>\"'\r\n\t_x0041_😀"),
                new PsChar('A'), new PsChar('\u0000'), new PsBool(true), new PsBool(false),
                new PsDateTime(LocalDateTime.of(2026, 12, 7, 22, 0, 1, 123_456_700), DateTimeKind.UTC, ZoneOffset.UTC),
                new PsDateTime(LocalDateTime.of(2018, 3, 22, 10, 11, 12), DateTimeKind.LOCAL, ZoneOffset.ofHours(10)),
                new PsDateTime(LocalDateTime.of(1, 1, 1, 0, 0), DateTimeKind.UNSPECIFIED, null),
                new PsDuration(Duration.ZERO), new PsDuration(Duration.ofMillis(9026).plusNanos(902_600)),
                new PsDuration(Duration.ofDays(-3).minusHours(2)), new PsDuration(Duration.ofHours(25).plusMinutes(1)),
                new PsInteger(IntegerType.BYTE, 255), new PsInteger(IntegerType.SBYTE, -128),
                new PsInteger(IntegerType.INT16, -32768), new PsInteger(IntegerType.UINT16, 65535),
                new PsInteger(IntegerType.INT32, Integer.MIN_VALUE), new PsInteger(IntegerType.UINT32, 0xFFFF_FFFFL),
                new PsInteger(IntegerType.INT64, Long.MIN_VALUE), new PsInteger(IntegerType.UINT64, -1L),
                new PsSingle(1.5f), new PsSingle(Float.NaN), new PsDouble(Double.NEGATIVE_INFINITY),
                new PsDouble(1e300), new PsDouble(-0.0), new PsDecimal(new BigDecimal("-79228162514264337593543950335")),
                new PsDecimal(new BigDecimal("1.50")), new PsBytes(new byte[] {0, 1, (byte) 255}), new PsBytes(new byte[0]),
                new PsGuid(UUID.randomUUID()), new PsUri("http://h/a b?x=1&y=2"), PsVersion.parse("5.1.14393.2248"),
                PsVersion.of(2, 3), new PsXmlDocument("<a>b</a>"), new PsScriptBlock("Get-Item $x | % { $_ }"),
                new PsSecureString(new byte[] {9, 8, 7}), PsNull.INSTANCE);
        for (PsValue v : values) {
            roundTrip(v);
        }
    }

    @Test
    void windowsShapes() {
        PsValue v = reader.read("\uFEFF<Obj RefId=\"0\"><MS><I32 N=\"RunspaceState\">2</I32></MS></Obj>");
        assertThat(((PsObject) v).property("runspacestate")).contains(new PsInteger(IntegerType.INT32, 2));
        assertThat(reader.read("<S>At line:1 char:55_x000D__x000A_+ x</S>"))
                .isEqualTo(new PsString("At line:1 char:55\r\n+ x"));
        assertThat(reader.read("<TS>PT9.0269026S</TS>"))
                .isEqualTo(new PsDuration(Duration.ofSeconds(9).plusNanos(26_902_600)));
        assertThat(reader.read("<DT>2018-03-22T10:11:12.1234567+10:00</DT>").toString()).contains("LOCAL");
        assertThat(reader.read("<S />")).isEqualTo(new PsString(""));
    }

    @Test
    void sharedInstancesBecomeReferences() {
        PsObject shared = PsObject.ofEnum(List.of("X.Kind", "System.Enum", "System.ValueType", "System.Object"), "A", 1);
        PsObject outer = PsObject.builder().extended("a", shared).extended("b", shared)
                .extended("c", PsObject.ofEnum(shared.typeNames(), "B", 2)).build();
        String xml = writer.write(outer);
        assertThat(xml).contains("<Ref N=\"b\" RefId=\"1\" />").contains("<TNRef RefId=\"0\" />");
        PsObject back = (PsObject) roundTrip(outer);
        assertThat(back.property("a").get()).isSameAs(back.property("b").get());
    }

    @Test
    void writerRefusesAbsurdNesting() {
        PsValue v = PsNull.INSTANCE;
        for (int i = 0; i < 5000; i++) {
            v = PsObject.builder().extended("x", v).build();
        }
        PsValue deep = v;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.write(deep))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deeper than 1000");
    }

    @Test
    void randomValues() {
        Random random = new Random(2026);
        for (int i = 0; i < 3000; i++) {
            roundTrip(randomValue(random, 0));
        }
    }

    static PsValue randomValue(Random random, int depth) {
        int pick = random.nextInt(depth > 4 ? 8 : 12);
        return switch (pick) {
            case 0 -> PsNull.INSTANCE;
            case 1 -> new PsString(randomString(random));
            case 2 -> new PsInteger(IntegerType.values()[random.nextInt(8)], random.nextInt(100));
            case 3 -> new PsBool(random.nextBoolean());
            case 4 -> new PsDouble(random.nextGaussian() * 1e6);
            case 5 -> new PsDuration(Duration.ofNanos(random.nextLong() / 1000));
            case 6 -> new PsGuid(new UUID(random.nextLong(), random.nextLong()));
            case 7 -> new PsVersion(random.nextInt(10), random.nextInt(10), random.nextInt(3) - 1, -1);
            default -> randomObject(random, depth + 1);
        };
    }

    static PsObject randomObject(Random random, int depth) {
        PsObject.Builder b = PsObject.builder();
        if (random.nextBoolean()) {
            List<String> names = new ArrayList<>();
            for (int i = random.nextInt(3); i >= 0; i--) {
                names.add(random.nextBoolean() ? "System.Object" : randomString(random) + "T");
            }
            b.typeNames(names);
        }
        if (random.nextInt(3) == 0) {
            b.toStringValue(randomString(random));
        }
        switch (random.nextInt(4)) {
            case 0 -> b.baseValue(new PsInteger(IntegerType.INT32, random.nextInt()));
            case 1 -> {
                List<PsValue> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomValue(random, depth));
                }
                b.container(new PsList(ListKind.values()[random.nextInt(4)], items));
            }
            case 2 -> {
                List<PsDictionary.Entry> entries = new ArrayList<>();
                for (int i = random.nextInt(3); i > 0; i--) {
                    entries.add(new PsDictionary.Entry(new PsString(randomString(random)), randomValue(random, depth)));
                }
                b.container(new PsDictionary(entries));
            }
            default -> { }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            b.extended(randomString(random), randomValue(random, depth));
        }
        for (int i = random.nextInt(2); i > 0; i--) {
            b.adapted(randomString(random), randomValue(random, depth));
        }
        return b.build();
    }

    static String randomString(Random random) {
        String pool = "ab_xX0F \r\n\t<>&\"'é😀\u0001";
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            int at = random.nextInt(pool.length());
            char c = pool.charAt(at);
            if (Character.isHighSurrogate(c)) {
                sb.append(c).append(pool.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
