#!/usr/bin/env python3
"""Drive a PowerShell endpoint with pypsrp's RunspacePool and PowerShell (PSRP over WS-Man) and print one JSON object.

    psrp.py --endpoint https://127.0.0.1:5986/wsman --user alice [--ca-file server.pem]
            [--auth basic|ntlm] [--configuration-name Microsoft.PowerShell] SCENARIO [ARG ...]

Over http:// with NTLM, pypsrp seals every message (encryption="auto").

Scenarios:
  roundtrip            Write-Output of a set of values of many types: {"same": bool, "sent": [...], "got": [...]}
  version              $PSVersionTable as a script: {"table": {...}}
  cmdlet NAME [P=V..]  add_cmdlet(NAME).add_parameter(P, V)...: {"output": [...], "had_errors", "errors": [...]}
  script TEXT          add_script(TEXT): the same
  stop SECONDS         begin_invoke Start-Sleep SECONDS, stop() after 1 s: {"state", "elapsed"}
  stop-script TEXT     begin_invoke add_script(TEXT), stop() after 1 s: the same
  pool                 open a pool, print {"shell_id"} and the stand-in's pid file content, run Get-Date, close
  hold [TEXT]          open a pool and print {"shell_id"} on its own line, then wait for a line on stdin, run
                       TEXT as a script (else Get-Date): {"output"}; close
  list                 RunspacePool.get_runspace_pools: {"pools": [ids]}
  reconnect [TEXT]     disconnect, connect, then a pipeline (TEXT as a script, else Write-Output): {"output"}
  connect-new [A [B]]  a pipeline (script A) started, the pool disconnected; a second client connects to both and
                       runs another (script B): {"found", "output"}

The password comes from OPENWINRM_PASSWORD. WS-Man faults give {"error_type", "wsman_code", "message"} (exit 0);
transport errors {"error"} (exit 1).
"""

import argparse
import json
import os
import sys
import time
from urllib.parse import urlparse


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":"), default=str) + "\n")
    sys.stdout.flush()


def plain(value):
    """A JSON-able view of a deserialized object."""
    from pypsrp.complex_objects import GenericComplexObject
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, GenericComplexObject):
        if value.property_sets:
            return [plain(v) for v in value.property_sets]
        if value.adapted_properties or value.extended_properties:
            d = {}
            d.update({k: plain(v) for k, v in value.adapted_properties.items()})
            d.update({k: plain(v) for k, v in value.extended_properties.items()})
            return d
        return str(value)
    return str(value)


STATES = {0: "NotStarted", 1: "Running", 2: "Stopping", 3: "Stopped", 4: "Completed", 5: "Failed",
          6: "Disconnected"}


def state_name(state):
    return STATES.get(state, str(state))


def errors(ps):
    return [str(e) for e in ps.streams.error]


