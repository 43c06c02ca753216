package io.openwinrm.protocol.soap;

/**
 * The content of a SOAP {@code s:Body}: one of the immutable message records of this module
 * (requests and responses of {@code io.openwinrm.protocol.shell}, {@code WsmanFault}, {@link UnsupportedBody}).
 *
 * <p>Conceptually a closed (sealed) set. It is not declared {@code sealed} because the records live in their
 * own packages ({@code shell}, {@code fault}) and JLS 8.1.6 only lets a sealed type in the unnamed module permit
 * subclasses of its own package; this module is not a named JPMS module. Only this module implements it.
 */
public interface Body {
}
