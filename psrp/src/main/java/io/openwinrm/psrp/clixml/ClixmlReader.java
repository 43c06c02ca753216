package io.openwinrm.psrp.clixml;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import io.openwinrm.psrp.PsrpError;
import io.openwinrm.psrp.PsrpException;
import java.io.ByteArrayInputStream;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * The CLIXML deserializer ([MS-PSRP] 2.2.5): reads one value from the Data of a PSRP message (UTF-8, optional
 * BOM). Thread-safe and reusable.
 *
 * <p>Hostile input is bounded ({@link ClixmlLimits}): DTDs and external entities are off, depth, element count,
 * string size and the reference-expanded size are limited, and a {@code <Ref>} must name an object that was
 * completely read before it (a reference to an object still being read would make a loop; one to an unknown
 * RefId dangles). Every problem is a {@link PsrpException}: {@link PsrpError#MALFORMED_CLIXML} or
 * {@link PsrpError#LIMIT_EXCEEDED}.
 */
public final class ClixmlReader {
    private final ClixmlLimits limits;
    private final XMLInputFactory factory;

    public ClixmlReader() {
        this(ClixmlLimits.DEFAULT);
    }

    public ClixmlReader(ClixmlLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        XMLInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        f.setProperty(XMLInputFactory.IS_VALIDATING, false);
        f.setProperty(XMLInputFactory.RESOLVER, (XMLResolver) (publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external entities are not allowed: " + systemId);
        });
        f.setProperty(XMLInputFactory2.P_LAZY_PARSING, false);
        // backstops a little above the reader's own checks, which come first and give the precise error; text
        // length is checked by the reader alone (the input is an in-memory byte array, so Woodstox's buffering of
        // one text node costs at most the input's size)
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, limits.maxDepth() + 2);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT, (long) limits.maxElements() + 2);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 16);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, limits.maxStringLength());
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 1L);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 1);
        this.factory = f;
    }

    public ClixmlLimits limits() {
        return limits;
    }

    /**
     * Reads the single value of a CLIXML document.
     *
     * @param utf8 UTF-8 bytes, with or without a leading BOM
     * @throws PsrpException if the document is malformed, not valid CLIXML, or over a limit
     */
    public PsValue read(byte[] utf8) {
        Objects.requireNonNull(utf8, "utf8");
        int offset = hasBom(utf8) ? 3 : 0;
        if (utf8.length == offset) {
            throw new PsrpException(PsrpError.MALFORMED_CLIXML, "empty CLIXML document");
        }
        XMLStreamReader r = null;
        try {
            r = factory.createXMLStreamReader(new ByteArrayInputStream(utf8, offset, utf8.length - offset),
                    "UTF-8");
            return new ClixmlParse(r, limits).document();
        } catch (XMLStreamException | RuntimeException e) {
            throw translate(e);
        } finally {
            close(r);
        }
    }

    /** Reads a CLIXML document given as text (tests, diagnostics). */
    public PsValue read(String xml) {
        return read(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static boolean hasBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    private static PsrpException translate(Exception e) {
        if (e instanceof PsrpException p) {
            return p;
        }
        if (!(e instanceof XMLStreamException) && !e.getClass().getName().startsWith("com.ctc.wstx")) {
            throw (RuntimeException) e; // a bug of ours, not bad input: let it surface as such
        }
        String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip()
                .replaceAll("[\\p{Cntrl}\\p{Cs}\\u2028\\u2029]", "?");
        return new PsrpException(PsrpError.MALFORMED_CLIXML, "malformed CLIXML: " + m, e);
    }

    private static void close(XMLStreamReader r) {
        if (r != null) {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // nothing held: the input is a byte array
            }
        }
    }
}
