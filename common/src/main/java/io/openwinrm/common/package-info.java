/** Facts about this build and small utilities shared by every OpenWinRM module; no third-party dependencies. */
package io.openwinrm.common;
