package io.openwinrm.server.endpoint;

import java.util.List;

/**
 * Whose account an endpoint's commands run under (a Windows session configuration's identity: pass-through,
 * {@code RunAsCredential}, or {@code RunAsVirtualAccount} with {@code RunAsVirtualAccountGroups}).
 */
public sealed interface RunAs {

    /** The written form in endpoint files: {@code caller}, {@code account:NAME}, {@code temporary}. */
    String text();

    /** The authenticated caller's own account (the default). */
    record Caller() implements RunAs {
        @Override
        public String text() {
            return "caller";
        }
    }

    /** A fixed service account; the caller is still recorded in the audit log. */
    record Account(String name) implements RunAs {
        public Account {
            if (name == null || name.isBlank() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                throw new IllegalArgumentException("run-as account name '" + name + "' is not valid");
            }
        }

        @Override
        public String text() {
            return "account:" + name;
        }
    }

    /**
     * A per-connection temporary account created when a shell opens and removed when it closes (JEA's virtual
     * account), member of exactly {@code groups}.
     */
    record Temporary(List<String> groups) implements RunAs {
        public Temporary {
            groups = List.copyOf(groups);
        }

        @Override
        public String text() {
            return "temporary";
        }
    }
}
