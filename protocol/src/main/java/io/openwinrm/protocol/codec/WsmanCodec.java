package io.openwinrm.protocol.codec;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.soap.Envelope;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * The WS-Management StAX codec, both directions: the server decodes requests and encodes responses, the client
 * encodes requests and decodes responses. Thread-safe and reusable: build one and share it.
 *
 * <p>Parsing is hardened: DTDs are not supported, external entities are off, and any DOCTYPE or entity
 * reference is rejected (SOAP 1.2 part 1 5 forbids DTDs); depth, attribute count, text size, element count and
 * total size are bounded by {@link CodecLimits}. Every problem surfaces as a {@link WsmanFaultException}
 * (never a raw {@link XMLStreamException}); faults found after the header was read carry that header
 * ({@link WsmanFaultException#requestHeader()}) so the reply can echo the MessageID.
 */
public final class WsmanCodec {
    private final XMLInputFactory inputFactory;
    private final CodecLimits limits;

    public WsmanCodec() {
        this(CodecLimits.DEFAULT);
    }

    public WsmanCodec(CodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        XMLInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        // not coalescing, lazily parsed: the large base64 Stream texts are copied straight from the parser's buffer
        // into bytes for the JDK's decoder instead of being accumulated into strings first
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLInputFactory.IS_VALIDATING, false);
        f.setProperty(XMLInputFactory.RESOLVER, (XMLResolver) (publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external entities are not allowed: " + systemId);
        });
        f.setProperty(XMLInputFactory2.P_LAZY_PARSING, true);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxElementDepth());
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, limits.maxAttributes());
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, limits.maxAttributeLength());
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, limits.maxTextLength());
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, (long) limits.maxElementCount());
        f.setProperty(WstxInputProperties.P_MAX_CHARACTERS, limits.maxCharacters());
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        this.inputFactory = f;
    }

    /**
     * Decodes a request or a response; the encoding comes from the BOM / XML declaration (UTF-8 default).
     *
     * @throws WsmanFaultException SchemaValidation (malformed XML, DTD, limits, invalid body), InvalidHeader
     *                             (e.g. OperationTimeout {@code PT-1S}), MustUnderstand, InvalidParameter
     *                             (bad base64) ...
     */
    public Envelope decode(byte[] xml) {
        return decode(xml, null);
    }

    /**
     * Decodes with a known charset (from the HTTP Content-Type, e.g. UTF-16 from Windows clients); null means
     * auto-detect.
     */
    public Envelope decode(byte[] xml, Charset charset) {
        return decode(xml, charset, true);
    }

    /**
     * Decodes, with the long base64 texts taken out first when {@code cutRuns} ({@link Base64Runs}). A message the
     * parser refuses that way is parsed again whole, so that a fault names the position in the message as sent.
     */
    Envelope decode(byte[] xml, Charset charset, boolean cutRuns) {
        Objects.requireNonNull(xml, "xml");
        if (xml.length == 0) {
            throw new WsmanFaultException(FaultKind.SCHEMA_VALIDATION, "The message body is empty.");
        }
        Base64Runs runs = cutRuns ? Base64Runs.find(xml, charset, limits) : null;
        if (runs != null) {
            try {
                return parse(runs.skeleton(), charset, runs);
            } catch (WsmanFaultException e) {
                // parsed again below, whole
            }
        }
        return parse(xml, charset, null);
    }

    private Envelope parse(byte[] xml, Charset charset, Base64Runs runs) {
        XMLStreamReader r = null;
        EnvelopeReader er = null;
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(xml);
            r = charset == null ? inputFactory.createXMLStreamReader(in)
                    : inputFactory.createXMLStreamReader(in, charset.name());
            er = new EnvelopeReader(new XmlIn(r, runs));
            return er.read();
        } catch (WsmanFaultException e) {
            throw er == null ? e : e.withRequestHeader(er.header());
        } catch (XMLStreamException | RuntimeException e) {
            WsmanFaultException f = new WsmanFaultException(FaultKind.SCHEMA_VALIDATION,
                    "The message is not a well-formed SOAP envelope: " + firstLine(e.getMessage()), e);
            throw er == null ? f : f.withRequestHeader(er.header());
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to release for an in-memory source
                }
            }
        }
    }

    /** Encodes an envelope as UTF-8 XML, without an XML declaration. */
    public byte[] encode(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        return EnvelopeWriter.write(envelope);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
