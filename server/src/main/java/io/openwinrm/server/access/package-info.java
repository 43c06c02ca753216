/**
 * Who the caller is on this host and whether an endpoint admits them: the OS account behind an authenticated name,
 * the isolation mode, and the access-denied error.
 */
package io.openwinrm.server.access;
