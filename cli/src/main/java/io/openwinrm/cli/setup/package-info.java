/**
 * The pieces of {@code openwinrm enable} / {@code disable} (the Enable-PSRemoting / Disable-PSRemoting analog):
 * a plan of {@link io.openwinrm.cli.setup.Step}s built first from the options and the host's facts, then run (or only
 * described, in a dry run) one by one, each reporting one {@link io.openwinrm.cli.setup.StepResult} line. Files the
 * plan writes carry {@link io.openwinrm.cli.setup.ManagedFile#MARKER}; a file without it is never overwritten or
 * deleted. Every path goes through a {@link io.openwinrm.cli.setup.Target}, which can prefix a temporary root and then
 * turns every live system change (systemctl, nft, groupadd) off.
 */
package io.openwinrm.cli.setup;
