package io.openwinrm.cli;

import io.openwinrm.server.endpoint.Endpoint;

/** Checks an endpoint name given on the command line. */
final class EndpointNames {

    private EndpointNames() {
    }

    static String valid(String name) {
        if (!Endpoint.validName(name)) {
            throw new CliException(ExitCodes.USAGE, "invalid endpoint name '" + name + "': 1-64 letters, digits, "
                    + "'.', '-' or '_'");
        }
        return name;
    }
}
