/**
 * The Prometheus text endpoint ({@code [metrics] listen}): requests, authentications, bytes, latency, open shells and
 * commands, JVM memory, exported with the Prometheus Java client on an address of its own, never on a WinRM listener.
 */
package io.openwinrm.cli.metrics;
