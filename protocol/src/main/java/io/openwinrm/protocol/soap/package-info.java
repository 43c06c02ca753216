/** SOAP 1.2 envelope model: {@link io.openwinrm.protocol.soap.Envelope} and the {@link io.openwinrm.protocol.soap.Body} family. */
package io.openwinrm.protocol.soap;
