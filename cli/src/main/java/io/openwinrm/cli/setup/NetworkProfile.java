package io.openwinrm.cli.setup;

/**
 * The Windows network category the host's network is treated as. Enable-PSRemoting on a public network lets only
 * the local subnet in (its firewall rule "Windows Remote Management (HTTP-In)" for the Public profile is limited to
 * LocalSubnet); unknown networks are public.
 */
public enum NetworkProfile {
    PUBLIC, PRIVATE, DOMAIN
}
