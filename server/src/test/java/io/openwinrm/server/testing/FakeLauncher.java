package io.openwinrm.server.testing;

import io.openwinrm.server.command.LaunchSpec;
import io.openwinrm.server.command.LaunchedProcess;
import io.openwinrm.server.command.ProcessLauncher;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Launches {@link FakeProcess}es; a program named "missing" does not exist. */
public final class FakeLauncher implements ProcessLauncher {

    public final List<FakeProcess> launched = new CopyOnWriteArrayList<>();
    private final BlockingQueue<FakeProcess> fresh = new LinkedBlockingQueue<>();

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws IOException {
        if (spec.argv().get(0).equals("missing")) {
            throw new NoSuchFileException("missing");
        }
        FakeProcess process = new FakeProcess(spec);
        launched.add(process);
        fresh.add(process);
        return process;
    }

    /** The next process launched (waits briefly). */
    public FakeProcess next() throws InterruptedException {
        FakeProcess process = fresh.poll(5, TimeUnit.SECONDS);
        if (process == null) {
            throw new AssertionError("nothing launched");
        }
        return process;
    }

    public FakeProcess last() {
        return launched.get(launched.size() - 1);
    }
}
