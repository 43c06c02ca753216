/** Test support: an in-process OpenWinRM server on ephemeral loopback ports, used by integration and interop tests. */
package io.openwinrm.testkit;
