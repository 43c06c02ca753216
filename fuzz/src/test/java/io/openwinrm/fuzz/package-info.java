/**
 * Jazzer fuzz targets, one {@code @FuzzTest} per class and parser, for everything that reads bytes from the network
 * before or during authentication, and for the TOML files. Each target states which exceptions are the parser's
 * documented way of refusing input; any other throwable, an {@link java.lang.OutOfMemoryError}, a
 * {@link java.lang.StackOverflowError} or a hang is a finding. Kept inputs (seeds from recorded traffic and the
 * regression inputs of fixed findings) live in {@code src/test/resources/io/openwinrm/fuzz/<Class>Inputs/<method>/};
 * see {@code fuzz/README.md}.
 */
package io.openwinrm.fuzz;
