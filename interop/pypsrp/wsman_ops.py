#!/usr/bin/env python3
"""Drive pypsrp's generic WS-Management calls against a server and print what it saw as one JSON object.

    wsman_ops.py --endpoint https://127.0.0.1:5986/wsman --user alice [--auth basic|ntlm] [--ca-file server.pem]
                 [--shells N]

With the password from OPENWINRM_PASSWORD it
  1. calls WSMan.update_max_payload_size(), which reads MaxEnvelopeSizekb from a Get of the configuration
     resource, and reports the max_envelope_size pypsrp derived from it;
  2. opens N cmd shells (default 3) and starts one long command in the first;
  3. enumerates the shells with pypsrp's WSMan.enumerate without OptimizeEnumeration and pulls them one at a time
     with WSMan.pull, then does an optimized enumeration with MaxElements 1 followed by one Release;
  4. enumerates the first shell's commands with the ShellId selector filter (as pypsrp's newer WinRS does).
Output: {"max_envelope_size", "shells", "enumerate_items", "pulled", "pull_count", "optimized_items",
"optimized_end", "released", "commands", "first_command"}; {"error_type", "wsman_code", "message"} for a
WS-Management fault; exit 1 with {"error"} for other errors.
"""

import argparse
import json
import os
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
SELECTOR_FILTER = "http://schemas.dmtf.org/wbem/wsman/1/wsman/SelectorFilter"
RELEASE = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release"


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main(argv):
    p = argparse.ArgumentParser(prog="wsman_ops.py")
    p.add_argument("--endpoint", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--auth", choices=("basic", "ntlm"), default="basic")
    p.add_argument("--ca-file")
    p.add_argument("--shells", type=int, default=3)
    try:
        args = p.parse_args(argv)
    except SystemExit:
        emit({"error": "usage"})
        return 2
    password = os.environ.get("OPENWINRM_PASSWORD")
    if password is None:
        emit({"error": "OPENWINRM_PASSWORD is not set"})
        return 2
    url = urlparse(args.endpoint)
    from pypsrp.exceptions import WSManFaultError
    from pypsrp.shell import Process, WinRS
    from pypsrp.wsman import NAMESPACES, WSMan
    wsen, wsman_ns, rsp = NAMESPACES["wsen"], NAMESPACES["wsman"], NAMESPACES["rsp"]

    def ids(parent, tag):
        return [] if parent is None else [e.text for e in parent.findall("rsp:%s/rsp:%sId" % (tag, tag), NAMESPACES)]

    out = {}
    shells = []
    try:
        wsman = WSMan(url.hostname, port=url.port, path=url.path.lstrip("/"), ssl=url.scheme == "https",
                      username=args.user, password=password, auth=args.auth,
                      cert_validation=args.ca_file if args.ca_file else True)
        with wsman:
            wsman.update_max_payload_size()
            out["max_envelope_size"] = wsman.max_envelope_size
            for _ in range(args.shells):
                shell = WinRS(wsman)
                shell.open()
                shells.append(shell)
            out["shells"] = [s.id for s in shells]
            process = Process(shells[0], "sleep", ["30"])
            process.begin_invoke()
            out["first_command"] = process.id

            enum = ET.Element("{%s}Enumerate" % wsen)
            body = wsman.enumerate(SHELL, enum)
            response = body.find("wsen:EnumerateResponse", NAMESPACES)
            context = response.find("wsen:EnumerationContext", NAMESPACES).text
            out["enumerate_items"] = len(response.findall("wsman:Items/rsp:Shell", NAMESPACES))
            pulled = []
            count = 0
            while context:
                pull = ET.Element("{%s}Pull" % wsen)
                ET.SubElement(pull, "{%s}EnumerationContext" % wsen).text = context
                ET.SubElement(pull, "{%s}MaxElements" % wsen).text = "1"
                body = wsman.pull(SHELL, pull)
                count += 1
                pr = body.find("wsen:PullResponse", NAMESPACES)
                pulled += ids(pr.find("wsen:Items", NAMESPACES), "Shell")
                end = pr.find("wsen:EndOfSequence", NAMESPACES) is not None
                nxt = pr.find("wsen:EnumerationContext", NAMESPACES)
                context = None if end else (nxt.text if nxt is not None else None)
                if count > 100:
                    raise RuntimeError("pull never ended")
            out["pulled"] = pulled
            out["pull_count"] = count

            enum = ET.Element("{%s}Enumerate" % wsen)
            ET.SubElement(enum, "{%s}OptimizeEnumeration" % wsman_ns)
            ET.SubElement(enum, "{%s}MaxElements" % wsman_ns).text = "1"
            response = wsman.enumerate(SHELL, enum).find("wsen:EnumerateResponse", NAMESPACES)
            out["optimized_items"] = ids(response.find("wsman:Items", NAMESPACES), "Shell")
            out["optimized_end"] = response.find("wsman:EndOfSequence", NAMESPACES) is not None
            release = ET.Element("{%s}Release" % wsen)
            ET.SubElement(release, "{%s}EnumerationContext" % wsen).text = \
                response.find("wsen:EnumerationContext", NAMESPACES).text
            wsman.invoke(RELEASE, SHELL, release)
            out["released"] = True

            enum = ET.Element("{%s}Enumerate" % wsen)
            ET.SubElement(enum, "{%s}OptimizeEnumeration" % wsman_ns)
            ET.SubElement(enum, "{%s}MaxElements" % wsman_ns).text = "32000"
            flt = ET.SubElement(enum, "{%s}Filter" % wsman_ns, Dialect=SELECTOR_FILTER)
            sset = ET.SubElement(flt, "{%s}SelectorSet" % wsman_ns)
            ET.SubElement(sset, "{%s}Selector" % wsman_ns, Name="ShellId").text = shells[0].id
            response = wsman.enumerate(SHELL, enum).find("wsen:EnumerateResponse", NAMESPACES)
            out["commands"] = ids(response.find("wsman:Items", NAMESPACES), "Command")
            for shell in shells:
                shell.close()
        emit(out)
        return 0
    except WSManFaultError as e:
        emit({"error_type": type(e).__name__, "wsman_code": str(e.code), "message": str(e.reason or e)})
        return 0
    except Exception as e:  # transport, TLS, authentication: one line, no traceback
        emit({"error": " ".join(("%s: %s" % (type(e).__name__, e)).split()), "error_type": type(e).__name__})
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
