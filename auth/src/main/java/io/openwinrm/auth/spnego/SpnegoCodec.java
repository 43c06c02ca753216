package io.openwinrm.auth.spnego;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DER encoder and decoder for SPNEGO tokens (RFC 4178 4.2, [MS-SPNG] 2.2). The initial token is wrapped in the
 * GSS-API framing {@code 0x60 len 06 <SPNEGO OID> [0] NegTokenInit} (RFC 2743 3.1); later tokens are
 * {@code [1] NegTokenResp}.
 */
public final class SpnegoCodec {

    /** Upper bound on a token this codec decodes. */
    public static final int MAX_TOKEN_LENGTH = 64 * 1024;
    /** Upper bound on the number of mechTypes accepted. */
    public static final int MAX_MECH_TYPES = 16;

    private SpnegoCodec() {
    }

    /**
     * The mechanism OID of a GSS-API initial context token ({@code 0x60 ...}), e.g. SPNEGO or raw Kerberos; empty
     * if {@code token} does not have that framing.
     */
    public static Optional<String> initialTokenMech(byte[] token) {
        if (token.length == 0 || (token[0] & 0xFF) != Der.APPLICATION_0 || token.length > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        try {
            Der.Reader inner = new Der.Reader(token).read(Der.APPLICATION_0);
            return Optional.of(inner.readOid());
        } catch (SpnegoException e) {
            return Optional.empty();
        }
    }

    /** Decodes a GSS-framed NegTokenInit or a NegTokenResp. */
    public static SpnegoToken decode(byte[] token) throws SpnegoException {
        if (token.length == 0) {
            throw new SpnegoException("empty SPNEGO token");
        }
        if (token.length > MAX_TOKEN_LENGTH) {
            throw new SpnegoException("SPNEGO token longer than " + MAX_TOKEN_LENGTH + " bytes");
        }
        Der.Reader top = new Der.Reader(token);
        int tag = top.peekTag();
        SpnegoToken result;
        if (tag == Der.APPLICATION_0) {
            Der.Reader gss = top.read(Der.APPLICATION_0);
            String mech = gss.readOid();
            if (!SpnegoOids.SPNEGO.equals(mech)) {
                throw new SpnegoException("GSS token for mechanism " + mech + ", not SPNEGO");
            }
            result = decodeInit(gss.read(Der.context(0)));
            gss.expectEnd("NegTokenInit");
        } else if (tag == Der.context(1)) {
            Der.Reader resp = top.read(Der.context(1));
            result = decodeResp(resp);
            resp.expectEnd("NegTokenResp");
        } else {
            throw new SpnegoException(String.format("not a SPNEGO token (first byte 0x%02x)", tag));
        }
        top.expectEnd("SPNEGO token");
        return result;
    }

    private static NegTokenInit decodeInit(Der.Reader wrapper) throws SpnegoException {
        Der.Reader seq = wrapper.read(Der.SEQUENCE);
        wrapper.expectEnd("NegTokenInit");
        List<String> mechTypes = null;
        Optional<byte[]> mechToken = Optional.empty();
        Optional<byte[]> mic = Optional.empty();
        int last = -1;
        while (seq.hasMore()) {
            int tag = seq.peekTag();
            int n = tag - 0xA0;
            if (n < 0 || n > 4 || n <= last) {
                throw new SpnegoException(String.format("NegTokenInit: unexpected field tag 0x%02x", tag));
            }
            last = n;
            Der.Reader field = seq.read(tag);
            switch (n) {
                case 0 -> mechTypes = decodeMechTypes(field);
                case 1 -> field.read(Der.BIT_STRING);
                case 2 -> mechToken = Optional.of(field.readOctetString());
                case 3 -> {
                    // RFC 4178 mechListMIC, or [MS-SPNG] NegTokenInit2 negHints (a SEQUENCE)
                    if (field.peekTag() == Der.OCTET_STRING) {
                        mic = Optional.of(field.readOctetString());
                    } else {
                        field.read(Der.SEQUENCE);
                    }
                }
                default -> mic = Optional.of(field.readOctetString());
            }
            field.expectEnd("NegTokenInit field " + n);
        }
        if (mechTypes == null) {
            throw new SpnegoException("NegTokenInit without mechTypes");
        }
        return new NegTokenInit(mechTypes, mechToken, mic);
    }

    private static List<String> decodeMechTypes(Der.Reader field) throws SpnegoException {
        Der.Reader seq = field.read(Der.SEQUENCE);
        List<String> out = new ArrayList<>();
        while (seq.hasMore()) {
            if (out.size() == MAX_MECH_TYPES) {
                throw new SpnegoException("more than " + MAX_MECH_TYPES + " mechTypes");
            }
            out.add(seq.readOid());
        }
        if (out.isEmpty()) {
            throw new SpnegoException("NegTokenInit with an empty mechTypes list");
        }
        return out;
    }

    private static NegTokenResp decodeResp(Der.Reader wrapper) throws SpnegoException {
        Der.Reader seq = wrapper.read(Der.SEQUENCE);
        Optional<NegState> state = Optional.empty();
        Optional<String> mech = Optional.empty();
        Optional<byte[]> token = Optional.empty();
        Optional<byte[]> mic = Optional.empty();
        int last = -1;
        while (seq.hasMore()) {
            int tag = seq.peekTag();
            int n = tag - 0xA0;
            if (n < 0 || n > 3 || n <= last) {
                throw new SpnegoException(String.format("NegTokenResp: unexpected field tag 0x%02x", tag));
            }
            last = n;
            Der.Reader field = seq.read(tag);
            switch (n) {
                case 0 -> {
                    byte[] v = field.read(Der.ENUMERATED).rest();
                    if (v.length != 1) {
                        throw new SpnegoException("NegTokenResp: negState must be one byte");
                    }
                    state = Optional.of(NegState.of(v[0]));
                }
                case 1 -> mech = Optional.of(field.readOid());
                case 2 -> token = Optional.of(field.readOctetString());
                default -> mic = Optional.of(field.readOctetString());
            }
            field.expectEnd("NegTokenResp field " + n);
        }
        return new NegTokenResp(state, mech, token, mic);
    }

    /** The DER of a MechTypeList: the bytes a mechListMIC covers (RFC 4178 5). */
    public static byte[] encodeMechTypes(List<String> mechTypes) {
        List<byte[]> oids = new ArrayList<>();
        for (String m : mechTypes) {
            oids.add(Der.encodeOid(m));
        }
        return Der.tlv(Der.SEQUENCE, oids.toArray(new byte[0][]));
    }

    /** {@code 0x60 len 06 <SPNEGO> [0] NegTokenInit}. */
    public static byte[] encode(NegTokenInit init) {
        List<byte[]> fields = new ArrayList<>();
        fields.add(Der.tlv(Der.context(0), encodeMechTypes(init.mechTypes())));
        init.mechToken().ifPresent(t -> fields.add(Der.tlv(Der.context(2), Der.tlv(Der.OCTET_STRING, t))));
        init.mechListMic().ifPresent(m -> fields.add(Der.tlv(Der.context(3), Der.tlv(Der.OCTET_STRING, m))));
        byte[] body = Der.tlv(Der.context(0), Der.tlv(Der.SEQUENCE, fields.toArray(new byte[0][])));
        return Der.tlv(Der.APPLICATION_0, Der.encodeOid(SpnegoOids.SPNEGO), body);
    }

    /** {@code [1] NegTokenResp}. */
    public static byte[] encode(NegTokenResp resp) {
        List<byte[]> fields = new ArrayList<>();
        resp.negState().ifPresent(s -> fields.add(Der.tlv(Der.context(0),
                Der.tlv(Der.ENUMERATED, new byte[] {(byte) s.code()}))));
        resp.supportedMech().ifPresent(m -> fields.add(Der.tlv(Der.context(1), Der.encodeOid(m))));
        resp.responseToken().ifPresent(t -> fields.add(Der.tlv(Der.context(2), Der.tlv(Der.OCTET_STRING, t))));
        resp.mechListMic().ifPresent(m -> fields.add(Der.tlv(Der.context(3), Der.tlv(Der.OCTET_STRING, m))));
        return Der.tlv(Der.context(1), Der.tlv(Der.SEQUENCE, fields.toArray(new byte[0][])));
    }
}
