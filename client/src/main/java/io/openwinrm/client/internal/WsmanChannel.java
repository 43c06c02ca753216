package io.openwinrm.client.internal;

import io.openwinrm.client.Credentials;
import io.openwinrm.client.Endpoint;
import io.openwinrm.client.WinRmAuthenticationException;
import io.openwinrm.client.WinRmException;
import io.openwinrm.client.WinRmFaultException;
import io.openwinrm.client.WinRmTransportException;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.envelope.EnvelopeSizing;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.IdentifyRequest;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.protocol.shell.ReceiveRequest;
import io.openwinrm.protocol.shell.ReceiveResponse;
import io.openwinrm.protocol.shell.SendRequest;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.OptionSet;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One client's view of one endpoint: encodes requests, sends them over pooled keep-alive HTTP connections with the
 * credentials, and turns replies into records or typed exceptions. Thread-safe; a long-poll Receive and a Send can be
 * under way at once on two connections (as the Go client does).
 */
public final class WsmanChannel implements AutoCloseable {

    private static final WsmanCodec CODEC = new WsmanCodec();
    static final String SOAP_CONTENT_TYPE = "application/soap+xml;charset=UTF-8";
    /** The largest request we send: what every WinRM service accepts (clients' usual MaxEnvelopeSize). */
    private static final int MAX_REQUEST_ENVELOPE = EnvelopeSizing.DEFAULT_CLIENT_MAX_ENVELOPE_SIZE;

    private final Endpoint endpoint;
    private final ClientSettings settings;
    private final ConnectionPool pool;
    private final ConnectionAuth auth;
    private final ConnectionAuth anonymous = new HeaderAuth(null);
    private final String shellResourceUri;

    /**
     * @throws WinRmAuthenticationException before anything is sent when the credentials may not be used on this
     *                                      endpoint (Basic over HTTP; any password over HTTP to a host that is not
     *                                      in TrustedHosts, whose identity cannot be verified)
     */
    public WsmanChannel(Endpoint endpoint, ClientSettings settings) {
        this(endpoint, settings, ResourceUris.CMD_SHELL);
    }

