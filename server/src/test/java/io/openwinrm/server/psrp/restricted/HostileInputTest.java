package io.openwinrm.server.psrp.restricted;

import static org.assertj.core.api.Assertions.assertThat;

import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.command.CommandParameter;
import io.openwinrm.psrp.command.PowerShell;
import io.openwinrm.psrp.message.CreatePipeline;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.psrp.engine.PsrpEngineException;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutated client input, seeded so that a failure reproduces: every outcome is a refusal ({@link PsrpEngineException}
 * or an error record) or a pipeline that ends; never another exception, a hang, or a program the role does not allow.
 */
@Timeout(120)
class HostileInputTest {

    private static final String ROLE = """
            [[command]]
            program = "/usr/bin/true"
            """;

    @Test
    void mutatedCreatePipelinesAreRefusedOrEnd() throws Exception {
        List<String> started = new CopyOnWriteArrayList<>();
        ProcessLauncher launcher = spec -> {
            started.add(spec.argv().get(0));
            throw new java.io.IOException("no programs in this test");
        };
        Random random = new Random(12);
        try (EngineHarness h = new EngineHarness(ROLE, launcher)) {
            h.open();
            for (int round = 0; round < 400; round++) {
                UUID id = UUID.randomUUID();
                byte[] good = h.fragments(id, CreatePipeline.of(PowerShell.of(
                        Command.cmdlet("Get-Command", CommandParameter.named("Name", new PsString("ca*"))),
                        Command.script("Select-Object -First 1"))));
                byte[] bad = good.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
                }
                try {
                    h.engine.createPipeline(id, bad);
                } catch (PsrpEngineException refused) {
                    continue;
                }
                if (h.output.pipelineMessages(id).isEmpty() && !h.output.isDone(id)) {
                    h.engine.stopPipeline(id); // a fragment still awaited: the client would give up
                }
                h.output.awaitDone(id);
            }
            assertThat(h.output.ended()).as("a bad pipeline never breaks the pool").isNull();
        }
        assertThat(started).allMatch(p -> p.equals("/usr/bin/true"));
    }

    @Test
    void randomScriptsAreParsedOrRefusedWithARule() {
        // a '$' may survive only as a literal ("a$ b", 'a$b', `$); what PowerShell would expand is refused
        Random random = new Random(34);
        String alphabet = "ab-$@{}()[];|&<>'\"` #,.:\n\t*?=%1";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sb = new StringBuilder("cat ");
            for (int i = random.nextInt(24); i > 0; i--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                List<ScriptCommand> commands = NoLanguageParser.parse(sb.toString());
                assertThat(commands).isNotEmpty().allSatisfy(c -> assertThat(c.name()).isNotEmpty());
            } catch (LanguageViolation v) {
                assertThat(v.rule()).isNotNull();
            }
        }
    }
}
