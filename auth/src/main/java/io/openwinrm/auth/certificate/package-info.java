/**
 * Client certificate authentication over HTTPS ([MS-WSMV] 2.2.9: the {@code Authorization:
 * http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/https/mutual} security profile of DSP0226 C.3.5): the
 * {@link io.openwinrm.auth.certificate.CertificateMapper} policy that turns a TLS-verified client chain into a user,
 * and {@link io.openwinrm.auth.certificate.SubjectCertificateMapper}, which maps by subject DN, UPN or e-mail
 * (the fields Windows' WinRM certmapping matches on).
 */
package io.openwinrm.auth.certificate;
