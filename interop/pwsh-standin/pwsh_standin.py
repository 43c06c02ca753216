"""A stand-in for ``pwsh -s`` (PowerShell 7's out-of-process server mode) for tests on hosts without PowerShell.

It speaks the out-of-process framing on stdio exactly as ``pwsh -s`` does (one packet per line: ``<Data Stream=...
PSGuid=...>base64</Data>``, ``<Command|Signal|Close PSGuid=... />`` in; the same ``Data`` and the ``*Ack`` packets
out) and serves the runspace pool with psrpcore's server side (``ServerRunspacePool``/``ServerPipeline``, psrpcore
0.3.1), so every PSRP byte on its stdout was produced by psrpcore, not by OpenWinRM.

A handful of commands, as cmdlets (``add_cmdlet``) or as one-line scripts (``add_script``):
``Write-Output`` (arguments, ``-InputObject`` or pipeline input, enumerated), ``$PSVersionTable``, ``Get-Date``,
``Start-Sleep -Seconds N`` (stoppable), ``throw 'text'`` (the pipeline fails with that error record),
``Write-Error 'text'`` (an error record, then Completed), ``Read-Host`` (a ReadLine host call on the pipeline;
the answer is the output), and for robustness tests ``__die__`` (exits at once with
code 3), ``__whoami__`` (the account it runs as), ``__lines__ N`` (a 1 MiB string, then N lines of 200 characters), ``__garbage__`` (writes a line that is no packet) and ``__flood__`` (writes an endless line).
Anything else fails the pipeline with a CommandNotFoundException record, as PowerShell would.
"""

import base64
import datetime
import os
import re
import sys
import threading
import traceback
import uuid

import psrpcore
from psrpcore.types import (
    ErrorCategory,
    ErrorCategoryInfo,
    ErrorRecord,
    NETException,
    PSInvocationState,
)

ZERO = uuid.UUID(int=0)
# tracebacks go to stderr (which the bridge keeps the end of) and to standin.log beside the script, for test reports
LOG_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "standin.log")


def log_exception():
    traceback.print_exc(file=sys.stderr)
    try:
        with open(LOG_FILE, "a") as f:
            traceback.print_exc(file=f)
    except OSError:
        pass
LOCK = threading.RLock()
OUT = sys.stdout.buffer
PACKET = re.compile(r"<(Data|Command|Signal|Close) (?:Stream='(Default|PromptResponse)' )?PSGuid='([0-9a-fA-F-]{36})'"
                    r"(?: />|>([A-Za-z0-9+/=]*)</Data>)$")

pool = psrpcore.ServerRunspacePool(application_private_data={
    "PSVersionTable": {
        "PSVersion": "7.4.6",
        "PSEdition": "Core",
        "Platform": "Unix",
        "OS": "OpenWinRM pwsh stand-in (psrpcore 0.3.1)",
    }
})
stops = {}
host_responses = {}  # call id -> [threading.Event, result]


def write(line):
    with LOCK:
        OUT.write((line + "\n").encode("utf-8"))
        OUT.flush()


def flush():
    with LOCK:
        while True:
            payload = pool.data_to_send(32768)
            if payload is None:
                return
            stream = "PromptResponse" if payload.stream_type == psrpcore.StreamType.prompt_response else "Default"
            guid = payload.pipeline_id or ZERO
            write("<Data Stream='%s' PSGuid='%s'>%s</Data>" % (stream, guid,
                                                                base64.b64encode(payload.data).decode("ascii")))


def error_record(message, error_id, category, type_name):
    exception = NETException(Message=message)
    exception.PSObject.type_names = [type_name, "System.Exception", "System.Object"]
    return ErrorRecord(Exception=exception, CategoryInfo=ErrorCategoryInfo(Category=category),
                       FullyQualifiedErrorId=error_id)


def fail(pipeline, record):
    pipeline._change_state(PSInvocationState.Failed, record)


def arguments(command):
    """Positional values and named parameters of one command."""
    positional, named = [], {}
    for name, value in command.parameters:
        if name is None:
            positional.append(value)
        else:
            named[name.lower()] = value
    return positional, named


def enumerate_values(values):
    for v in values:
        if isinstance(v, list):
            yield from v
        else:
            yield v


