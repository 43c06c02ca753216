/**
 * {@code openwinrm copy}: paths in scp's syntax, what runs on the host's POSIX shell for each file (a temporary name,
 * SHA-256 on both sides, a rename), recursion, and the progress display.
 */
package io.openwinrm.cli.copy;
