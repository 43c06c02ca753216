"""A psrpcore 0.3.1 client driving OpenWinRM's restricted engine (test helper, not shipped).

Line protocol on stdio, one item per line:
  to the Java side:   "pool B64", "create PID B64", "pipe PID B64"  (fragments to feed the engine),
                      "result JSON"                                   (what each scenario saw), "end"
  from the Java side: "pool B64", "pipe PID B64"                      (fragments the engine emitted)
"""
import base64
import json
import sys
import uuid

import psrpcore
from psrpcore import StreamType
from psrpcore.types import RunspacePoolState

EMIT = sys.argv[1]
pool = psrpcore.ClientRunspacePool(runspace_pool_id=uuid.UUID(sys.argv[2]))
created = set()
done = {}
outputs = {}
errors = {}


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def send_pending():
    while True:
        p = pool.data_to_send(32768)
        if p is None:
            return
        data = base64.b64encode(p.data).decode()
        if p.pipeline_id is None:
            say("pool " + data)
        elif p.pipeline_id not in created:
            created.add(p.pipeline_id)
            say("create " + str(p.pipeline_id) + " " + data)
        else:
            say("pipe " + str(p.pipeline_id) + " " + data)


def pump_until(predicate):
    while not predicate():
        line = sys.stdin.readline()
        if not line:
            raise SystemExit("the engine side went away")
        parts = line.split()
        pid = uuid.UUID(parts[1]) if parts[0] == "pipe" else None
        pool.receive_data(psrpcore.PSRPPayload(base64.b64decode(parts[-1]), StreamType.default, pid))
        while True:
            ev = pool.next_event()
            if ev is None:
                break
            if isinstance(ev, psrpcore.PipelineOutputEvent):
                outputs.setdefault(ev.pipeline_id, []).append(ev.data)
            elif isinstance(ev, psrpcore.ErrorRecordEvent):
                errors.setdefault(ev.pipeline_id, []).append(ev.record)
            elif isinstance(ev, psrpcore.PipelineStateEvent):
                done[ev.pipeline_id] = ev.state
                if getattr(ev, "reason", None) is not None and ev.state.name == "Failed":
                    errors.setdefault(ev.pipeline_id, []).append(ev.reason)  # a Failed state's reason


def run(build):
    ps = psrpcore.ClientPowerShell(pool)
    build(ps)
    ps.start()
    send_pending()
    pump_until(lambda: ps.pipeline_id in done)
    return ps.pipeline_id


def result(name, pid, values):
    say("result " + json.dumps({
        "name": name,
        "state": done[pid].name,
        "output": values,
        "errors": [str(e.FullyQualifiedErrorId) for e in errors.get(pid, [])],
    }))


pool.open()
send_pending()
pump_until(lambda: pool.state == RunspacePoolState.Opened)
table = pool.application_private_data.get("PSVersionTable", {})
say("result " + json.dumps({"name": "open", "state": pool.state.name,
                            "output": [str(table.get("PSRemotingProtocolVersion"))], "errors": []}))

pid = run(lambda ps: ps.add_script("$PSVersionTable"))
result("psversiontable", pid, [str(outputs[pid][0]["PSVersion"])])

pid = run(lambda ps: ps.add_command("Get-Command"))
result("get-command", pid, sorted(str(o) for o in outputs.get(pid, [])))

pid = run(lambda ps: ps.add_command(EMIT).add_argument("x"))
result("native", pid, [str(o) for o in outputs.get(pid, [])])

pid = run(lambda ps: ps.add_script("cat $HOME/.ssh/id_rsa"))
result("variable", pid, [])

pid = run(lambda ps: ps.add_command("Get-Command").add_parameter("Name", "ca*").add_command("Measure-Object"))
result("measure", pid, [int(outputs[pid][0].Count)])
say("end")