def parse_script(text):
    """(name, positional, named) of a one-line script such as ``Start-Sleep -Seconds 5`` or ``throw 'x'``."""
    text = text.strip()
    words = re.findall(r"'[^']*'|\"[^\"]*\"|\S+", text)
    if not words:
        return "", [], {}
    name, positional, named, i = words[0], [], {}, 1
    while i < len(words):
        w = words[i]
        if w.startswith("-") and i + 1 < len(words) and not re.match(r"^-\d", w):
            named[w[1:].lower()] = literal(words[i + 1])
            i += 2
        else:
            positional.append(literal(w))
            i += 1
    return name, positional, named


def literal(word):
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        return word[1:-1]
    if re.match(r"^-?\d+$", word):
        return int(word)
    return word


def run(pipeline, inputs):
    """Runs a pipeline (in a thread of its own, so that Start-Sleep can be stopped); a failure fails it."""
    try:
        run_command(pipeline, inputs)
    except Exception as e:
        log_exception()
        with LOCK:
            if pipeline.state == PSInvocationState.Running:
                fail(pipeline, error_record(str(e), "StandInFailure", ErrorCategory.NotSpecified,
                                            "System.Exception"))
        flush()


def run_command(pipeline, inputs):
    """Runs a pipeline's first command."""
    command = pipeline.metadata.commands[0]
    if command.is_script:
        name, positional, named = parse_script(command.command_text)
    else:
        name = command.command_text
        positional, named = arguments(command)
    key = name.lower()
    with LOCK:
        pipeline.start()
        flush()
    if key == "write-output" or key == "echo":
        values = positional + ([named["inputobject"]] if "inputobject" in named else []) + inputs
        with LOCK:
            for v in enumerate_values(values):
                pipeline.write_output(v)
            pipeline.complete()
    elif key == "$psversiontable":
        with LOCK:
            pipeline.write_output(pool.application_private_data["PSVersionTable"])
            pipeline.complete()
    elif key == "read-host":
        with LOCK:
            ci = psrpcore.ServerHostRequestor(pipeline).read_line()
            waiter = host_responses.setdefault(ci, [threading.Event(), None])
            flush()
        if not waiter[0].wait(60):
            raise RuntimeError("no host response for call %d" % ci)
        with LOCK:
            pipeline.write_output(waiter[1])
            pipeline.complete()
    elif key == "get-date":
        with LOCK:
            pipeline.write_output(datetime.datetime.now(datetime.timezone.utc))
            pipeline.complete()
    elif key == "start-sleep":
        seconds = named.get("seconds", positional[0] if positional else 1)
        stopped = stops.setdefault(pipeline.pipeline_id, threading.Event())
        if stopped.wait(float(seconds)):
            return
        with LOCK:
            if pipeline.state == PSInvocationState.Running:
                pipeline.complete()
    elif key == "throw":
        text = str(positional[0]) if positional else "ScriptHalted"
        with LOCK:
            fail(pipeline, error_record(text, text, ErrorCategory.OperationStopped,
                                        "System.Management.Automation.RuntimeException"))
    elif key == "write-error":
        text = str(positional[0] if positional else named.get("message", ""))
        with LOCK:
            pipeline.write_error(NETException(Message=text), fully_qualified_error_id="Microsoft.PowerShell.Commands"
                                 ".WriteErrorException")
            pipeline.complete()
    elif key == "__whoami__":
        import pwd
        with LOCK:
            pipeline.write_output(pwd.getpwuid(os.getuid()).pw_name)
            pipeline.complete()
    elif key == "__lines__":
        count = int(positional[0]) if positional else 1000
        with LOCK:
            pipeline.write_output("x" * (1 << 20))  # one object of 1 MiB: a message of many fragments
            flush()
        for i in range(count):
            with LOCK:
                pipeline.write_output("%06d " % i + "y" * 193)
                if i % 100 == 0:
                    flush()
        with LOCK:
            pipeline.complete()
    elif key == "__die__":
        os._exit(3)
    elif key == "__garbage__":
        write("this is not a packet")
        return
    elif key == "__flood__":
        with LOCK:
            chunk = b"A" * 65536
            while True:
                OUT.write(chunk)
    else:
        with LOCK:
            fail(pipeline, error_record(
                "The term '%s' is not recognized as a name of a cmdlet, function, script file, or executable "
                "program." % name, "CommandNotFoundException", ErrorCategory.ObjectNotFound,
                "System.Management.Automation.CommandNotFoundException"))
    flush()


