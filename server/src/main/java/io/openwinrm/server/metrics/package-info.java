/**
 * What the server reports for monitoring: a small listener the dispatcher and the transport call, and snapshots of
 * open shells and commands. No metrics library here: the exporter (Prometheus text) lives in the CLI layer.
 */
package io.openwinrm.server.metrics;
