"""Cross-check of OpenWinRM's PSRP codec against psrpcore (test helper, not shipped).

Usage: crosscheck.py client|server RPID PID  (with psrpcore 0.3.1 importable)

client: prints the fragments a psrpcore client sends to open a pool and start a pipeline, one line each:
        "PID-or-empty BASE64".
server: reads lines "pool|pipeline BASE64" written by the Java side (server messages), feeds them to a psrpcore
        client and prints one line per event, "EventName BASE64(detail)", then "final BASE64(states)".
"""
import base64
import sys
import uuid

import psrpcore
from psrpcore.types import PSInvocationState

RPID = uuid.UUID(sys.argv[2])
PID = uuid.UUID(sys.argv[3])


def opened_pool():
    pool = psrpcore.ClientRunspacePool(runspace_pool_id=RPID, min_runspaces=1, max_runspaces=3)
    pool.open()
    return pool


def pipeline(pool):
    ps = psrpcore.ClientPowerShell(pool, pipeline_id=PID)
    ps.add_command("Get-Item").add_parameter("Path", "C:\\temp_x41_").add_argument(42)
    ps.add_command("Select-Object").add_parameter("First", 1)
    ps.add_statement()
    ps.add_script("echo 'hi'\r\n")
    ps.start()
    return ps


def drain(pool, out):
    while True:
        payload = pool.data_to_send(300)
        if payload is None:
            return
        out.append(payload)


def client():
    pool = opened_pool()
    sent = []
    drain(pool, sent)
    # pretend the pool opened so that a pipeline may start
    pool.state = psrpcore.types.RunspacePoolState.Opened
    pipeline(pool)
    drain(pool, sent)
    for p in sent:
        print(str(p.pipeline_id or "") + " " + base64.b64encode(p.data).decode())


def server():
    pool = opened_pool()
    drain(pool, [])
    lines = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
    events = []

    def consume(kind):
        for target, data in lines:
            if target == kind:
                pool.receive_data(psrpcore.PSRPPayload(base64.b64decode(data), psrpcore.StreamType.default,
                                                       None if kind == "pool" else PID))
                while (event := pool.next_event()) is not None:
                    events.append(event)

    consume("pool")
    ps = pipeline(pool)
    drain(pool, [])
    consume("pipeline")
    for e in events:
        print(type(e).__name__ + " " + b64(detail(e)))
    print("final " + b64(str(pool.state) + " " + str(ps.state)))


def b64(text):
    return base64.b64encode(text.encode("utf-8")).decode()


def detail(e):
    name = type(e).__name__
    if name == "SessionCapabilityEvent":
        return str(e.protocol_version)
    if name in ("RunspacePoolStateEvent", "PipelineStateEvent"):
        return str(int(e.state))
    if name == "ApplicationPrivateDataEvent":
        return str(e.data["PSVersionTable"]["PSRemotingProtocolVersion"])
    if name == "PipelineOutputEvent":
        return str(e.data)
    if name == "ErrorRecordEvent":
        return str(e.record.FullyQualifiedErrorId) + "\n" + str(e.record.Exception.Message)
    if name in ("WarningRecordEvent", "VerboseRecordEvent", "DebugRecordEvent"):
        return str(e.record.Message)
    return ""


{"client": client, "server": server}[sys.argv[1]]()
