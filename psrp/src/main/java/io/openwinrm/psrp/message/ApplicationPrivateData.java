package io.openwinrm.psrp.message;

import io.openwinrm.psrp.clixml.PsDictionary;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * APPLICATION_PRIVATE_DATA ([MS-PSRP] 2.2.2.13): the {@code ApplicationPrivateData} member, a PSPrimitiveDictionary
 * (holding {@code PSVersionTable}) or Nil. PowerShell clients read {@code PSVersionTable.PSRemotingProtocolVersion}
 * here, not in the capability, to decide whether Disconnect and batches are available.
 */
public record ApplicationPrivateData(PsValue data) implements MessageBody {
    /** Type names of a PSPrimitiveDictionary ([MS-PSRP] 2.2.3.18). */
    public static final List<String> PRIMITIVE_DICTIONARY = List.of(
            "System.Management.Automation.PSPrimitiveDictionary", "System.Collections.Hashtable", "System.Object");

    public ApplicationPrivateData {
        Objects.requireNonNull(data, "data");
    }

    /**
     * Private data holding only a {@code PSVersionTable} with the given entries, in order (e.g. PSVersion,
     * PSEdition, PSRemotingProtocolVersion, SerializationVersion), shaped as Windows sends it.
     */
    public static ApplicationPrivateData withPsVersionTable(Map<String, ? extends PsValue> entries) {
        List<PsDictionary.Entry> table = new ArrayList<>();
        entries.forEach((k, v) -> table.add(new PsDictionary.Entry(new PsString(k), v)));
        PsObject versionTable = PsObject.builder().typeNames(PRIMITIVE_DICTIONARY)
                .container(new PsDictionary(table)).build();
        return new ApplicationPrivateData(PsObject.builder().typeNames(PRIMITIVE_DICTIONARY).container(
                new PsDictionary(List.of(new PsDictionary.Entry(new PsString("PSVersionTable"), versionTable))))
                .build());
    }

    /** The {@code PSVersionTable} dictionary, if the data holds one. */
    public Optional<PsDictionary> psVersionTable() {
        if (data instanceof PsObject o && o.container() instanceof PsDictionary d
                && d.get("PSVersionTable").orElse(null) instanceof PsObject t
                && t.container() instanceof PsDictionary table) {
            return Optional.of(table);
        }
        return Optional.empty();
    }

    @Override
    public int typeCode() {
        return MessageType.APPLICATION_PRIVATE_DATA.code();
    }
}
