package io.openwinrm.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsADriverResult() {
        Map<String, Object> m = Json.parseObject(
                "{\"exit_code\": 255, \"stdout_b64\": \"aGk=\", \"error\": null, \"terminated\": true,"
                        + " \"ratio\": -1.5e2, \"list\": [1, \"x\", {}], \"nested\": {\"a\": []}}\n");
        assertThat(m).containsEntry("exit_code", 255L)
                .containsEntry("stdout_b64", "aGk=")
                .containsEntry("error", null)
                .containsEntry("terminated", Boolean.TRUE)
                .containsEntry("ratio", -150.0)
                .containsEntry("list", List.of(1L, "x", Map.of()))
                .containsEntry("nested", Map.of("a", List.of()));
        assertThat(m.keySet()).containsExactly("exit_code", "stdout_b64", "error", "terminated", "ratio", "list",
                "nested");
    }

    @Test
    void decodesEscapes() {
        assertThat(Json.parseObject("{\"s\":\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\u2713\"}"))
                .containsEntry("s", "a\"b\\c/d\n\t\u00e9\u2713");
    }

    @Test
    void readsNumbersBeyondInt() {
        assertThat(Json.parseObject("{\"n\":52428800000}")).containsEntry("n", 52_428_800_000L);
    }

    @Test
    void rejectsWhatIsNotOneObject() {
        assertThatThrownBy(() -> Json.parseObject("")).hasMessageContaining("end of input");
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> Json.parseObject("{} {}")).hasMessageContaining("trailing text");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":1,}")).hasMessageContaining("offset");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":tru}")).hasMessageContaining("expected true");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":\"\\x\"}")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> Json.parseObject("{\"a\":1")).hasMessageContaining("end of input");
        assertThatThrownBy(() -> Json.parseObject("Traceback (most recent call last):"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
