/** Envelope size arithmetic for responses that must fit the client's MaxEnvelopeSize ([MS-WSMV] 3.1.4.1.7). */
package io.openwinrm.protocol.envelope;
