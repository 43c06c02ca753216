package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.IntegerType;
import io.openwinrm.psrp.clixml.PsDouble;
import io.openwinrm.psrp.clixml.PsInteger;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsPrimitive;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.List;

/**
 * Measure-Object: the count of input objects, with {@code -Sum}/{@code -Average}/{@code -Maximum}/{@code -Minimum}
 * over those that are numbers (a GenericMeasureInfo), or with {@code -Line}/{@code -Word}/{@code -Character} over
 * their text (a TextMeasureInfo), shaped as PowerShell serializes them. Constant memory.
 */
final class MeasureObjectStage implements Stage {

    private final BoundParameters p;
    private final boolean text;
    private long count;
    private double sum;
    private double max = Double.NEGATIVE_INFINITY;
    private double min = Double.POSITIVE_INFINITY;
    private long numbers;
    private long lines;
    private long words;
    private long characters;

    MeasureObjectStage(BoundParameters p) {
        this.p = p;
        this.text = p.isSet("Line") || p.isSet("Word") || p.isSet("Character");
    }

    @Override
    public void process(PsValue input, Sink next) {
        count++;
        String s = OutDefaultStage.display(input);
        if (text) {
            lines += s.isEmpty() ? 0 : s.split("\n", -1).length;
            String trimmed = s.strip();
            words += trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
            characters += p.isSet("IgnoreWhiteSpace") ? s.codePoints().filter(c -> !Character.isWhitespace(c)).count()
                    : s.codePointCount(0, s.length());
            return;
        }
        if (input instanceof PsPrimitive || input instanceof PsObject o && o.baseValue() != null) {
            try {
                double d = Double.parseDouble(s.strip());
                numbers++;
                sum += d;
                max = Math.max(max, d);
                min = Math.min(min, d);
            } catch (NumberFormatException e) {
                // not a number: counted only, as PowerShell does for -Sum over strings it cannot convert
            }
        }
    }

    @Override
    public void end(Sink next) throws InterruptedException {
        if (text) {
            next.accept(PsObject.builder().typeNames(List.of("Microsoft.PowerShell.Commands.TextMeasureInfo",
                    "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object"))
                    .adapted("Lines", p.isSet("Line") ? i32(lines) : PsNull.INSTANCE)
                    .adapted("Words", p.isSet("Word") ? i32(words) : PsNull.INSTANCE)
                    .adapted("Characters", p.isSet("Character") ? i32(characters) : PsNull.INSTANCE)
                    .adapted("Property", PsNull.INSTANCE).build());
            return;
        }
        next.accept(PsObject.builder().typeNames(List.of("Microsoft.PowerShell.Commands.GenericMeasureInfo",
                "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object"))
                .adapted("Count", i32(count))
                .adapted("Average", p.isSet("Average") && numbers > 0 ? new PsDouble(sum / numbers) : PsNull.INSTANCE)
                .adapted("Sum", p.isSet("Sum") ? new PsDouble(sum) : PsNull.INSTANCE)
                .adapted("Maximum", p.isSet("Maximum") && numbers > 0 ? new PsDouble(max) : PsNull.INSTANCE)
                .adapted("Minimum", p.isSet("Minimum") && numbers > 0 ? new PsDouble(min) : PsNull.INSTANCE)
                .adapted("Property", PsNull.INSTANCE).build());
    }

    private static PsInteger i32(long v) {
        return new PsInteger(IntegerType.INT32, (int) Math.min(Integer.MAX_VALUE, v));
    }
}
