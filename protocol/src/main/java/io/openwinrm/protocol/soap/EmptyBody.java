package io.openwinrm.protocol.soap;

/**
 * An empty {@code s:Body} whose action the codec does not map to a specific record
 * (Delete, Reconnect and friends get their own records).
 */
public record EmptyBody() implements Body {
}
