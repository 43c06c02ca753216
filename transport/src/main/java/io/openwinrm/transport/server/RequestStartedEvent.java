package io.openwinrm.transport.server;

/**
 * Fired by {@link RequestStartDecoder} when the first byte of a request arrives, before the request's head is
 * decoded; {@link HttpExchangeSequencer} starts the request read timeout on it.
 */
enum RequestStartedEvent {
    INSTANCE
}
