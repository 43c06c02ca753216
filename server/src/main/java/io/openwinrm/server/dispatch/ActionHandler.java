package io.openwinrm.server.dispatch;

import io.openwinrm.protocol.soap.Body;
import java.util.concurrent.CompletionStage;

/**
 * Performs one WS-Management operation on one resource. Runs on a network event loop: it must not block, and returns
 * a stage completed (on any thread) with the response body. Errors are thrown or completed exceptionally as the
 * typed exceptions {@link FaultMapper} knows; they become SOAP faults there.
 */
@FunctionalInterface
public interface ActionHandler {

    CompletionStage<? extends Body> handle(RequestContext context, Body request);
}
