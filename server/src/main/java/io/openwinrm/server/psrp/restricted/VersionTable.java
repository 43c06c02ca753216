package io.openwinrm.server.psrp.restricted;

import io.openwinrm.common.ProductInfo;
import io.openwinrm.psrp.clixml.ListKind;
import io.openwinrm.psrp.clixml.PsDictionary;
import io.openwinrm.psrp.clixml.PsObject;
import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.clixml.PsVersion;
import io.openwinrm.psrp.message.ApplicationPrivateData;
import io.openwinrm.psrp.message.SessionCapability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versions the restricted engine announces: its SESSION_CAPABILITY ([MS-PSRP] 2.2.2.1) and the
 * {@code PSVersionTable} of APPLICATION_PRIVATE_DATA ([MS-PSRP] 2.2.2.13), which {@code $PSVersionTable} also
 * returns.
 *
 * <p>Choices, since no PowerShell runs here:
 * <ul>
 *   <li>{@code PSVersion} 5.1: the language level this engine emulates (a JEA NoLanguage runspace of Windows
 *       PowerShell 5.1). Clients read it to pick wire conventions: at 5 and above PowerShell sends {@code $using:}
 *       values as a Hashtable and batches statements in {@code ExtraCmds} ([MS-PSRP] 2.2.3.11).</li>
 *   <li>{@code PSEdition} {@code OpenWinRM}: neither Desktop nor Core, so that no client mistakes this engine for a
 *       real PowerShell.</li>
 *   <li>{@code PSRemotingProtocolVersion} 2.3 (what Windows PowerShell 5.1 and pwsh up to 7.5 speak; 2.2 or more
 *       makes PowerShell offer Disconnect-PSSession) and {@code SerializationVersion} 1.1.0.1.</li>
 *   <li>{@code OpenWinRMVersion} and {@code OpenWinRMEngine}: this server's own version and the engine kind.</li>
 * </ul>
 */
final class VersionTable {

    /** [MS-PSRP] 2.2.2.1: Windows PowerShell 5.1's capability (protocol 2.3, PSVersion 2.0, serialization 1.1.0.1). */
    static final SessionCapability CAPABILITY = SessionCapability.WINDOWS_POWERSHELL_5_1;
    static final PsVersion PS_VERSION = PsVersion.of(5, 1);
    static final PsVersion PROTOCOL_VERSION = PsVersion.of(2, 3);
    static final PsVersion SERIALIZATION_VERSION = new PsVersion(1, 1, 0, 1);

    private static final List<String> HASHTABLE = List.of("System.Collections.Hashtable", "System.Object");
    private static final List<String> VERSION_ARRAY = List.of("System.Version[]", "System.Array", "System.Object");

    private VersionTable() {
    }

    /** The table's entries in the order PowerShell lists them. */
    static Map<String, PsValue> entries() {
        Map<String, PsValue> t = new LinkedHashMap<>();
        t.put("PSVersion", PS_VERSION);
        t.put("PSEdition", new PsString("OpenWinRM"));
        List<PsValue> compatible = new ArrayList<>();
        for (String v : List.of("1.0", "2.0", "3.0", "4.0", "5.0", "5.1")) {
            compatible.add(PsVersion.parse(v));
        }
        t.put("PSCompatibleVersions", PsObject.ofList(VERSION_ARRAY, ListKind.LIST, compatible));
        t.put("WSManStackVersion", PsVersion.parse(ProductInfo.STACK_VERSION));
        t.put("PSRemotingProtocolVersion", PROTOCOL_VERSION);
        t.put("SerializationVersion", SERIALIZATION_VERSION);
        t.put("OS", new PsString(System.getProperty("os.name", "") + " " + System.getProperty("os.version", "")));
        t.put("Platform", new PsString("Unix"));
        t.put("OpenWinRMVersion", new PsString(ProductInfo.version()));
        t.put("OpenWinRMEngine", new PsString("restricted"));
        return t;
    }

    /** APPLICATION_PRIVATE_DATA with the table, shaped as Windows sends it. */
    static ApplicationPrivateData privateData() {
        return ApplicationPrivateData.withPsVersionTable(entries());
    }

    /** {@code $PSVersionTable} as a pipeline output object: a Hashtable. */
    static PsObject asOutput() {
        List<PsDictionary.Entry> entries = new ArrayList<>();
        entries().forEach((k, v) -> entries.add(new PsDictionary.Entry(new PsString(k), v)));
        return PsObject.builder().typeNames(HASHTABLE).container(new PsDictionary(entries)).build();
    }
}
