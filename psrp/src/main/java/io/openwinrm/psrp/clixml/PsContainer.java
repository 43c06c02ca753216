package io.openwinrm.psrp.clixml;

/** The collection part of a {@link PsObject}: a list-like ({@link PsList}) or a dictionary ({@link PsDictionary}). */
public sealed interface PsContainer permits PsList, PsDictionary {
}
