/**
 * End-to-end benchmark of OpenWinRM against OpenSSH's sshd on loopback: latency of a trivial command over an open
 * session and over a fresh connection, and bulk stdout/stdin throughput. {@link io.openwinrm.bench.EndToEndBenchmark}
 * is started by {@code bench/run}, which sets up both servers; this package only measures and reports.
 */
package io.openwinrm.bench;
