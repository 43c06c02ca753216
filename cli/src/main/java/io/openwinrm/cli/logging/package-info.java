/**
 * The service's log: an SLF4J 2 provider of our own (text lines as before, or JSON lines with the audit log's field
 * names), written to stderr or to a file that {@code SIGHUP} reopens for log rotation.
 */
package io.openwinrm.cli.logging;
