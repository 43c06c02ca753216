package io.openwinrm.cli.interactive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptTest {

    @Test
    void showsUserHostAndDirectoryWithTheHomeAsTilde() {
        Prompt p = new Prompt("alice", "web1", "/home/alice", "/home/alice");
        assertThat(p.render()).isEqualTo("alice@web1:~> ");
        assertThat(p.in("/home/alice/src").render()).isEqualTo("alice@web1:~/src> ");
        assertThat(p.in("/home/alice2").render()).as("only whole path components").isEqualTo(
                "alice@web1:/home/alice2> ");
        assertThat(p.in("/tmp").render()).isEqualTo("alice@web1:/tmp> ");
    }

    @Test
    void unknownDirectoriesAndARootHome() {
        assertThat(new Prompt("u", "h", null, null).render()).isEqualTo("u@h:?> ");
        assertThat(new Prompt("root", "h", "/", "/etc").render()).as("home / is not abbreviated").isEqualTo(
                "root@h:/etc> ");
        assertThat(new Prompt("u", "h", null, "/srv").render()).isEqualTo("u@h:/srv> ");
    }
}
