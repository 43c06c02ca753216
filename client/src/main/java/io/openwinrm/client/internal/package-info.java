/** Implementation of the client: the WS-Man channel (codec + HTTP connections + authentication). Not an API. */
package io.openwinrm.client.internal;
