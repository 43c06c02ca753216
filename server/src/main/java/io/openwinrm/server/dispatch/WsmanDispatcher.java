package io.openwinrm.server.dispatch;

import io.openwinrm.common.ProductInfo;
import io.openwinrm.protocol.codec.WsmanCodec;
import io.openwinrm.protocol.envelope.EnvelopeSizing;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFault;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.shell.IdentifyRequest;
import io.openwinrm.protocol.shell.IdentifyResponse;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.soap.Envelope;
import io.openwinrm.protocol.wsman.Header;
import io.openwinrm.protocol.wsman.RequestHeaderValidator;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.access.AccessControl;
import io.openwinrm.server.audit.AuditLog;
import io.openwinrm.server.audit.AuditTrail;
import io.openwinrm.server.endpoint.Endpoint;
import io.openwinrm.server.metrics.RequestMetrics;
import io.openwinrm.transport.server.WsmanHttpRequest;
import io.openwinrm.transport.server.WsmanReply;
import io.openwinrm.transport.server.WsmanRequestHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application behind the HTTP transport: decode, validate addressing headers ([MS-WSMV] 3.1.4.1), route by
 * (action, resource URI) through a table of {@link ActionHandler}s, encode the reply. At most
 * MaxConcurrentOperationsPerUser requests of one user are in flight at once ({@link OperationQuota}). Every error
 * leaves as a SOAP fault built by {@link FaultMapper}; nothing is thrown back to the transport.
 */
