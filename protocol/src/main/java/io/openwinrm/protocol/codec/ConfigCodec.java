package io.openwinrm.protocol.codec;

import io.openwinrm.protocol.config.ServiceConfig;
import io.openwinrm.protocol.wsman.Namespaces;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * Writes and reads {@code cfg:Config} ([MS-WSMV] 2.2.4.10) in Windows' element order (vector
 * {@code wsman-get-config.response.xml}). Reading is lenient: unknown elements (Windows' Client section, its other
 * Service settings) are skipped and absent values read as 0 / false / empty.
 */
final class ConfigCodec {

    private ConfigCodec() {
    }

    static void write(XmlOut out, ServiceConfig c) {
        out.start("cfg:Config").attr("xmlns:cfg", Namespaces.CONFIG);
        number(out, "MaxEnvelopeSizekb", c.maxEnvelopeSizeKb());
        number(out, "MaxTimeoutms", c.maxTimeoutMs());
        number(out, "MaxBatchItems", c.maxBatchItems());
        ServiceConfig.Service s = c.service();
        out.start("cfg:Service");
        number(out, "MaxConcurrentOperationsPerUser", s.maxConcurrentOperationsPerUser());
        number(out, "EnumerationTimeoutms", s.enumerationTimeoutMs());
        number(out, "MaxConnections", s.maxConnections());
        bool(out, "AllowUnencrypted", s.allowUnencrypted());
        out.start("cfg:Auth");
        bool(out, "Basic", s.basic());
        bool(out, "Kerberos", s.kerberos());
        bool(out, "Negotiate", s.negotiate());
        bool(out, "Certificate", s.certificate());
        bool(out, "CredSSP", s.credSsp());
        out.element("cfg:CbtHardeningLevel", s.cbtHardeningLevel());
        out.end("cfg:Auth");
        out.end("cfg:Service");
        ServiceConfig.Winrs w = c.winrs();
        out.start("cfg:Winrs");
        bool(out, "AllowRemoteShellAccess", w.allowRemoteShellAccess());
        number(out, "IdleTimeout", w.idleTimeoutMs());
        number(out, "MaxConcurrentUsers", w.maxConcurrentUsers());
        number(out, "MaxShellRunTime", w.maxShellRunTimeMs());
        number(out, "MaxProcessesPerShell", w.maxProcessesPerShell());
        number(out, "MaxMemoryPerShellMB", w.maxMemoryPerShellMb());
        number(out, "MaxShellsPerUser", w.maxShellsPerUser());
        out.end("cfg:Winrs");
        for (ServiceConfig.Listener l : c.listeners()) {
            out.start("cfg:Listener").element("cfg:Address", l.address()).element("cfg:Transport", l.transport());
            number(out, "Port", l.port());
            bool(out, "Enabled", l.enabled());
            out.element("cfg:URLPrefix", l.urlPrefix()).end("cfg:Listener");
        }
        out.end("cfg:Config");
    }

    private static void number(XmlOut out, String local, long value) {
        out.start("cfg:" + local).rawAscii(Long.toString(value)).end("cfg:" + local);
    }

    private static void bool(XmlOut out, String local, boolean value) {
        out.start("cfg:" + local).rawAscii(Boolean.toString(value)).end("cfg:" + local);
    }

    /** Positioned on {@code cfg:Config}; returns on its end. */
    static ServiceConfig read(XmlIn in) throws XMLStreamException {
        Map<String, String> top = new HashMap<>();
        Map<String, String> service = new HashMap<>();
        Map<String, String> winrs = new HashMap<>();
        List<ServiceConfig.Listener> listeners = new ArrayList<>();
        while (in.nextChild()) {
            if (!in.nsUri().equals(Namespaces.CONFIG)) {
                in.skipElement();
                continue;
            }
            switch (in.localName()) {
                case "Service" -> leaves(in, service);
                case "Winrs" -> leaves(in, winrs);
                case "Listener" -> {
                    Map<String, String> l = new HashMap<>();
                    leaves(in, l);
                    listeners.add(new ServiceConfig.Listener(l.getOrDefault("Address", ""),
                            l.getOrDefault("Transport", ""), (int) num(l, "Port"), bool(l, "Enabled"),
                            l.getOrDefault("URLPrefix", "")));
                }
                case "MaxEnvelopeSizekb", "MaxTimeoutms", "MaxBatchItems" -> top.put(in.localName(), in.text().strip());
                default -> in.skipElement();
            }
        }
        return new ServiceConfig(num(top, "MaxEnvelopeSizekb"), num(top, "MaxTimeoutms"), num(top, "MaxBatchItems"),
                new ServiceConfig.Service(num(service, "MaxConcurrentOperationsPerUser"),
                        num(service, "EnumerationTimeoutms"), num(service, "MaxConnections"),
                        bool(service, "AllowUnencrypted"), bool(service, "Basic"), bool(service, "Kerberos"),
                        bool(service, "Negotiate"), bool(service, "Certificate"), bool(service, "CredSSP"),
                        service.getOrDefault("CbtHardeningLevel", "")),
                new ServiceConfig.Winrs(bool(winrs, "AllowRemoteShellAccess"), num(winrs, "IdleTimeout"),
                        num(winrs, "MaxConcurrentUsers"), num(winrs, "MaxShellRunTime"),
                        num(winrs, "MaxProcessesPerShell"), num(winrs, "MaxMemoryPerShellMB"),
                        num(winrs, "MaxShellsPerUser")),
                listeners);
    }

    /** The text leaves of an element and of its sub-elements (Auth, DefaultPorts) by local name. */
    private static void leaves(XmlIn in, Map<String, String> into) throws XMLStreamException {
        while (in.nextChild()) {
            String local = in.localName();
            if (local.equals("Auth") || local.equals("DefaultPorts")) {
                leaves(in, into);
            } else {
                into.put(local, in.text().strip());
            }
        }
    }

    private static long num(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw XmlIn.schema("The value of " + key + " is not a number: " + v);
        }
    }

    private static boolean bool(Map<String, String> m, String key) {
        String v = m.get(key);
        return v != null && XmlIn.parseBoolean(v, key);
    }
}
