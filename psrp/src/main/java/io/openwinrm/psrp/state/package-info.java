/**
 * Runspace-pool and pipeline lifecycles as the server sees them ([MS-PSRP] 3.2.1.2.2, 2.2.3.4, 2.2.3.5): one enum
 * of states and one enum of events per lifecycle, each event naming the states it is allowed in and where it
 * leads. An event in any other state raises {@link io.openwinrm.psrp.state.InvalidStateException} with the actual
 * state, the expected ones and the action (pypsrp's {@code InvalidRunspacePoolStateError} shape).
 */
package io.openwinrm.psrp.state;
