package io.openwinrm.server;

import io.openwinrm.auth.account.AccountStore;
import io.openwinrm.auth.account.AccountStorePasswordAuthenticator;
import io.openwinrm.auth.basic.BasicAuthMechanismFactory;
import io.openwinrm.auth.certificate.CertificateMapper;
import io.openwinrm.auth.certificate.CertificateMappingFile;
import io.openwinrm.auth.negotiate.NegotiateMechanismFactory;
import io.openwinrm.auth.ntlm.CbtHardening;
import io.openwinrm.auth.ntlm.NtHashLookup;
import io.openwinrm.auth.ntlm.NtlmAcceptorSettings;
import io.openwinrm.auth.spi.AuthMechanismFactory;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.audit.LocalTranscriptFiles;
import io.openwinrm.server.audit.TranscriptFiles;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.config.AuthSettings;
import io.openwinrm.server.config.ServerConfig;
import io.openwinrm.server.shell.ShellContextFactory;
import io.openwinrm.server.shell.ShellContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The pluggable parts of a {@link WinRmServer}: who verifies credentials, who prepares shells and starts processes,
 * where transcripts go. {@link #local} has them all in this process; a privilege-separated server's network side
 * puts its monitor behind each of them.
 *
 * @param launcher     starts commands
 * @param access       endpoints, callers, the audit log
 * @param contexts     prepares each new shell (account, sandbox, policy)
 * @param mechanisms   the HTTP authentication schemes, in challenge order
 * @param certificates maps verified client certificates to users, where certificate authentication is on
 * @param transcripts  keeps transcripts
 */
public record ServerParts(ProcessLauncher launcher, AccessControl access, ShellContexts contexts,
                          List<AuthMechanismFactory> mechanisms, Optional<CertificateMapper> certificates,
                          TranscriptFiles transcripts) {

    public ServerParts {
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(contexts, "contexts");
        mechanisms = List.copyOf(mechanisms);
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(transcripts, "transcripts");
    }

    /**
     * Everything in this process: NTLM and Basic against {@code accounts}, the certificate mapping file, shells
     * prepared by a {@link ShellContextFactory}, transcripts written directly.
     */
    public static ServerParts local(ServerConfig config, ProcessLauncher launcher, AccountStore accounts,
                                    AccessControl access) throws IOException {
        AuthSettings auth = config.auth();
        List<AuthMechanismFactory> mechanisms = new ArrayList<>();
        if (auth.negotiate()) {
            CbtHardening cbt = CbtHardening.valueOf(auth.cbtHardening().toUpperCase(Locale.ROOT));
            NtlmAcceptorSettings ntlm = NtlmAcceptorSettings.of(NtHashLookup.of(accounts), machineName(), cbt);
            mechanisms.add(NegotiateMechanismFactory.negotiate(ntlm));
            mechanisms.add(NegotiateMechanismFactory.ntlm(ntlm));
        }
        if (auth.basic()) {
            mechanisms.add(new BasicAuthMechanismFactory(new AccountStorePasswordAuthenticator(accounts)));
        }
        Optional<CertificateMapper> certificates = auth.certificate()
                ? Optional.of(new CertificateMappingFile(auth.certificateMap()).mapper()) : Optional.empty();
        ShellContextFactory contexts = new ShellContextFactory(access.callers(), launcher, access.temporaryAccounts(),
                access.hideOtherUsersProcesses());
        return new ServerParts(launcher, access, contexts, mechanisms, certificates,
                new LocalTranscriptFiles(access.callers().accounts().self().uid()));
    }

    /** The host name Windows would report as the machine (NTLM target, fault detail). */
    public static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
