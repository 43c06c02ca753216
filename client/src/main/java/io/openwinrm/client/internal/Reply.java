package io.openwinrm.client.internal;

/**
 * A reply after transport-level decryption: HTTP status and the plaintext body.
 *
 * @param status HTTP status
 * @param body   the SOAP envelope (decrypted when the service encrypted it), or a text reason, or empty
 */
record Reply(int status, byte[] body) {
}