inputs_by_pipeline = {}


def process_events():
    while True:
        event = pool.next_event()
        if event is None:
            return
        if isinstance(event, psrpcore.CreatePipelineEvent):
            pipeline = pool.pipeline_table[event.pipeline_id]
            inputs_by_pipeline[event.pipeline_id] = []
            if pipeline.metadata.no_input:
                threading.Thread(target=run, args=(pipeline, []), daemon=True).start()
        elif isinstance(event, psrpcore.PipelineInputEvent):
            inputs_by_pipeline.setdefault(event.pipeline_id, []).append(event.data)
        elif isinstance(event, psrpcore.EndOfPipelineInputEvent):
            pipeline = pool.pipeline_table[event.pipeline_id]
            threading.Thread(target=run, args=(pipeline, inputs_by_pipeline.get(event.pipeline_id, [])),
                             daemon=True).start()
        elif isinstance(event, (psrpcore.PipelineHostResponseEvent, psrpcore.RunspacePoolHostResponseEvent)):
            waiter = host_responses.setdefault(event.ci, [threading.Event(), None])
            waiter[1] = event.result
            waiter[0].set()
        elif isinstance(event, (psrpcore.SetMaxRunspacesEvent, psrpcore.SetMinRunspacesEvent)):
            pool.runspace_availability_response(event.ci, True)
        elif isinstance(event, psrpcore.GetAvailableRunspacesEvent):
            pool.runspace_availability_response(event.ci, 1)


def main():
    for raw in sys.stdin.buffer:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            sys.stderr.write("empty line: the session is over\n")
            os._exit(4000 % 256)
        m = PACKET.match(line)
        if not m:
            sys.stderr.write("IPCUnknownElementReceived: %r\n" % line[:40])
            os._exit(4000 % 256)
        kind, stream, guid, data = m.group(1), m.group(2), uuid.UUID(m.group(3)), m.group(4)
        target = None if guid == ZERO else guid
        if kind == "Data":
            stream_type = psrpcore.StreamType.prompt_response if stream == "PromptResponse" \
                else psrpcore.StreamType.default
            with LOCK:
                try:
                    pool.receive_data(psrpcore.PSRPPayload(base64.b64decode(data), stream_type, target))
                    process_events()
                except Exception as e:  # what pwsh would report as a PSRP error: the pool breaks
                    log_exception()
                    sys.stderr.write("PSRP error: %s\n" % e)
                    record = error_record(str(e), "PSRemotingDataStructureException", ErrorCategory.InvalidData,
                                          "System.Management.Automation.Remoting.PSRemotingDataStructureException")
                    pipeline = pool.pipeline_table.get(target) if target is not None else None
                    if pipeline is not None:
                        fail(pipeline, record)  # a message for a pipeline it cannot take fails that pipeline
                    elif pool.state.value < 3:
                        pool.set_broken(record)
                flush()
                write("<DataAck PSGuid='%s' />" % guid)
        elif kind == "Command":
            with LOCK:
                psrpcore.ServerPipeline(pool, guid)
                write("<CommandAck PSGuid='%s' />" % guid)
        elif kind == "Signal":
            with LOCK:
                pipeline = pool.pipeline_table.get(guid)
                if pipeline is not None and pipeline.state == PSInvocationState.Running:
                    pipeline.stop()
                    stops.setdefault(guid, threading.Event()).set()
                flush()
                write("<SignalAck PSGuid='%s' />" % guid)
        elif kind == "Close":
            with LOCK:
                if target is not None:
                    pipeline = pool.pipeline_table.get(guid)
                    if pipeline is not None:
                        stops.setdefault(guid, threading.Event()).set()
                        try:
                            pipeline.close()
                        except Exception:
                            pool.pipeline_table.pop(guid, None)
                write("<CloseAck PSGuid='%s' />" % guid)
    sys.stderr.write("end of input: the session is over\n")
    os._exit(4000 % 256)


if __name__ == "__main__":
    main()
