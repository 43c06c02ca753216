"""pypsrp 0.9.1's message codec against OpenWinRM's restricted engine (test helper, not shipped).

Usage: pypsrp_codec.py RPID PID   with pypsrp importable.
Prints, one per line, the base64 of the messages pypsrp's RunspacePool.open and PowerShell.invoke would send
(SESSION_CAPABILITY, INIT_RUNSPACEPOOL, then CREATE_PIPELINE for
add_cmdlet("Get-Command").add_parameter("Name", ["ca*", "emit*"]).add_parameter("Syntax") | add_cmdlet("Select-Object")
.add_parameter("First", 1)), then "--". Then reads base64 server messages, one per line, unpacks each with pypsrp and
prints "TYPE detail" for each.
"""
import base64
import sys

from pypsrp.complex_objects import (ApartmentState, Command, CommandParameter, HostInfo, Pipeline, PSThreadOptions,
                                    RemoteStreamOptions)
from pypsrp.messages import (CreatePipeline, Destination, InitRunspacePool, Message, SessionCapability)
from pypsrp.serializer import Serializer

rpid, pid = sys.argv[1], sys.argv[2]
s = Serializer()


def emit(data, pipeline=None):
    print(base64.b64encode(Message(Destination.SERVER, rpid, pipeline, data, s).pack()).decode())


emit(SessionCapability("2.3", "2.0", "1.1.0.1"))
emit(InitRunspacePool(1, 1, PSThreadOptions(value=0), ApartmentState(value=2), HostInfo(host=None), None))
get = Command("Get-Command", protocol_version="2.3", is_script=False, use_local_scope=None)
get.args.append(CommandParameter(name="Name", value=["ca*", "emit*"]))
get.args.append(CommandParameter(name="Syntax", value=None))
select = Command("Select-Object", protocol_version="2.3", is_script=False, use_local_scope=None)
select.args.append(CommandParameter(name="First", value=1))
pipeline = Pipeline(is_nested=False, cmds=[get, select], history=None, redirect_err_to_out=False)
emit(CreatePipeline(True, ApartmentState(value=2), RemoteStreamOptions(value=0), False, HostInfo(host=None),
                    pipeline, False), pid)
print("--")
sys.stdout.flush()

for line in sys.stdin:
    if not line.strip():
        continue
    m = Message.unpack(base64.b64decode(line), s)
    d = m.data
    name = type(d).__name__
    if name == "PipelineOutput":
        detail = str(d.data)
    elif name == "ErrorRecordMessage":
        detail = d.fq_error
    elif name == "PipelineState":
        detail = str(d.state) + ("/" + d.error_record.fq_error if d.error_record is not None else "")
    elif name == "RunspacePoolStateMessage":
        detail = str(d.state)
    elif name == "ApplicationPrivateData":
        detail = str(d.data["PSVersionTable"]["PSRemotingProtocolVersion"])
    elif name == "SessionCapability":
        detail = d.protocol_version
    else:
        detail = ""
    print(name + " " + detail)
