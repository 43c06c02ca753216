package io.openwinrm.interop;

/** pywinrm Kerberos over HTTPS, with its channel binding (tls-server-end-point) in the authenticator. */
class PywinrmKerberosHttpsInteropTest extends AbstractPywinrmKerberosInteropTest {
}
