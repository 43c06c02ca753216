/**
 * Interop tests: real third-party WinRM clients against the in-process OpenWinRM server.
 *
 * <p>Each peer (pywinrm from PyPI, the Go client {@code github.com/masterzen/winrm}) is driven by a
 * small program under {@code interop/} that speaks one command-line contract and prints one JSON
 * object (see {@code interop/README.md}). {@link io.openwinrm.interop.DriverRunner} runs a driver as a
 * subprocess with a hard timeout; {@link io.openwinrm.interop.Peer} finds the installed peers and
 * {@link io.openwinrm.interop.PeerRequirement} skips, or with {@code OPENWINRM_INTEROP_REQUIRED=1}
 * fails, a test whose peer is missing.
 *
 * <p>One test class per peer × authentication × listener, named after it (e.g.
 * {@code PywinrmNtlmHttpInteropTest}), on the fixture {@link io.openwinrm.interop.AbstractPeerInteropTest}.
 * The shared scenarios of {@link io.openwinrm.interop.AbstractShellScenarioInteropTest} cover the Shell
 * lifecycle of [MS-WSMV] 3.1.4.11 to 3.1.4.14: Create, Command, Send, Receive (including the TimedOut
 * fault), Signal and Delete. The authentications are Basic, NTLM through {@code Negotiate} (sealed
 * messages on HTTP, [MS-WSMV] 3.2.4.1.10; channel binding, [MS-NLMP] 2.2.2.1) and client
 * certificates (the https/mutual security profile, DSP0226 C.3.4).
 */
package io.openwinrm.interop;
