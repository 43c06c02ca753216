package io.openwinrm.interop;

/** pywinrm Kerberos over plain HTTP: every message after the AP-REQ sealed with the context's AES key. */
class PywinrmKerberosHttpInteropTest extends AbstractPywinrmKerberosInteropTest {

    @Override
    Listener listener() {
        return Listener.HTTP;
    }
}
