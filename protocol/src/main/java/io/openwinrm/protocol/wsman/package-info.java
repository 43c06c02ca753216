/**
 * WS-Management addressing and header model: namespaces, actions, resource URIs, selector and option sets,
 * the {@link io.openwinrm.protocol.wsman.Header} record and xs:duration handling ([MS-WSMV] 2.2.1, 3.1.4.1).
 */
package io.openwinrm.protocol.wsman;
