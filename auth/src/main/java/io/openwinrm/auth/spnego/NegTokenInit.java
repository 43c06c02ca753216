package io.openwinrm.auth.spnego;

import java.util.List;
import java.util.Optional;

/**
 * NegTokenInit (RFC 4178 4.2.1; NegTokenInit2 of [MS-SPNG] 2.2.1 decodes to the same record, negHints dropped).
 *
 * @param mechTypes    the initiator's mechanisms, most preferred first (dotted OIDs); never empty
 * @param mechToken    the optimistic token for {@code mechTypes.get(0)}
 * @param mechListMic  the initiator's mechListMIC, rarely present in an init
 */
public record NegTokenInit(List<String> mechTypes, Optional<byte[]> mechToken, Optional<byte[]> mechListMic)
        implements SpnegoToken {

    public NegTokenInit {
        mechTypes = List.copyOf(mechTypes);
        if (mechTypes.isEmpty()) {
            throw new IllegalArgumentException("mechTypes must not be empty");
        }
        mechToken = mechToken.map(byte[]::clone);
        mechListMic = mechListMic.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> mechToken() {
        return mechToken.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> mechListMic() {
        return mechListMic.map(byte[]::clone);
    }
}
