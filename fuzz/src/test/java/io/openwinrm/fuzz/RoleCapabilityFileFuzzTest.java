package io.openwinrm.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
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

    @DictionaryEntries({"\\u0000", "\\U0001F600", "\\\\", "\"\"\"", "'''", "[[", "]]", " = ", "\n[", "true", "-1",
            "9223372036854775808", "1e400", "inf", "nan", "1979-05-27T07:32:00Z", "{ a = 1 }", "[]", "\r\n", "#"})
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
