package io.openwinrm.transport.server;

import java.util.concurrent.CompletionStage;

/**
 * The application behind the transport (the server module's dispatcher). Both methods run on the connection's
 * event loop and must not block; they return a stage that completes, on any thread, with the reply. A thrown
 * exception or an exceptionally completed stage becomes an HTTP 500 with an empty body.
 */
public interface WsmanRequestHandler {

    /**
     * Handles an authenticated request ({@code request.user()} is never {@code null}).
     */
    CompletionStage<WsmanReply> handle(WsmanHttpRequest request);

    /**
     * Handles a request that carried {@code WSMANIDENTIFY: unauthenticated} and no {@code Authorization}
     * ([MS-WSMV] 3.1.4.1.21; the unauthenticated Identify of DSP0226 11). {@code request.user()} is {@code null};
     * the implementation must answer Identify only and reveal no more than Windows does.
     */
    CompletionStage<WsmanReply> identifyAnonymously(WsmanHttpRequest request);

    /**
     * The answer to a request refused before authentication, without its body being read, because it uses chunked
     * transfer coding ([MS-WSMV] 3.1.4.1.31.8: a SOAP fault, wsman:InternalError code 50). Must be small, must not
     * block and must reveal nothing about the server but that it speaks WS-Management. Null (the default) lets the
     * transport answer a plain 400.
     *
     * @param host the request's HTTP {@code Host} header as sent, or null
     */
    default WsmanReply refuseChunked(String host) {
        return null;
    }
}
