package io.openwinrm.transport.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.openwinrm.auth.encryption.DecryptedMessage;
import io.openwinrm.auth.encryption.EncryptedContentType;
import io.openwinrm.auth.encryption.EncryptedMessage;
import io.openwinrm.auth.encryption.EncryptedMessageCodec;
import io.openwinrm.auth.encryption.EncryptedMessageException;
import io.openwinrm.auth.spi.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP message encryption on the server ([MS-WSMV] 2.2.9.1; {@code research/winrm-wire.md} 4 and 5.2), between
 * authentication and dispatch. For each authenticated request:
 *
 * <ul>
 *   <li>an empty body from a connection-bound scheme (the POST pywinrm, pypsrp and Go send to finish the handshake
 *       before encrypting) is answered 200 with an empty body and not dispatched;</li>
 *   <li>a {@code multipart/encrypted} or {@code multipart/x-multi-encrypted} body is unsealed with the
 *       connection's {@link SecurityContext}; the dispatcher sees the plaintext and its original content type, and
 *       the reply (faults included) is sealed with the same context under the request's exact {@code protocol}
 *       string. A body that does not unseal is answered 400 and the connection closed, because the context's
 *       sequence state is then unusable;</li>
 *   <li>a plain SOAP body on a listener that needs encryption (HTTP without AllowUnencrypted) is refused with 401
 *       and a short reason, never dispatched; TLS listeners take plain and encrypted bodies alike.</li>
 * </ul>
 *
 * Unauthenticated Identify passes untouched. One exchange at a time per connection ({@link HttpExchangeSequencer}),
 * so unwrap and wrap calls reach the context in message order. Log lines never include message contents. One
 * instance per channel.
 */
final class MessageEncryptionHandler extends ChannelDuplexHandler {

    static final String PLAINTEXT_REFUSED = "unencrypted messages are refused on this listener; use HTTP message "
            + "encryption (Negotiate/Kerberos/CredSSP) or HTTPS";

    private static final Logger LOG = LoggerFactory.getLogger(MessageEncryptionHandler.class);

    /** The context and protocol string that seal the reply to the exchange in flight. */
    private record ReplySealing(SecurityContext context, String protocol) {
    }

    private final ListenerConfig listener;
    private ReplySealing replySealing;
    private boolean plaintextRefusalLogged;

    MessageEncryptionHandler(ListenerConfig listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof AuthenticatedRequest authenticated) || authenticated.user() == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        replySealing = null;
        FullHttpRequest request = authenticated.request();
        if (authenticated.connectionBound() && request.content().readableBytes() == 0) {
            request.release();
            FullHttpResponse ok = HttpResponses.empty(HttpResponseStatus.OK);
            if (authenticated.wwwAuthenticate() != null) {
                ok.headers().set(HttpResponses.WWW_AUTHENTICATE, authenticated.wwwAuthenticate());
            }
            ctx.writeAndFlush(ok);
            return;
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (EncryptedContentType.isEncrypted(contentType)) {
            decrypt(ctx, authenticated, contentType);
        } else if (listener.acceptsPlaintextMessages()) {
            ctx.fireChannelRead(msg);
        } else {
            request.release();
            if (!plaintextRefusalLogged) {
                plaintextRefusalLogged = true;
                LOG.warn("Refusing unencrypted request from {} (user '{}') on listener {}: encryption is required",
                        ctx.channel().remoteAddress(), authenticated.user().name(), listener.name());
            }
            ctx.writeAndFlush(HttpResponses.text(HttpResponseStatus.UNAUTHORIZED, PLAINTEXT_REFUSED));
        }
    }

    private void decrypt(ChannelHandlerContext ctx, AuthenticatedRequest authenticated, String contentType) {
        FullHttpRequest request = authenticated.request();
        SecurityContext context = authenticated.securityContext();
        DecryptedMessage plain;
        try {
            if (context == null) {
                throw new EncryptedMessageException(EncryptedMessageException.Reason.PROTOCOL_MISMATCH,
                        "encrypted request on a connection without a sealing context");
            }
            plain = EncryptedMessageCodec.decode(contentType, ByteBufUtil.getBytes(request.content()), context);
        } catch (EncryptedMessageException e) {
            request.release();
            LOG.warn("Closing connection from {} on listener {}: encrypted request refused ({}: {})",
                    ctx.channel().remoteAddress(), listener.name(), e.reason(), e.getMessage());
            ctx.writeAndFlush(HttpResponses.closing(HttpResponses.text(HttpResponseStatus.BAD_REQUEST,
                    "the encrypted message could not be decrypted")));
            return;
        }
        FullHttpRequest decrypted = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.wrappedBuffer(plain.plaintext()), request.headers().copy(),
                request.trailingHeaders().copy());
        request.release();
        decrypted.headers().set(HttpHeaderNames.CONTENT_TYPE, plain.originalContentType());
        decrypted.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, plain.plaintext().length);
        replySealing = new ReplySealing(context, plain.protocol());
        ctx.fireChannelRead(authenticated.withRequest(decrypted));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ReplySealing sealing = replySealing;
        if (sealing == null || !(msg instanceof FullHttpResponse response)) {
            ctx.write(msg, promise);
            return;
        }
        replySealing = null;
        if (response.content().readableBytes() == 0) {
            ctx.write(msg, promise);
            return;
        }
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, HttpResponses.SOAP_CONTENT_TYPE);
        FullHttpResponse out;
        try {
            EncryptedMessage sealed = EncryptedMessageCodec.encode(sealing.context(), sealing.protocol(),
                    ByteBufUtil.getBytes(response.content()), type);
            out = response.replace(Unpooled.wrappedBuffer(sealed.body()));
            out.headers().set(HttpResponses.CONTENT_TYPE, sealed.contentType());
            out.headers().setInt(HttpResponses.CONTENT_LENGTH, sealed.body().length);
        } catch (EncryptedMessageException | RuntimeException e) {
            LOG.error("Cannot encrypt the reply to {} on listener {}: {}", ctx.channel().remoteAddress(),
                    listener.name(), e.toString());
            out = HttpResponses.closing(HttpResponses.empty(HttpResponseStatus.INTERNAL_SERVER_ERROR));
        }
        ReferenceCountUtil.release(response);
        ctx.write(out, promise);
    }
}
