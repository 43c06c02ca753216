package io.openwinrm.transport.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.openwinrm.auth.encryption.EncryptedContentType;
import java.util.List;
import java.util.Locale;

/**
 * Which request {@code Content-Type}s the service takes: SOAP 1.2 ({@code application/soap+xml}, RFC 3902; [MS-WSMV]
 * 2.2.1), with any parameters such as {@code charset}, and the sealed bodies of HTTP message encryption
 * ({@code multipart/encrypted} and {@code multipart/x-multi-encrypted}, [MS-WSMV] 2.2.9.1). A request with an empty
 * body (the NTLM handshake legs) may carry no {@code Content-Type} at all.
 *
 * <p>This is the cross-site request forgery defence: the media types an HTML form or a "simple" cross-origin request
 * can produce without a CORS preflight ({@code text/plain}, {@code application/x-www-form-urlencoded},
 * {@code multipart/form-data}, or none) are all refused, so a web page cannot make a browser that holds Basic or
 * Negotiate credentials for this host run a command. The check is made on the request head, before authentication
 * and before any of the body is read, as Windows answers 415.
 */
final class RequestContentType {

    static final String SOAP = "application/soap+xml";

    private RequestContentType() {
    }

    /**
     * @param headers       the request headers
     * @param contentLength the declared body length
     * @return {@code true} if the request may proceed; {@code false} means 415 Unsupported Media Type
     */
    static boolean acceptable(HttpHeaders headers, long contentLength) {
        List<String> types = headers.getAll(HttpHeaderNames.CONTENT_TYPE);
        if (types.isEmpty()) {
            return contentLength == 0;
        }
        if (types.size() > 1) {
            return false;
        }
        String type = types.get(0);
        return mediaType(type).equals(SOAP) || EncryptedContentType.isEncrypted(type);
    }

    /** The media type without parameters, lower case (RFC 9110 8.3.1: type and subtype are case-insensitive). */
    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
