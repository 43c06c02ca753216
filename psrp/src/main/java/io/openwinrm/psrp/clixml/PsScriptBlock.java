package io.openwinrm.psrp.clixml;

import java.util.Objects;

/** {@code <SBK>}: a ScriptBlock kept as text, never interpreted here ([MS-PSRP] 2.2.5.1.23). */
public record PsScriptBlock(String script) implements PsPrimitive {
    public PsScriptBlock {
        Objects.requireNonNull(script, "script");
    }

    @Override
    public String tag() {
        return "SBK";
    }

    @Override
    public String text() {
        return script;
    }
}
