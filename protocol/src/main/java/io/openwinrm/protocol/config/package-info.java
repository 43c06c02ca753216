/**
 * The WinRM configuration resource {@code http://schemas.microsoft.com/wbem/wsman/1/config} as a Get response body
 * ({@code cfg:Config}, [MS-WSMV] 2.2.4.10 ConfigType and the types it contains).
 */
package io.openwinrm.protocol.config;
