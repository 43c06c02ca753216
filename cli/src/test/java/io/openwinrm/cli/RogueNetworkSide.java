package io.openwinrm.cli;

import io.openwinrm.os.ipc.Pipes;
import io.openwinrm.os.ipc.UnixSocket;
import io.openwinrm.privsep.wire.MonitorCodec;
import io.openwinrm.privsep.wire.MonitorMessage;
import io.openwinrm.privsep.wire.MonitorMessage.Authenticate;
import io.openwinrm.privsep.wire.MonitorMessage.CanEnter;
import io.openwinrm.privsep.wire.MonitorMessage.Failed;
import io.openwinrm.privsep.wire.MonitorMessage.Hello;
import io.openwinrm.privsep.wire.MonitorMessage.Launch;
import io.openwinrm.privsep.wire.MonitorMessage.Launched;
import io.openwinrm.privsep.wire.MonitorMessage.OpenShell;
import io.openwinrm.privsep.wire.MonitorMessage.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compromised network service, for {@link PrivilegeSeparationTest}: started by the monitor in place of the real one
 * (as the service account, no capabilities), it speaks the monitor protocol directly and tries what an attacker who
 * owns the network process would try. Each attempt's outcome goes to {@code results.txt} in its directory.
 * Arguments: {@code USER PASSWORD --monitor-socket PATH --home DIR}.
 */
public final class RogueNetworkSide {

    private final UnixSocket socket;
    private final List<String> results = new ArrayList<>();
    private long ids;

    private RogueNetworkSide(UnixSocket socket) {
        this.socket = socket;
    }

    public static void main(String[] args) throws Exception {
        String user = args[0];
        String password = args[1];
        Path socketPath = Path.of(args[3]);
        Path home = Path.of(args[5]);
        RogueNetworkSide rogue = new RogueNetworkSide(UnixSocket.connect(socketPath));
        try {
            rogue.attack(user, password);
        } catch (Exception e) {
            rogue.results.add("rogue failed: " + e);
        }
        Files.write(home.resolve("results.txt"), rogue.results);
        rogue.socket.close();
    }

    private void attack(String user, String password) throws Exception {
        // before Hello, garbage, an absurd count: ignored (and logged by the monitor)
        send(new OpenShell(++ids, "s-0", "cmd", ""));
        socket.send(new byte[] {1, 99, 0, 0, 0});
        socket.send(ByteBuffer.allocate(18).put((byte) 1).put((byte) 8).putLong(++ids).putInt(Integer.MAX_VALUE)
                .array());
        // more descriptors than the monitor takes in one message (our UnixSocket refuses to send them, an attacker's
        // code does not): the kernel cuts them, the monitor refuses the message, logs it and closes what it got
        sendWithDescriptors(new byte[] {1, 99}, UnixSocket.MAX_FDS + 4);
        // a message over the monitor's 256 KiB: possible once the send buffer is raised (up to wmem_max, no
        // privilege needed); the monitor's receive truncates it and refuses it
        sendWithDescriptors(new byte[UnixSocket.MAX_MESSAGE + 4096], 0);
        Reply hello = call(new Hello(++ids, MonitorMessage.VERSION));
        results.add("hello: " + hello.getClass().getSimpleName());
        results.add("forged session: " + outcome(call(new OpenShell(++ids, "s-00000000000000000000000000000000",
                "cmd", "127.0.0.1"))));
        results.add("forged shell: " + outcome(call(new Launch(++ids, "h-00000000000000000000000000000000",
                List.of("/bin/sh", "-c", "touch /tmp/owrogue-forged"), "/", Map.of(), Optional.empty()))));
        results.add("forged can-enter: " + outcome(call(new CanEnter(++ids, "h-1", "/root"))));
        results.add("wrong password: " + outcome(call(basic(user, "not-the-password"))));
        Reply login = call(basic(user, password));
        results.add("right password: " + login.getClass().getSimpleName());
        String session = ((MonitorMessage.AuthSuccess) login).session();
        Reply opened = call(new OpenShell(++ids, session, "cmd", "127.0.0.1"));
        String shell = ((MonitorMessage.ShellOpened) opened).shell();
        results.add("shell runs as: " + ((MonitorMessage.ShellOpened) opened).runAs().map(a -> a.name()).orElse("?"));
        results.add("claiming root: " + run(shell, List.of("/bin/sh", "-c", "id -u"),
                Map.of("USER", "root", "HOME", "/root", "LOGNAME", "root", "PATH", "/usr/bin:/bin")));
        results.add("setpriv to uid 0: " + run(shell, List.of("/usr/bin/setpriv", "--reuid=0", "--regid=0",
                "--clear-groups", "--", "/usr/bin/id", "-u"), Map.of("PATH", "/usr/bin:/bin")));
        Reply svc = call(new OpenShell(++ids, session, "svc", "127.0.0.1"));
        String svcShell = ((MonitorMessage.ShellOpened) svc).shell();
        results.add("run-as shell runs as: " + ((MonitorMessage.ShellOpened) svc).runAs().map(a -> a.name())
                .orElse("?"));
        results.add("LD_PRELOAD for the run-as account: " + outcome(call(new Launch(++ids, svcShell,
                List.of("/bin/sh", "-c", "touch /tmp/owrogue-preload"), "/",
                Map.of("LD_PRELOAD", "/tmp/owrogue.so", "PATH", "/usr/bin:/bin"), Optional.empty()))));
        Reply jea = call(new OpenShell(++ids, session, "jea", "127.0.0.1"));
        String jeaShell = ((MonitorMessage.ShellOpened) jea).shell();
        results.add("restricted, not allowed: " + outcome(call(new Launch(++ids, jeaShell,
                List.of("/bin/sh", "-c", "touch /tmp/owrogue-jea"), "/", Map.of(), Optional.empty()))));
        results.add("restricted, allowed: " + run(jeaShell, List.of("/usr/bin/id", "-u"), Map.of()));
        Reply ps = call(new OpenShell(++ids, session, "ps", "127.0.0.1"));
        String psShell = ((MonitorMessage.ShellOpened) ps).shell();
        results.add("powershell, not pwsh -s: " + outcome(call(new Launch(++ids, psShell,
                List.of("/bin/sh", "-c", "touch /tmp/owrogue-pwsh"), "/", Map.of(), Optional.empty()))));
        results.add("refused endpoint: " + outcome(call(new OpenShell(++ids, session, "closed", "127.0.0.1"))));
    }

