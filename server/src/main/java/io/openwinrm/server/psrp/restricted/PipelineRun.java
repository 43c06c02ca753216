package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsValue;
import io.openwinrm.psrp.command.Command;
import io.openwinrm.psrp.stream.ErrorRecord;
import io.openwinrm.server.psrp.engine.EngineContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner of one pipeline: its statements in order ({@code ExtraCmds} batches, [MS-PSRP] 2.2.3.11), each
 * resolved as a whole before it starts ({@link StatementResolver}), then run with objects flowing from command to
 * command and finally out as PIPELINE_OUTPUT; then the final PIPELINE_STATE ([MS-PSRP] 3.2.5.4.x). A refused
 * statement becomes an ERROR_RECORD naming the rule and ends the batch (nothing after it runs); the pipeline still
 * completes, as a statement-terminating error does in PowerShell. Only this thread sends the pipeline's messages.
 */
final class PipelineRun implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);

    private final RestrictedPipeline pipeline;
    private final EngineContext context;
    private final StatementResolver resolver;
    private final NativeRun natives;
    private final LaunchEnvironment environment;
    private final AtomicInteger lastExitCode;
    private final RestrictedAudit audit;
    private final Consumer<RestrictedPipeline> done;

    PipelineRun(RestrictedPipeline pipeline, EngineContext context, StatementResolver resolver, NativeRun natives,
            LaunchEnvironment environment, AtomicInteger lastExitCode, RestrictedAudit audit,
            Consumer<RestrictedPipeline> done) {
        this.pipeline = pipeline;
        this.context = context;
        this.resolver = resolver;
        this.natives = natives;
        this.environment = environment;
        this.lastExitCode = lastExitCode;
        this.audit = audit;
        this.done = done;
    }

    @Override
    public void run() {
        try {
            ErrorRecord failure = null;
            try {
                failure = runStatements();
            } catch (RuntimeException e) {
                LOG.warn("pipeline {} of pool {} failed", pipeline.id(), context.poolId(), e);
                failure = ErrorRecords.failed("The pipeline failed: " + e.getClass().getSimpleName());
            }
            pipeline.finish(failure);
        } catch (InterruptedException e) {
            // the pool is closing: nobody receives any more
            Thread.currentThread().interrupt();
        } finally {
            done.accept(pipeline);
        }
    }

    /**
     * Runs the statements in order; a refused one ends the pipeline there as JEA does: PIPELINE_STATE Failed, with the
     * refusal's error record (naming the rule) as the reason.
     *
     * @return the refusal, or null when every statement ran
     */
    private ErrorRecord runStatements() throws InterruptedException {
        boolean first = true;
        for (List<Command> statement : pipeline.create().powerShell().statements()) {
            if (pipeline.stopping()) {
                return null;
            }
            List<StatementElement> elements;
            try {
                elements = resolver.resolve(statement);
            } catch (CommandRefusal refusal) {
                audit.commandRefused(context, pipeline.id(), refusal.argv(), refusal.rule(), refusal.reason());
                return refusal.record();
            }
            execute(elements, first ? pipeline.input() : null);
            first = false;
        }
        return null;
    }

    private void execute(List<StatementElement> elements, PipelineInputQueue input) throws InterruptedException {
        boolean nativeFirst = elements.get(0) instanceof StatementElement.Native;
        List<StatementElement.Builtin> builtins = elements.subList(nativeFirst ? 1 : 0, elements.size()).stream()
                .map(StatementElement.Builtin.class::cast).toList();
        Stage.Sink[] sinks = new Stage.Sink[builtins.size() + 1];
        sinks[builtins.size()] = pipeline::output;
        for (int i = builtins.size() - 1; i >= 0; i--) {
            Stage stage = builtins.get(i).stage();
            Stage.Sink next = sinks[i + 1];
            sinks[i] = v -> stage.process(v, next);
        }
        Instant start = Instant.now();
        builtins.forEach(b -> audit.commandStarted(context, pipeline.id(), b.argv()));
        if (nativeFirst) {
            runNative((StatementElement.Native) elements.get(0), input, sinks[0]);
        } else if (input != null) {
            feed(input, sinks[0]);
        }
        for (int i = 0; i < builtins.size(); i++) {
            if (pipeline.stopping()) {
                break;
            }
            builtins.get(i).stage().end(sinks[i + 1]);
        }
        Duration took = Duration.between(start, Instant.now());
        builtins.forEach(b -> audit.commandEnded(context, pipeline.id(), b.argv(), 0, 0, 0, took,
                pipeline.stopping() ? "stopped" : "completed"));
    }

    /** Client input into the first built-in (only filters read it; the others ignore their input). */
    private void feed(PipelineInputQueue input, Stage.Sink first) throws InterruptedException {
        while (!pipeline.stopping()) {
            Optional<PipelineInputQueue.Item> item = input.poll(200);
            if (item.isEmpty()) {
                continue;
            }
            if (item.get().isEnd()) {
                return;
            }
            PsValue value = item.get().value();
            first.accept(value);
        }
    }

    private void runNative(StatementElement.Native element, PipelineInputQueue input, Stage.Sink out)
            throws InterruptedException {
        List<String> argv = element.allowed().argv();
        audit.commandStarted(context, pipeline.id(), argv);
        Instant start = Instant.now();
        Optional<NativeRun.Result> result = natives.run(environment.launch(context, argv), pipeline, input, out);
        Duration took = Duration.between(start, Instant.now());
        if (result.isEmpty()) {
            audit.commandEnded(context, pipeline.id(), argv, 127, 0, 0, took, "failed to start");
            return;
        }
        NativeRun.Result r = result.get();
        if (pipeline.stopping()) {
            audit.commandEnded(context, pipeline.id(), argv, r.exitCode(), r.bytesIn(), r.bytesOut(), took, "stopped");
            return;
        }
        lastExitCode.set(r.exitCode());
        if (r.limit().isPresent()) {
            pipeline.error(ErrorRecords.nativeFailed(argv.get(0), r.limit().get()));
        } else if (r.exitCode() != 0) {
            pipeline.error(ErrorRecords.nativeExit(argv.get(0), r.exitCode()));
        }
        audit.commandEnded(context, pipeline.id(), argv, r.exitCode(), r.bytesIn(), r.bytesOut(), took,
                r.limit().map(l -> "stopped: " + l).orElse("exited"));
    }
}
