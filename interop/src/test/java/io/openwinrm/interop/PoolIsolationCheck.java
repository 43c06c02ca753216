package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runspace pool is its owner's alone, as two users see it through pypsrp (interop/pypsrp/psrp.py): the owner holds
 * a pool open ({@code hold SCRIPT}: the pool's shell id on the first line, then SCRIPT's output once a line arrives on
 * its stdin); meanwhile the other user neither finds it in an enumeration ({@code list}) nor can connect to it
 * ({@code steal}: the access-denied fault, 2150858843, as Windows answers for another user's shell); then the owner
 * still runs SCRIPT in it. Shared by the PowerShell endpoint kinds (the pwsh bridge and the native engine).
 */
final class PoolIsolationCheck {

    /** Runs psrp.py with a scenario as one user (exit 0 required). */
    @FunctionalInterface
    interface Driver {
        DriverResult run(String... scenario) throws Exception;
    }

    private PoolIsolationCheck() {
    }

    /**
     * @param holder         the owner's {@code psrp.py ... hold SCRIPT}, its environment set (password)
     * @param other          psrp.py as the other user
     * @param expectedOutput what SCRIPT writes, in the pool afterwards
     */
    static void anotherUserCannotReachThePool(ProcessBuilder holder, Driver other, List<String> expectedOutput)
            throws Exception {
        holder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = holder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            String first = out.readLine();
            assertThat(first).as("the holder's first line").contains("shell_id");
            String shellId = first.replaceAll(".*\"shell_id\":\"([^\"]+)\".*", "$1");
            DriverResult list = other.run("list");
            assertThat(list.field("pools").toString()).as(list.describe()).doesNotContain(shellId);
            DriverResult steal = other.run("steal", shellId);
            assertThat(steal.stringField("wsman_code")).as(steal.describe()).isEqualTo("2150858843");
            try (OutputStream in = process.getOutputStream()) {
                in.write('\n');
            }
            String result = out.readLine();
            assertThat(result).as("the holder still uses its pool").isNotNull();
            assertThat(Json.parseObject(result)).as(result).containsEntry("output", expectedOutput);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }
}
