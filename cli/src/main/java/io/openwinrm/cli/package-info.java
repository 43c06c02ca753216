/**
 * The {@code openwinrm} command line: picocli commands ({@code serve}, {@code invoke}, {@code version},
 * {@code user}, {@code demo}), the state directory ({@code --home}) and configuration loading.
 */
package io.openwinrm.cli;
