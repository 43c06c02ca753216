package io.openwinrm.server.handler;

import io.openwinrm.protocol.config.ServiceConfig;
import io.openwinrm.protocol.fault.FaultKind;
import io.openwinrm.protocol.fault.WsmanFaultException;
import io.openwinrm.protocol.soap.Body;
import io.openwinrm.protocol.wsman.ResourceUris;
import io.openwinrm.protocol.wsman.WsmanAction;
import io.openwinrm.server.access.AccessDeniedException;
import io.openwinrm.server.dispatch.RequestContext;
import io.openwinrm.server.dispatch.WsmanDispatcher;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The configuration resource {@link ResourceUris#CONFIG}, read-only: Get answers {@code cfg:Config}
 * ([MS-WSMV] 2.2.4.10) with the running service's real settings, what pypsrp's {@code update_max_payload_size()}
 * reads MaxEnvelopeSizekb from. As on Windows (whose RootSDDL grants the configuration to Administrators only), only
 * administrators may read it: anyone else is answered w:AccessDenied. Put, Create and Delete of it are
 * a:ActionNotSupported for administrators too: this service is configured through its files and command line, not
 * over WS-Management.
 */
public final class ConfigResource {

    private static final List<WsmanAction> WRITES = List.of(WsmanAction.PUT, WsmanAction.CREATE, WsmanAction.DELETE);

    private final Supplier<ServiceConfig> config;

    /**
     * @param config the configuration as it is when asked (listener ports are known only once bound; endpoint limits
     *               may change while running)
     */
    public ConfigResource(Supplier<ServiceConfig> config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Routes Get, Put, Create and Delete of {@link ResourceUris#CONFIG} to this resource. */
    public WsmanDispatcher.Builder register(WsmanDispatcher.Builder builder) {
        builder.route(WsmanAction.GET, ResourceUris.CONFIG, this::get);
        for (WsmanAction write : WRITES) {
            builder.route(write, ResourceUris.CONFIG, this::write);
        }
        return builder;
    }

    private CompletionStage<? extends Body> get(RequestContext ctx, Body request) {
        requireAdministrator(ctx);
        return CompletableFuture.completedFuture(config.get());
    }

    private CompletionStage<? extends Body> write(RequestContext ctx, Body request) {
        requireAdministrator(ctx);
        throw new WsmanFaultException(FaultKind.ACTION_NOT_SUPPORTED, "The configuration resource "
                + ResourceUris.CONFIG + " is read-only on this service: only Get is supported. Change the "
                + "configuration file on the server and restart it instead. ");
    }

    private static void requireAdministrator(RequestContext ctx) {
        if (ctx.caller() == null || !ctx.caller().subject().administrator()) {
            throw new AccessDeniedException("the configuration is readable by administrators only");
        }
    }
}
