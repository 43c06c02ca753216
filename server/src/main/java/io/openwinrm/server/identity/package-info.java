/**
 * Operating-system identities: which account an authenticated principal is on this host, and the temporary
 * accounts of endpoints that ask for them. Interfaces only; the implementations live in module server-os.
 */
package io.openwinrm.server.identity;
