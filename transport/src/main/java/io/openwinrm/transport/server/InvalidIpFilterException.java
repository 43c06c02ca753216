package io.openwinrm.transport.server;

/**
 * An IPv4Filter / IPv6Filter value that cannot be parsed; the message names the offending entry. Thrown by
 * {@link AddressRanges#parse} and {@link IpFilter#parse}.
 */
public final class InvalidIpFilterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidIpFilterException(String message) {
        super(message);
    }
}
