/**
 * The client's blocking HTTP/1.1 transport, on plain JDK sockets: one keep-alive connection per {@link
 * io.openwinrm.transport.client.HttpConnection} (NTLM and Kerberos contexts are bound to it, [MS-WSMV] 2.2.9.1),
 * requests always with {@code Content-Length} (Windows refuses chunked requests, [MS-WSMV] 3.1.4.1.31.8), and
 * {@link io.openwinrm.transport.client.TlsClientSettings} for server certificate trust.
 */
package io.openwinrm.transport.client;
