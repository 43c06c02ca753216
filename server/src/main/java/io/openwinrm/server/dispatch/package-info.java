/**
 * WS-Management dispatch: decodes a request, validates its addressing headers ([MS-WSMV] 3.1.4.1), routes it through a
 * table keyed by (action URI, resource URI) to one {@link io.openwinrm.server.dispatch.ActionHandler}, and maps every
 * error to a SOAP fault in one place ({@link io.openwinrm.server.dispatch.FaultMapper}).
 */
package io.openwinrm.server.dispatch;
