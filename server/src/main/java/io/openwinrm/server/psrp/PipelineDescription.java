package io.openwinrm.server.psrp;

import io.openwinrm.psrp.PsrpException;
import io.openwinrm.psrp.clixml.PsNull;
import io.openwinrm.psrp.clixml.PsPrimitive;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.fragment.Defragmenter;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.psrp.message.MessageBody;
import io.openwinrm.psrp.message.MessageBodyCodec;
import io.openwinrm.psrp.message.PsrpMessageCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pipeline runs, in words for the audit log: each command of its CREATE_PIPELINE ([MS-PSRP] 2.2.2.10) as
 * {@code Name -Param value ...}, or {@code script: text} for {@code IsScript}; read from a copy of the fragments
 * (what the engine gets is not touched), bounded in count and length. A pipeline whose CREATE_PIPELINE is not
 * complete in the Command or cannot be read is described as such; the engine decides what to do with it.
 */
final class PipelineDescription {

    static final int MAX_COMMANDS = 16;
    static final int MAX_TEXT = 200;

    private PipelineDescription() {
    }

    static List<String> of(byte[] fragments) {
        try {
            List<byte[]> messages = new Defragmenter().feed(fragments);
            if (messages.isEmpty()) {
                return List.of("(CREATE_PIPELINE continues in later Sends)");
            }
            MessageBody body = new MessageBodyCodec().decode(PsrpMessageCodec.decode(messages.get(0)));
            if (!(body instanceof CreatePipeline create)) {
                return List.of("(" + body.getClass().getSimpleName() + ")");
            }
            List<String> out = new ArrayList<>();
            for (List<Command> statement : create.powerShell().statements()) {
                for (Command c : statement) {
                    if (out.size() == MAX_COMMANDS) {
                        out.add("...");
                        return out;
                    }
                    out.add(cut(describe(c)));
                }
            }
            return out;
        } catch (PsrpException | IllegalArgumentException e) {
            return List.of("(unreadable CREATE_PIPELINE: " + cut(e.getMessage()) + ")");
        }
    }

    private static String describe(Command c) {
        if (c.isScript()) {
            return "script: " + c.text();
        }
        StringBuilder b = new StringBuilder(c.text());
        for (CommandParameter p : c.parameters()) {
            if (b.length() > MAX_TEXT) {
                break;
            }
            if (!p.isPositional()) {
                b.append(" -").append(p.name());
            }
            b.append(' ').append(value(p.value()));
        }
        return b.toString();
    }

    private static String value(PsValue v) {
        if (v instanceof PsNull) {
            return "$null";
        }
        return v instanceof PsPrimitive ? String.valueOf(v).replaceAll("^.*\\bvalue=(.*)]$", "$1") : "(object)";
    }

    private static String cut(String s) {
        String clean = s.replaceAll("[\\x00-\\x1f\\x7f]", " ");
        return clean.length() > MAX_TEXT ? clean.substring(0, MAX_TEXT) + "..." : clean;
    }
}
