/**
 * Audit: one JSON line per access decision and per command invocation (who, as whom, which endpoint and roles, argv,
 * decision and reason, exit code, bytes, duration), and per-shell transcripts for endpoints that ask for them.
 */
package io.openwinrm.server.audit;
