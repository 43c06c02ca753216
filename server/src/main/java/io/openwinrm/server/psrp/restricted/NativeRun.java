package io.openwinrm.server.psrp.restricted;

import io.openwinrm.psrp.clixml.PsString;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessLauncher;
import io.openwinrm.server.command.LaunchSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one allowed program for a pipeline, as PowerShell runs a native command: no shell, stdout becomes string
 * objects line by line, each stderr line an error record ({@code NativeCommandError}), pipeline input objects are
 * written to stdin one per line, and the exit code is the result ({@code $LASTEXITCODE}). Two pump threads read
 * stdout and stderr into a bounded queue that the runner drains, so a program writing faster than the client
 * receives is slowed down (back-pressure), never buffered beyond {@link #BUFFERED_CHARS} characters. A stop kills
 * the process group; the program's end also kills what is left of its group. A deadline of the endpoint, or a limit
 * of the shell's sandbox that the program hits, is reported as an error record.
 */
final class NativeRun {

    /** What happened to the program. */
    record Result(int exitCode, long bytesIn, long bytesOut, Optional<String> limit) {
    }

    private static final int QUEUE = 1024;
    /** Characters of output lines read but not yet sent, per program (a line longer than this still passes alone). */
    private static final int BUFFERED_CHARS = 1 << 20;
    private static final Object STDOUT_END = new Object();
    private static final Object STDERR_END = new Object();

    private final ProcessLauncher launcher;
    private final Executor executor;
    private final int maxLineBytes;
    private final Optional<Duration> deadline;

    NativeRun(ProcessLauncher launcher, Executor executor, int maxLineBytes, Optional<Duration> deadline) {
        this.launcher = launcher;
        this.executor = executor;
        this.maxLineBytes = maxLineBytes;
        this.deadline = deadline;
    }

    /**
     * @param input the client's input, or null when the program is not the pipeline's first reader (stdin closed)
     * @return the result; empty if the program could not be started (the error record has been written)
     */
    Optional<Result> run(LaunchSpec spec, RestrictedPipeline pipeline, PipelineInputQueue input, Stage.Sink out)
            throws InterruptedException {
        String program = spec.argv().get(0);
        LaunchedProcess process;
        try {
            process = launcher.launch(spec);
        } catch (NoSuchFileException e) {
            pipeline.error(ErrorRecords.nativeFailed(program, "the program does not exist or is not executable"));
            return Optional.empty();
        } catch (IOException e) {
            pipeline.error(ErrorRecords.nativeFailed(program, String.valueOf(e.getMessage())));
            return Optional.empty();
        }
        AtomicBoolean deadlineHit = new AtomicBoolean();
        try {
            if (!pipeline.attach(process)) {
                return Optional.of(new Result(-1, 0, 0, Optional.empty()));
            }
            deadline.ifPresent(d -> CompletableFuture.delayedExecutor(d.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> {
                        if (!process.onExit().isDone()) {
                            deadlineHit.set(true);
                            process.destroyGroup();
                        }
                    }));
            AtomicLong bytesIn = new AtomicLong();
            feedStdin(process.stdin(), input, pipeline, bytesIn);
            BlockingQueue<Object> events = new ArrayBlockingQueue<>(QUEUE);
            Semaphore buffered = new Semaphore(BUFFERED_CHARS);
            LineReader stdout = new LineReader(process.stdout(), maxLineBytes);
            LineReader stderr = new LineReader(process.stderr(), maxLineBytes);
            long limitEvents = pipeline.sandbox().limitEvents();
            pump(stdout, events, buffered, true);
            pump(stderr, events, buffered, false);
            drain(events, buffered, program, pipeline, out);
            int exit = exitCode(process);
            Optional<String> limit = deadlineHit.get() ? Optional.of("the endpoint's command deadline of "
                    + deadline.orElseThrow().toSeconds() + " s was exceeded")
                    : pipeline.sandbox().limitEvents() != limitEvents ? pipeline.sandbox().limitHit()
                    : Optional.empty();
            return Optional.of(new Result(exit, bytesIn.get(), stdout.bytesRead() + stderr.bytesRead(), limit));
        } finally {
            pipeline.detach();
            process.destroyGroup();
        }
    }

    private void drain(BlockingQueue<Object> events, Semaphore buffered, String program, RestrictedPipeline pipeline,
            Stage.Sink out) throws InterruptedException {
        int open = 2;
        boolean firstError = true;
        while (open > 0) {
            Object e = events.take();
            if (e == STDOUT_END || e == STDERR_END) {
                open--;
            } else if (e instanceof Line line) {
                buffered.release(cost(line.text()));
                if (line.stdout()) {
                    out.accept(new PsString(line.text()));
                } else {
                    pipeline.error(ErrorRecords.nativeStderr(program, line.text(), firstError));
                    firstError = false;
                }
            }
        }
    }

    private void pump(LineReader reader, BlockingQueue<Object> events, Semaphore buffered, boolean stdout) {
        executor.execute(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    buffered.acquire(cost(line));
                    events.put(new Line(stdout, line));
                }
            } catch (IOException e) {
                // the pipe closed under us (the group was killed): the end of the stream
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    events.put(stdout ? STDOUT_END : STDERR_END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the pool is closing: nobody drains any more
                }
            }
        });
    }

    /** Pipeline input, one object per line as its text, then stdin closed; stdin closed at once without input. */
    private void feedStdin(OutputStream stdin, PipelineInputQueue input, RestrictedPipeline pipeline,
            AtomicLong bytesIn) {
        if (input == null) {
            closeQuietly(stdin);
            return;
        }
        executor.execute(() -> {
            try (stdin) {
                while (!pipeline.stopping()) {
                    Optional<PipelineInputQueue.Item> item = input.poll(200);
                    if (item.isEmpty()) {
                        continue;
                    }
                    if (item.get().isEnd()) {
                        break;
                    }
                    byte[] bytes = (OutDefaultStage.display(item.get().value()) + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                    stdin.write(bytes);
                    stdin.flush();
                    bytesIn.addAndGet(bytes.length);
                }
            } catch (IOException e) {
                // the program closed its stdin or exited: the rest of the input is dropped, as PowerShell does
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** What a line takes of the buffer: its length, at least 1, at most the whole buffer. */
    private static int cost(String line) {
        return Math.max(1, Math.min(BUFFERED_CHARS, line.length()));
    }

    private static int exitCode(LaunchedProcess process) throws InterruptedException {
        try {
            return process.onExit().get();
        } catch (ExecutionException e) {
            return -1;
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing to tell the program
        }
    }

    /** One line of output. */
    private record Line(boolean stdout, String text) {
    }
}