def run(pool, args):
    from pypsrp.powershell import PowerShell, PSInvocationState
    if args.scenario == "roundtrip":
        sent = ["hello", "", "ünïcödé ☃ 😀", "_x0041_ literal", "line1\nline2\ttab", 0, -42, 2 ** 31 - 1, True, False,
                3.5, ["a", 1, "b"], {"key": "value", "n": 7}]
        ps = PowerShell(pool)
        ps.add_cmdlet("Write-Output").add_parameter("InputObject", sent)
        got = ps.invoke()
        flat = []
        for v in sent:
            flat.append(v)
        return {"same": [plain(g) for g in got] == [plain(s) for s in flat], "sent": [plain(s) for s in flat],
                "got": [plain(g) for g in got], "had_errors": ps.had_errors, "errors": errors(ps)}
    if args.scenario == "version":
        ps = PowerShell(pool)
        ps.add_script("$PSVersionTable")
        out = ps.invoke()
        table = out[0] if out else {}
        version = table.get("PSVersion") if isinstance(table, dict) else None
        # a real pwsh sends PSVersion as a SemanticVersion object: its ToString is the version
        return {"table": plain(table), "ps_version": str(version), "had_errors": ps.had_errors}
    if args.scenario in ("cmdlet", "script"):
        ps = PowerShell(pool)
        if args.scenario == "cmdlet":
            ps.add_cmdlet(args.args[0])
            for p in args.args[1:]:
                name, value = p.split("=", 1)
                ps.add_parameter(name, int(value) if value.lstrip("-").isdigit() else value)
        else:
            ps.add_script(args.args[0])
        out = ps.invoke()
        state = ps.state
        ps.close()
        return {"output": [plain(o) for o in out], "had_errors": ps.had_errors, "errors": errors(ps),
                "state": state_name(state)}
    if args.scenario == "stop":
        ps = PowerShell(pool)
        ps.add_cmdlet("Start-Sleep").add_parameter("Seconds", int(args.args[0]))
        start = time.monotonic()
        ps.begin_invoke()
        time.sleep(1)
        ps.stop()
        return {"state": state_name(ps.state), "elapsed": time.monotonic() - start,
                "stopped": ps.state == PSInvocationState.STOPPED}
    if args.scenario == "big-input":
        big = "".join(chr(0x41 + i % 26) for i in range(int(args.args[0])))
        ps = PowerShell(pool)
        ps.add_cmdlet("Write-Output").add_parameter("InputObject", big)
        out = ps.invoke()
        return {"same": out == [big], "length": len(out[0]) if out else 0, "had_errors": ps.had_errors}
    if args.scenario == "input":
        ps = PowerShell(pool)
        ps.add_cmdlet("Write-Output")
        out = ps.invoke(input=["first", 2, {"third": 3}])
        return {"output": [plain(o) for o in out], "had_errors": ps.had_errors}
    if args.scenario == "lines":
        ps = PowerShell(pool)
        ps.add_script("__lines__ %s" % args.args[0])
        out = ps.invoke()
        lines = out[1:]
        return {"count": len(lines), "big": len(out[0]) if out else 0,
                "in_order": all(str(x).startswith("%06d " % i) for i, x in enumerate(lines)),
                "had_errors": ps.had_errors}
    if args.scenario == "read-host":
        ps = PowerShell(pool)
        ps.add_cmdlet("Read-Host")
        out = ps.invoke()
        return {"output": [plain(o) for o in out], "had_errors": ps.had_errors, "errors": errors(ps)}
    if args.scenario == "reconnect":
        pool.disconnect()
        time.sleep(1)
        pool.connect()
        ps = PowerShell(pool)
        if args.args:
            ps.add_script(args.args[0])
        else:
            ps.add_cmdlet("Write-Output").add_parameter("InputObject", "after reconnect")
        return {"output": [plain(o) for o in ps.invoke()]}
    if args.scenario == "stop-script":
        ps = PowerShell(pool)
        ps.add_script(args.args[0])
        start = time.monotonic()
        ps.begin_invoke()
        time.sleep(1)
        ps.stop()
        return {"state": state_name(ps.state), "elapsed": time.monotonic() - start,
                "stopped": ps.state == PSInvocationState.STOPPED}
    if args.scenario == "hold":
        emit({"shell_id": str(pool.id).upper()})
        sys.stdin.readline()
        ps = PowerShell(pool)
        if args.args:
            ps.add_script(args.args[0])
        else:
            ps.add_cmdlet("Get-Date")
        out = ps.invoke()
        return {"output": [plain(o) for o in out]}
    raise SystemExit("unknown scenario " + args.scenario)


RSP = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
PS = "http://schemas.microsoft.com/powershell/"


def fault_code(call):
    from pypsrp.exceptions import WSManFaultError
    try:
        call()
        return "none"
    except WSManFaultError as e:
        return str(e.code)


def receive_body(command_id=None):
    import xml.etree.ElementTree as ET
    body = ET.Element("{%s}Receive" % RSP)
    stream = ET.SubElement(body, "{%s}DesiredStream" % RSP)
    stream.text = "stdout"
    if command_id:
        stream.attrib["CommandId"] = command_id
    return body


def selectors(shell_id):
    from pypsrp.wsman import SelectorSet
    s = SelectorSet()
    s.add_option("ShellId", shell_id)
    return s


def steal(wsman, args):
    """Another user's Receive on a pool it does not own."""
    from pypsrp.exceptions import WSManFaultError
    try:
        wsman.receive(PS + args.configuration_name, receive_body(), selector_set=selectors(args.args[0]))
        return {"stolen": True}
    except WSManFaultError as e:
        return {"error_type": type(e).__name__, "wsman_code": str(e.code), "message": str(e.reason or e)}


def raw(wsman, args):
    """Hostile input through WS-Man: bad fragments, an unknown pipeline, a Create without or with a wrong
    protocolversion; then the same pool still works."""
    import base64
    import uuid
    import xml.etree.ElementTree as ET
    from pypsrp.powershell import PowerShell, RunspacePool
    from pypsrp.wsman import OptionSet
    uri = PS + args.configuration_name
    result = {}
    with RunspacePool(wsman, configuration_name=args.configuration_name) as pool:
        ss = selectors(str(pool.id).upper())
        send = ET.Element("{%s}Send" % RSP)
        stream = ET.SubElement(send, "{%s}Stream" % RSP, Name="stdin")
        stream.text = base64.b64encode(b"\x00\x00\x00\x00\x00\x00\x00\x09garbage").decode()
        result["bad_fragments"] = fault_code(lambda: wsman.send(uri, send, selector_set=ss))
        result["unknown_pipeline"] = fault_code(lambda: wsman.receive(
            uri, receive_body(str(uuid.uuid4()).upper()), selector_set=ss))
        ps = PowerShell(pool)
        ps.add_cmdlet("Write-Output").add_parameter("InputObject", "still here")
        result["still_works"] = ps.invoke() == ["still here"]

    def create(version):
        shell = ET.Element("{%s}Shell" % RSP, ShellId=str(uuid.uuid4()).upper())
        ET.SubElement(shell, "{%s}InputStreams" % RSP).text = "stdin pr"
        ET.SubElement(shell, "{%s}OutputStreams" % RSP).text = "stdout"
        xml = ET.SubElement(shell, "{http://schemas.microsoft.com/powershell}creationXml")
        xml.text = base64.b64encode(b"\x00" * 21).decode()
        options = OptionSet()
        if version is not None:
            options.add_option("protocolversion", version, {"MustComply": "true"})
        return lambda: wsman.create(uri, shell, option_set=options)
    result["no_protocolversion"] = fault_code(create(None))
    result["bad_protocolversion"] = fault_code(create("3.0"))
    return result