    /**
     * A channel whose shell operations ({@link #call(WsmanAction, String, OptionSet, Body, Class)},
     * {@link #receive}) address {@code shellResourceUri}, e.g. OpenWinRM's login shell instead of the cmd shell.
     *
     * @throws WinRmAuthenticationException as {@link #WsmanChannel(Endpoint, ClientSettings)}
     */
    public WsmanChannel(Endpoint endpoint, ClientSettings settings, String shellResourceUri) {
        this.shellResourceUri = java.util.Objects.requireNonNull(shellResourceUri, "shellResourceUri");
        this.endpoint = endpoint;
        this.settings = settings;
        this.auth = connectionAuth(endpoint, settings);
        try {
            this.pool = new ConnectionPool(endpoint, settings);
        } catch (IOException e) {
            throw new WinRmTransportException("cannot set up TLS for " + endpoint + ": " + e.getMessage(), e);
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Raw stdin bytes that fit in one Send request. */
    public int maxInputChunk() {
        return EnvelopeSizing.maxRawBytes(MAX_REQUEST_ENVELOPE, 1);
    }

    /**
     * Sends one operation on this channel's shell resource (the cmd shell unless chosen otherwise) and returns the
     * reply body.
     *
     * @param shellId the ShellId selector, or null (Create)
     * @param expect  the reply body type, or null to accept any non-fault body
     */
    public <T extends Body> T call(WsmanAction action, String shellId, OptionSet options, Body body, Class<T> expect) {
        return call(action, shellResourceUri, shellId, options, body, expect);
    }

    /**
     * Sends one operation on {@code resourceUri} (the cmd shell, or the generic shell resource that Get and Enumerate
     * of shells address, [MS-WSMV] 3.1.4.2.1, 3.1.4.8) and returns the reply body.
     *
     * @param shellId the ShellId selector, or null (Create, Enumerate)
     * @param expect  the reply body type, or null to accept any non-fault body
     */
    public <T extends Body> T call(WsmanAction action, String resourceUri, String shellId, OptionSet options,
            Body body, Class<T> expect) {
        Header h = Header.request(action, resourceUri, endpoint.uri().toString())
                .withMaxEnvelopeSize(settings.maxEnvelopeSize())
                .withOperationTimeout(settings.operationTimeout())
                .withLocale("en-US").withDataLocale("en-US")
                .withOptions(options);
        if (shellId != null) {
            h = h.withShellId(shellId);
        }
        Envelope reply = exchange(new Envelope(h, body), true, h.messageId());
        Body b = reply.body();
        if (b instanceof WsmanFault f) {
            throw new WinRmFaultException(f);
        }
        if (expect != null && !expect.isInstance(b)) {
            throw new WinRmTransportException("unexpected reply to " + action + ": "
                    + b.getClass().getSimpleName());
        }
        return expect == null ? null : expect.cast(b);
    }

    /** One Receive; null when the service answered with the OperationTimeout fault ("no output yet"). */
    public ReceiveResponse receive(String shellId, ReceiveRequest request) {
        try {
            return call(WsmanAction.RECEIVE, shellId, OptionSet.EMPTY, request, ReceiveResponse.class);
        } catch (WinRmFaultException e) {
            if (e.fault().isTimedOut()) {
                return null;
            }
            throw e;
        }
    }

    /**
     * One Send ([MS-WSMV] 3.1.4.13); false when the service answered with the OperationTimeout fault: it had no room
     * for the input in time and accepted none of it, so the caller sends the same input again.
     */
    public boolean send(String shellId, SendRequest request) {
        try {
            call(WsmanAction.SEND, shellId, OptionSet.EMPTY, request, null);
            return true;
        } catch (WinRmFaultException e) {
            if (e.fault().isTimedOut()) {
                return false;
            }
            throw e;
        }
    }

    /** Identify ([MS-WSMV] 3.1.4.1.23): no addressing headers; optionally unauthenticated. */
    public IdentifyResponse identify(boolean authenticated) {
        Envelope reply = exchange(new Envelope(Header.EMPTY, new IdentifyRequest()), authenticated, null);
        if (reply.body() instanceof WsmanFault f) {
            throw new WinRmFaultException(f);
        }
        if (reply.body() instanceof IdentifyResponse r) {
            return r;
        }
        throw new WinRmTransportException("unexpected reply to Identify: " + reply.body().getClass().getSimpleName());
    }

    private Envelope exchange(Envelope request, boolean authenticated, String messageId) {
        byte[] xml = CODEC.encode(request);
        Reply resp;
        try {
            resp = authenticated ? pool.post(auth, endpoint.path(), xml, List.of())
                    : pool.post(anonymous, endpoint.path(), xml, List.of(Map.entry("WSMANIDENTIFY", "unauthenticated")));
        } catch (IOException e) {
            throw new WinRmTransportException(describe(e), e);
        }
        return interpret(resp, messageId);
    }

    private Envelope interpret(Reply resp, String messageId) {
        int status = resp.status();
        byte[] body = resp.body();
        switch (status) {
            case 200, 500 -> {
                if (body.length == 0) {
                    throw new WinRmTransportException("HTTP " + status + " with an empty body from " + endpoint);
                }
                Envelope env;
                try {
                    env = CODEC.decode(body);
                } catch (WsmanFaultException e) {
                    throw new WinRmTransportException("unparseable reply from " + endpoint + ": " + e.getMessage(), e);
                }
                if (status == 500 && !(env.body() instanceof WsmanFault)) {
                    throw new WinRmTransportException("HTTP 500 without a SOAP fault from " + endpoint);
                }
                if (messageId != null && !(env.body() instanceof WsmanFault)
                        && !messageId.equals(env.header().relatesTo())) {
                    throw new WinRmTransportException("reply does not relate to our request (RelatesTo "
                            + env.header().relatesTo() + ", expected " + messageId + ")");
                }
                return env;
            }
            case 401 -> {
                String why = new String(body, StandardCharsets.UTF_8).strip();
                throw new WinRmAuthenticationException("access denied by " + endpoint + " for user '"
                        + settings.credentials().user() + "' (HTTP 401)" + (why.isEmpty() ? "" : ": " + firstLine(why)));
            }
            case 413 -> throw new WinRmTransportException("the request was larger than the service's "
                    + "MaxEnvelopeSize (HTTP 413)");
            default -> throw new WinRmTransportException("unexpected HTTP " + status + " from " + endpoint
                    + (body.length > 0 ? ": " + firstLine(new String(body, StandardCharsets.UTF_8)) : ""));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private String describe(IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "cannot connect to " + endpoint.host() + ":" + endpoint.port() + ": " + msg;
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "timed out talking to " + endpoint + ": " + msg;
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failure with " + endpoint + ": " + msg;
        }
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host " + endpoint.host();
        }
        return "I/O error talking to " + endpoint + ": " + msg;
    }

    /** Chooses the scheme, refusing up front what would expose credentials (winrm-wire.md 5.3, TrustedHosts). */
    private static ConnectionAuth connectionAuth(Endpoint endpoint, ClientSettings settings) {
        Credentials c = settings.credentials();
        if (c instanceof Credentials.Certificate) {
            if (!endpoint.https()) {
                throw new WinRmAuthenticationException("certificate authentication needs HTTPS; " + endpoint
                        + " is plain HTTP");
            }
            return new HeaderAuth(HeaderAuth.CERTIFICATE_AUTHORIZATION);
        }
        if (c instanceof Credentials.Kerberos k) {
            // mutual authentication proves the server, over HTTP too: no TrustedHosts entry needed
            return new KerberosAuth(endpoint.host(), k, !endpoint.https());
        }
        boolean trusted = endpoint.https() || settings.trustedHosts().matches(endpoint.host());
        if (c instanceof Credentials.Negotiate n && NegotiateKerberosFirst.applies(n.user())) {
            char[] pw = n.password();
            try {
                Optional<NegotiateAuth> ntlm = trusted
                        ? Optional.of(new NegotiateAuth(endpoint.toString(), n.user(), pw, !endpoint.https()))
                        : Optional.empty();
                return new NegotiateKerberosFirst(endpoint.host(), n.user(), pw, ntlm, !endpoint.https());
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        if (!trusted) {
            throw new WinRmAuthenticationException("cannot verify the identity of " + endpoint.host()
                    + " over plain HTTP, so no credentials were sent. Connect with HTTPS (https://" + endpoint.host()
                    + ":5986, or leave out --http), or, if you trust the network path to it, add it to TrustedHosts: "
                    + "openwinrm trustedhosts add " + endpoint.host());
        }
        if (c instanceof Credentials.Negotiate n) {
            char[] pw = n.password();
            try {
                return new NegotiateAuth(endpoint.toString(), n.user(), pw, !endpoint.https());
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        if (c instanceof Credentials.CredSsp d) {
            if (!settings.credSspHosts().matches(endpoint.host())) {
                throw new WinRmAuthenticationException("CredSSP would hand your password to " + endpoint.host()
                        + ", which is not allowed to receive it; no credentials were sent (--allow-delegate-credentials, "
                        + "or allow_credssp in the client settings)");
            }
            char[] pw = d.password();
            try {
                return new CredSspAuth(endpoint.toString(), d.user(), pw, !endpoint.https());
            } finally {
                Arrays.fill(pw, '\0');
            }
        }
        if (c instanceof Credentials.Basic b) {
            if (!endpoint.https() && !settings.allowBasicOverHttp()) {
                throw new WinRmAuthenticationException("refusing to send Basic credentials over plain HTTP to "
                        + endpoint + ": anyone on the network could read them; use HTTPS or Negotiate");
            }
            char[] pw = b.password();
            CharBuffer cb = CharBuffer.allocate(b.user().length() + 1 + pw.length);
            cb.put(b.user()).put(':').put(pw).flip();
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(cb);
            byte[] raw = new byte[bytes.remaining()];
            bytes.get(raw);
            Arrays.fill(pw, '\0');
            Arrays.fill(cb.array(), '\0');
            String header = "Basic " + Base64.getEncoder().encodeToString(raw);
            Arrays.fill(raw, (byte) 0);
            return new HeaderAuth(header);
        }
        throw new WinRmException("unsupported credentials: " + c);
    }

    @Override
    public void close() {
        pool.close();
    }
}
