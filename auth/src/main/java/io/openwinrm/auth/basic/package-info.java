/**
 * HTTP Basic authentication (RFC 7617), as WinRM uses it for local accounts ([MS-WSMV] 2.2.9; WinRM's
 * Auth/Basic). The password travels on every request, so it is offered only over TLS unless the listener
 * explicitly allows unencrypted traffic.
 */
package io.openwinrm.auth.basic;
