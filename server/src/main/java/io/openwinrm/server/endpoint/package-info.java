/**
 * Endpoints (PowerShell session configurations): named, selected by resource URI, each with an access list, a kind
 * (cmd shell, login shell, JEA-style restricted), a run-as identity, OS limits and transcripts.
 */
package io.openwinrm.server.endpoint;
