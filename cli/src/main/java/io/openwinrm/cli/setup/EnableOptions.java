package io.openwinrm.cli.setup;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code openwinrm enable} was asked to do, with the host facts it depends on.
 *
 * @param home         the state directory as the configured system sees it (unprefixed)
 * @param target       where files go and whether live changes are made
 * @param profile      the network category; public limits clients to the local subnets
 * @param allNetworks  accept clients from every network even on a public one
 * @param certificate  a supplied PEM certificate (with {@code privateKey}), or null for a self-signed one
 * @param privateKey   the supplied PEM private key, or null
 * @param systemd      install and start the systemd unit
 * @param firewall     write and load the nftables rules
 * @param localSubnets the host's subnets, loopback included
 * @param hostName     subject of a generated certificate
 * @param execStart    the service's command line
 */
public record EnableOptions(Path home, Target target, NetworkProfile profile, boolean allNetworks, Path certificate,
        Path privateKey, boolean systemd, boolean firewall, List<Subnet> localSubnets, String hostName,
        String execStart) {

    public EnableOptions {
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(profile, "profile");
        localSubnets = List.copyOf(localSubnets);
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("--certificate and --private-key go together");
        }
    }

    /** The networks allowed to connect, or null for all: only the local subnets on a public network. */
    public List<Subnet> allowedNetworks() {
        return profile == NetworkProfile.PUBLIC && !allNetworks ? localSubnets : null;
    }
}
