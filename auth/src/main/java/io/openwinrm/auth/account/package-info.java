/**
 * The server's own account store: a small, versioned, line-based file (default name {@value
 * io.openwinrm.auth.account.AccountStore#DEFAULT_FILE_NAME} in the state directory) holding salted PBKDF2
 * password hashes and, for NTLM later, the NT hash ([MS-NLMP] 3.3.1 NTOWFv1), which is password-equivalent.
 * The file is written atomically with mode 0600 and refused when group- or world-accessible.
 */
package io.openwinrm.auth.account;
