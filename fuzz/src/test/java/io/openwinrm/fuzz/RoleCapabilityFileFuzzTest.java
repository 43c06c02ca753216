package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.openwinrm.policy.restrict.InvalidRoleFileException;
import io.openwinrm.policy.restrict.RoleCapabilityFile;
import java.nio.charset.StandardCharsets;

/**
 * A role capability file ({@code roles/NAME.toml}, JEA's {@code .psrc}) through {@link RoleCapabilityFile#parse}.
 * Seeds: the documented example and the role files of the restricted-endpoint tests.
 *
 * <p>Documented rejection: {@link InvalidRoleFileException}. Its patterns are the administrator's regular
 * expressions, so Jazzer's regex-injection detector is off for this target ({@code junit-platform.properties}).
 */
class RoleCapabilityFileFuzzTest {

    @DictionaryFile(resourcePath = "toml.dict")
    @FuzzTest
    void roleFile(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            RoleCapabilityFile.parse("fuzz", text);
        } catch (InvalidRoleFileException e) {
            Findings.requireNoBugInside(e);
        }
    }
}