    private Authenticate basic(String user, String password) {
        byte[] token = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return new Authenticate(++ids, ids, "Basic", token, "127.0.0.1", true, new byte[0]);
    }

    /** Runs argv in the shell and returns what it printed (or how it was refused). */
    private String run(String shell, List<String> argv, Map<String, String> env) throws IOException {
        send(new Launch(++ids, shell, argv, "/", env, Optional.empty()));
        UnixSocket.Message m = receiveReply();
        Reply r = (Reply) decode(m);
        if (!(r instanceof Launched)) {
            return outcome(r);
        }
        try (InputStream out = Pipes.input(m.fds()[1]); InputStream err = Pipes.input(m.fds()[2])) {
            Pipes.output(m.fds()[0]).close();
            return (new String(out.readAllBytes(), StandardCharsets.UTF_8) + new String(err.readAllBytes(),
                    StandardCharsets.UTF_8)).strip().replace('\n', ' ');
        }
    }

    private static String outcome(Reply r) {
        return r instanceof Failed f ? "refused " + f.kind() : r instanceof MonitorMessage.AuthFailure a
                ? "refused (" + a.reason() + ")" : "ALLOWED " + r.getClass().getSimpleName();
    }

    private Reply call(MonitorMessage.Request request) throws IOException {
        send(request);
        UnixSocket.Message m = receiveReply();
        for (int fd : m.fds()) {
            UnixSocket.quietClose(fd);
        }
        return (Reply) decode(m);
    }

    /** libc's sendmsg, which the rogue calls on the monitor socket it holds, past UnixSocket's own checks. */
    interface RawSend extends com.sun.jna.Library {
        RawSend C = com.sun.jna.Native.load("c", RawSend.class);

        long sendmsg(int fd, com.sun.jna.Pointer message, int flags) throws com.sun.jna.LastErrorException;

        int setsockopt(int fd, int level, int name, com.sun.jna.Pointer value, int length)
                throws com.sun.jna.LastErrorException;
    }

    /** Sends {@code data} with {@code count} copies of this process's stdin descriptor (SCM_RIGHTS, LP64 layout). */
    private void sendWithDescriptors(byte[] data, int count) throws Exception {
        java.lang.reflect.Field field = UnixSocket.class.getDeclaredField("fd");
        field.setAccessible(true);
        int fd = field.getInt(socket);
        com.sun.jna.Memory buffer = new com.sun.jna.Memory(data.length);
        buffer.write(0, data, 0, data.length);
        com.sun.jna.Memory iov = new com.sun.jna.Memory(16);
        iov.setPointer(0, buffer);
        iov.setLong(8, data.length);
        com.sun.jna.Memory header = new com.sun.jna.Memory(56);
        header.clear();
        header.setPointer(16, iov);
        header.setLong(24, 1);
        com.sun.jna.Memory control = null;
        if (count > 0) {
            int payload = 4 * count;
            control = new com.sun.jna.Memory(16 + ((payload + 7) & ~7));
            control.clear();
            control.setLong(0, 16 + payload);
            control.setInt(8, 1); // SOL_SOCKET
            control.setInt(12, 1); // SCM_RIGHTS
            for (int i = 0; i < count; i++) {
                control.setInt(16 + 4L * i, 0);
            }
            header.setPointer(32, control);
            header.setLong(40, control.size());
        }
        com.sun.jna.Memory size = new com.sun.jna.Memory(4);
        size.setInt(0, 4 * data.length);
        RawSend.C.setsockopt(fd, 1, 7, size, 4); // SOL_SOCKET, SO_SNDBUF
        RawSend.C.sendmsg(fd, header, 0x4000);
        java.lang.ref.Reference.reachabilityFence(buffer);
        java.lang.ref.Reference.reachabilityFence(iov);
        java.lang.ref.Reference.reachabilityFence(control);
        java.lang.ref.Reference.reachabilityFence(header);
    }

    private void send(MonitorMessage m) throws IOException {
        socket.send(MonitorCodec.encode(m));
    }

    /** The next reply, skipping events (configuration, exits). */
    private UnixSocket.Message receiveReply() throws IOException {
        while (true) {
            UnixSocket.Message m = socket.receive();
            if (m == null) {
                throw new IOException("the monitor closed the connection");
            }
            if (decode(m) instanceof Reply) {
                return m;
            }
        }
    }

    private static MonitorMessage decode(UnixSocket.Message m) throws IOException {
        try {
            return MonitorCodec.decode(m.data());
        } catch (io.openwinrm.privsep.wire.WireException e) {
            throw new IOException(e.getMessage());
        }
    }

}
