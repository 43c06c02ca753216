/**
 * PSRP messages ([MS-PSRP] 2.2.1, 2.2.2): the 40-byte header ({@link io.openwinrm.psrp.message.PsrpMessage},
 * {@link io.openwinrm.psrp.message.PsrpMessageCodec}), the closed set of message types
 * ({@link io.openwinrm.psrp.message.MessageType}), and one immutable record per message a session uses
 * ({@link io.openwinrm.psrp.message.MessageBody}) with {@link io.openwinrm.psrp.message.MessageBodyCodec}
 * between them and CLIXML. Unknown message types stay raw ({@link io.openwinrm.psrp.message.UnknownMessage}).
 */
package io.openwinrm.psrp.message;