def answering_host():
    """A host whose ReadLine answers "typed by the host" (Read-Host's host call, answered on the pr stream)."""
    from pypsrp.host import PSHost, PSHostUserInterface

    class Ui(PSHostUserInterface):
        def ReadLine(self, runspace, pipeline):
            return "typed by the host"

    return PSHost(None, None, False, "psrp.py", None, Ui(), "1.0")


def connect_new(first, args):
    """A pipeline started by one client, its pool disconnected; a second client (another WS-Man session) finds
    the pool, connects to it and to the pipeline, gets the output buffered meanwhile and runs a new pipeline."""
    from pypsrp.powershell import PowerShell, RunspacePool
    from pypsrp.wsman import WSMan
    pool = RunspacePool(first, configuration_name=args.configuration_name)
    pool.open()
    ps = PowerShell(pool)
    if args.args:  # a script of the caller's choice (a restricted endpoint has no Write-Output)
        ps.add_script(args.args[0])
    else:
        ps.add_cmdlet("Write-Output").add_parameter("InputObject", "buffered while disconnected")
    ps.begin_invoke()
    pool.disconnect()
    pool_id = str(pool.id).upper()
    second = WSMan(first.transport.server, port=first.transport.port, path=first.transport.path,
                   ssl=first.transport.ssl, username=first.transport.username, password=first.transport.password,
                   auth="basic", cert_validation=first.transport.cert_validation, operation_timeout=20)
    with second:
        found = [p for p in RunspacePool.get_runspace_pools(second) if str(p.id).upper() == pool_id]
        if not found:
            return {"found": False}
        other = found[0]
        # pypsrp 0.9.1's get_runspace_pools gives every pool the default configuration (Microsoft.PowerShell),
        # whatever ResourceUri the enumeration reported; a pool of another endpoint is reached on its own URI
        other.configuration_name = args.configuration_name
        other.shell.resource_uri = PS + args.configuration_name
        other.connect()
        outputs = []
        for pipeline in other.create_disconnected_power_shells():
            outputs.extend(plain(o) for o in pipeline.connect())
        fresh = PowerShell(other)
        if len(args.args) > 1:
            fresh.add_script(args.args[1])
        else:
            fresh.add_cmdlet("Write-Output").add_parameter("InputObject", "from the second client")
        outputs.extend(plain(o) for o in fresh.invoke())
        other.close()
        return {"found": True, "output": outputs}


def main(argv):
    p = argparse.ArgumentParser(prog="psrp.py")
    p.add_argument("--endpoint", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--ca-file")
    p.add_argument("--auth", choices=("basic", "ntlm"), default="basic")
    p.add_argument("--configuration-name", default="Microsoft.PowerShell")
    p.add_argument("--operation-timeout", type=int, default=20)
    p.add_argument("scenario")
    p.add_argument("args", nargs="*")
    args = p.parse_args(argv)
    password = os.environ.get("OPENWINRM_PASSWORD")
    url = urlparse(args.endpoint)
    from pypsrp.exceptions import WSManFaultError
    from pypsrp.powershell import RunspacePool
    from pypsrp.wsman import WSMan
    try:
        wsman = WSMan(url.hostname, port=url.port, path=url.path.lstrip("/"), ssl=url.scheme == "https",
                      username=args.user, password=password, auth=args.auth,
                      cert_validation=args.ca_file if args.ca_file else True,
                      operation_timeout=args.operation_timeout, encryption="auto")
        with wsman:
            if args.scenario == "list":
                pools = RunspacePool.get_runspace_pools(wsman)
                emit({"pools": [str(x.id).upper() for x in pools]})
                return 0
            if args.scenario == "steal":
                emit(steal(wsman, args))
                return 0
            if args.scenario == "connect-new":
                emit(connect_new(wsman, args))
                return 0
            if args.scenario == "raw":
                emit(raw(wsman, args))
                return 0
            host = answering_host() if args.scenario == "read-host" else None
            with RunspacePool(wsman, configuration_name=args.configuration_name, host=host) as pool:
                emit(run(pool, args))
        return 0
    except WSManFaultError as e:
        emit({"error_type": type(e).__name__, "wsman_code": str(e.code), "message": str(e.reason or e)})
        return 0
    except Exception as e:
        emit({"error": " ".join(("%s: %s" % (type(e).__name__, e)).split()), "error_type": type(e).__name__})
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