public final class WsmanDispatcher implements WsmanRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WsmanDispatcher.class);

    private final WsmanCodec codec;
    private final DispatchSettings settings;
    private final Map<String, Map<String, ActionHandler>> table;
    private final Map<String, ActionHandler> endpointTable;
    private final AccessGate gate;
    private final OpenShells openShells;
    private final RequestMetrics metrics;
    private final OperationQuota operations;

    private WsmanDispatcher(Builder b, Map<String, Map<String, ActionHandler>> t) {
        this.codec = b.codec;
        this.settings = b.settings;
        this.table = t;
        this.endpointTable = Map.copyOf(b.endpointTable);
        this.gate = new AccessGate(b.access, b.audit, b.blocking, b.openShells);
        this.openShells = b.openShells;
        this.metrics = b.metrics;
        this.operations = new OperationQuota(b.settings.maxConcurrentOperationsPerUser());
    }

    /**
     * A handler and the endpoint the request's ResourceURI selects; {@code viaEndpoint} when it was routed by an
     * endpoint's URI (not a fixed resource such as the generic shell resource).
     */
    private record Route(ActionHandler handler, Optional<Endpoint> endpoint, boolean viaEndpoint) {
    }

    public static Builder builder(DispatchSettings settings) {
        return new Builder(settings);
    }

    @Override
    public CompletionStage<WsmanReply> handle(WsmanHttpRequest request) {
        if (metrics == RequestMetrics.NONE) {
            return dispatch(request);
        }
        long start = System.nanoTime();
        String[] action = {"Other"};
        return dispatch(request, action).whenComplete((reply, error) -> {
            if (reply != null) {
                metrics.request(action[0], reply.status() != 200, System.nanoTime() - start, request.body().length,
                        reply.body().length);
            }
        });
    }

    private CompletionStage<WsmanReply> dispatch(WsmanHttpRequest request) {
        return dispatch(request, new String[1]);
    }

    /** @param action set to the action's short name once the header is read (for {@link RequestMetrics}) */
    private CompletionStage<WsmanReply> dispatch(WsmanHttpRequest request, String[] action) {
        Header requestHeader = null;
        try {
            Envelope env = codec.decode(request.body(), request.charset());
            requestHeader = env.header();
            action[0] = metricName(requestHeader.action());
            if (env.body() instanceof IdentifyRequest) {
                return CompletableFuture.completedFuture(identify(requestHeader, true));
            }
            RequestContext validated = validate(env.header(), request);
            Route route = route(env.header(), request.user().name());
            final Header h = requestHeader;
            final String responseAction = responseAction(h.action());
            AccessGate.Target target = new AccessGate.Target(h.action(), h.resourceUri(), route.endpoint(),
                    route.viaEndpoint() ? h.shellId() : Optional.empty());
            OperationQuota.Permit permit = operations.acquire(request.user().name());
            try {
                return gate.admitAsync(request.user(), request.remote().getAddress().getHostAddress(), target)
                        .thenCompose(caller -> route.handler().handle(validated.with(caller, route.endpoint()),
                                env.body()))
                        .handle((body, error) -> error == null
                                ? ok(h, responseAction, body, request)
                                : fault(h, error, request))
                        .whenComplete((reply, error) -> permit.close());
            } catch (RuntimeException e) {
                permit.close();
                throw e;
            }
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(fault(requestHeader, e, request));
        }
    }

    @Override
    public CompletionStage<WsmanReply> identifyAnonymously(WsmanHttpRequest request) {
        try {
            Envelope env = codec.decode(request.body(), request.charset());
            if (!(env.body() instanceof IdentifyRequest)) {
                LOG.info("unauthenticated request from {} that is not Identify refused", request.remote());
                return CompletableFuture.completedFuture(fault(env.header(),
                        new WsmanFaultException(FaultKind.ACCESS_DENIED), request));
            }
            return CompletableFuture.completedFuture(identify(env.header(), false));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(fault(null, e, request));
        }
    }

    /**
     * A chunked request, refused before authentication without reading it ([MS-WSMV] 3.1.4.1.31.8): the fault
     * answers no MessageID (none was read) and names the host the client addressed.
     */
    @Override
    public WsmanReply refuseChunked(String host) {
        LOG.debug("chunked request refused (Host {})", host);
        return faultReply(null, new WsmanFaultException(FaultKind.CHUNKED_NOT_SUPPORTED), host);
    }

    /** Identify ([MS-WSMV] 3.1.4.1.23): the OS version and security profiles only to authenticated callers. */
    private WsmanReply identify(Header requestHeader, boolean authenticated) {
        IdentifyResponse r = new IdentifyResponse(ProductInfo.PROTOCOL_VERSION,
                ProductInfo.identifyProductVendor(authenticated),
                ProductInfo.identifyProductVersion(authenticated),
                authenticated ? settings.securityProfiles() : List.of());
        return WsmanReply.ok(codec.encode(new Envelope(Header.EMPTY, r)));
    }

    private RequestContext validate(Header h, WsmanHttpRequest request) {
        RequestHeaderValidator.validate(h);
        long envelope = EnvelopeSizing.effective(h.maxEnvelopeSize(), settings.maxEnvelopeSizeBytes());
        Duration timeout = h.operationTimeout()
                .filter(t -> t.compareTo(settings.maxTimeout()) <= 0)
                .orElse(settings.maxTimeout());
        return new RequestContext(h, request.user(), request.remote(), request.secure(), timeout, envelope, null,
                Optional.empty());
    }

    /**
     * Fixed resources first (the generic shell resource), then the registered endpoints: any endpoint URI routes the
     * shell operations; a URI no endpoint claims any more still routes the operations on existing shells of
     * {@code owner} created on it (never Create), so unregistering an endpoint does not disturb running shells.
     * Other owners' shells never count: the answer must not depend on what somebody else has open.
     */
    private Route route(Header h, String owner) {
        Map<String, ActionHandler> byResource = table.get(h.action());
        String resource = normalizeResource(h.resourceUri());
        ActionHandler fixed = byResource == null ? null : byResource.get(resource);
        if (fixed != null) {
            return new Route(fixed, Optional.empty(), false);
        }
        Optional<Endpoint> endpoint = gate.control().endpoints().find(resource);
        if (endpoint.isPresent() || (!WsmanAction.CREATE.uri().equals(h.action())
                && openShells.anyAnswers(owner, resource))) {
            ActionHandler handler = endpointTable.get(h.action());
            if (handler == null) {
                throw new WsmanFaultException(FaultKind.ACTION_NOT_SUPPORTED);
            }
            return new Route(handler, endpoint, true);
        }
        if (byResource == null) {
            boolean knownResource = table.values().stream().anyMatch(m -> m.containsKey(resource));
            throw new WsmanFaultException(knownResource ? FaultKind.ACTION_NOT_SUPPORTED
                    : FaultKind.DESTINATION_UNREACHABLE);
        }
        throw new WsmanFaultException(FaultKind.DESTINATION_UNREACHABLE);
    }

    private static String normalizeResource(String uri) {
        return uri.strip().toLowerCase(Locale.ROOT);
    }

    /** The action's short name for metrics: a closed set, never the client's text. */
    private static String metricName(String action) {
        return action == null ? "Other" : WsmanAction.fromUri(action).map(a -> {
            String n = a.name().toLowerCase(Locale.ROOT);
            StringBuilder b = new StringBuilder(n.length());
            boolean up = true;
            for (char c : n.toCharArray()) {
                if (c == '_') {
                    up = true;
                } else {
                    b.append(up ? Character.toUpperCase(c) : c);
                    up = false;
                }
            }
            return b.toString();
        }).orElse("Other");
    }

    private static String responseAction(String action) {
        return WsmanAction.fromUri(action).map(WsmanAction::responseUri).orElse(action + "Response");
    }

    private WsmanReply ok(Header requestHeader, String responseAction, Body body, WsmanHttpRequest request) {
        try {
            return WsmanReply.ok(codec.encode(new Envelope(Header.responseTo(requestHeader, responseAction), body)));
        } catch (RuntimeException e) {
            return faultReply(requestHeader, FaultMapper.toFault(e, requestHeader.action()), request);
        }
    }

    private WsmanReply fault(Header requestHeader, Throwable error, WsmanHttpRequest request) {
        WsmanFaultException f = FaultMapper.toFault(error, requestHeader == null ? null : requestHeader.action());
        if (requestHeader == null) {
            requestHeader = f.requestHeader().orElse(null);
        }
        if (f.kind() == FaultKind.TIMED_OUT) {
            LOG.debug("receive timed out for {}", request.remote());
        } else {
            LOG.info("fault {} for {}{} on {}: {}", f.kind(), request.user() == null ? "" : request.user().name() + "@",
                    request.remote(), requestHeader == null ? "(undecodable request)"
                            : Optional.ofNullable(requestHeader.action()).orElse("(no action)"),
                    f.detailText());
        }
        return faultReply(requestHeader, f, request);
    }

    private WsmanReply faultReply(Header requestHeader, WsmanFaultException f, WsmanHttpRequest request) {
        return faultReply(requestHeader, f, request.host());
    }

    private WsmanReply faultReply(Header requestHeader, WsmanFaultException f, String httpHost) {
        WsmanFault body = WsmanFault.of(f, FaultMachine.of(requestHeader, httpHost, settings.machine()));
        Header h = Header.responseTo(requestHeader, f.kind().action());
        return WsmanReply.fault(codec.encode(new Envelope(h, body)));
    }

    /** Builds the routing table. */
    public static final class Builder {
        private final DispatchSettings settings;
        private final Map<String, Map<String, ActionHandler>> table = new HashMap<>();
        private final Map<String, ActionHandler> endpointTable = new HashMap<>();
        private WsmanCodec codec = new WsmanCodec();
        private AccessControl access = AccessControl.singleUser();
        private AuditTrail audit = new AuditTrail(AuditLog.NONE, "server");
        private OpenShells openShells = OpenShells.NONE;
        private Executor blocking = Runnable::run;
        private RequestMetrics metrics = RequestMetrics.NONE;

        private Builder(DispatchSettings settings) {
            this.settings = settings;
        }

        public Builder codec(WsmanCodec c) {
            this.codec = c;
            return this;
        }

        /** Routes {@code action} on {@code resourceUri} (compared case-insensitively) to {@code handler}. */
        public Builder route(WsmanAction action, String resourceUri, ActionHandler handler) {
            table.computeIfAbsent(action.uri(), k -> new HashMap<>()).put(normalizeResource(resourceUri), handler);
            return this;
        }

        /** Routes {@code action} on every registered endpoint's resource URIs to {@code handler}. */
        public Builder routeEndpoints(WsmanAction action, ActionHandler handler) {
            endpointTable.put(action.uri(), handler);
            return this;
        }

        /** The endpoints, callers and audit trail that authorize requests (default: single-user). */
        public Builder access(AccessControl value, AuditTrail trail) {
            access = Objects.requireNonNull(value, "access");
            audit = Objects.requireNonNull(trail, "trail");
            return this;
        }

        /** Where requests whose caller must first be looked up (uncached NSS) continue (default: this thread). */
        public Builder blocking(Executor value) {
            blocking = Objects.requireNonNull(value, "blocking");
            return this;
        }

        /** The open shells, for routing and for addressing checks (see {@link OpenShells}); default none. */
        public Builder openShells(OpenShells value) {
            openShells = Objects.requireNonNull(value, "openShells");
            return this;
        }

        /** Told about every answered request (default: nobody). */
        public Builder metrics(RequestMetrics value) {
            metrics = Objects.requireNonNull(value, "metrics");
            return this;
        }

        public WsmanDispatcher build() {
            Map<String, Map<String, ActionHandler>> copy = new HashMap<>();
            table.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
            return new WsmanDispatcher(this, Map.copyOf(copy));
        }
    }
}
