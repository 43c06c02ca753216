/**
 * The StAX codec ({@link io.openwinrm.protocol.codec.WsmanCodec}): hardened Woodstox parsing into message
 * records and a fixed-order writer with Windows' prefixes ([MS-WSMV] 2.2, 3.1.4).
 */
package io.openwinrm.protocol.codec;
