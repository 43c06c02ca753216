#!/usr/bin/env python3
"""Run one program through pypsrp's WinRS on a chosen resource URI and print the result as one JSON object.

pypsrp (PyPI) is the Python WinRM client that, like PowerShell's -ConfigurationName, lets the caller pick the
shell's resource URI: here it reaches OpenWinRM endpoints other than the default cmd shell.

    winrs.py --endpoint https://127.0.0.1:5986/wsman --user alice [--auth basic|ntlm|kerberos|credssp [--kerberos-hostname H]] [--ca-file server.pem]
             [--resource-uri URI] [--env NAME=VALUE ...] -- EXECUTABLE [ARG ...]

The password comes from OPENWINRM_PASSWORD. Output: {"rc", "stdout_b64", "stderr_b64"} when the command ran, or
{"error_type", "wsman_code", "message"} for a WS-Management fault (exit status 0 in both cases: the scenario ran);
exit 1 with {"error"} for transport or authentication errors, 2 for usage errors.
"""

import argparse
import base64
import json
import os
import sys
from urllib.parse import urlparse

CMD_SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd"


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def parse(argv):
    p = argparse.ArgumentParser(prog="winrs.py")
    p.add_argument("--endpoint", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--auth", choices=("basic", "ntlm", "kerberos", "credssp"), default="basic")
    p.add_argument("--kerberos-hostname", help="kerberos: the host of the service principal HTTP/<host>")
    p.add_argument("--ca-file")
    p.add_argument("--resource-uri", default=CMD_SHELL)
    p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("command", nargs="+")
    return p.parse_args(argv)


def main(argv):
    try:
        args = parse(argv)
    except SystemExit:
        emit({"error": "usage"})
        return 2
    password = os.environ.get("OPENWINRM_PASSWORD")
    if password is None and args.auth != "kerberos":
        emit({"error": "OPENWINRM_PASSWORD is not set"})
        return 2
    env = dict(e.split("=", 1) for e in args.env) or None
    url = urlparse(args.endpoint)
    from pypsrp.exceptions import WSManFaultError
    from pypsrp.shell import Process, WinRS
    from pypsrp.wsman import WSMan
    try:
        kerberos = {}
        if args.auth == "kerberos":  # the ticket comes from KRB5CCNAME; the service is HTTP/<host>, not WSMAN/<host>
            kerberos = {"negotiate_service": "HTTP", "negotiate_hostname_override": args.kerberos_hostname}
        wsman = WSMan(url.hostname, port=url.port, path=url.path.lstrip("/"), ssl=url.scheme == "https",
                      username=args.user, password=password, auth=args.auth,
                      cert_validation=args.ca_file if args.ca_file else True, **kerberos)
        with wsman, WinRS(wsman, resource_uri=args.resource_uri, environment=env) as shell:
            process = Process(shell, args.command[0], args.command[1:])
            process.invoke()
            emit({"rc": process.rc, "stdout_b64": base64.b64encode(process.stdout).decode(),
                  "stderr_b64": base64.b64encode(process.stderr).decode()})
        return 0
    except WSManFaultError as e:
        emit({"error_type": type(e).__name__, "wsman_code": str(e.code), "message": str(e.reason or e)})
        return 0
    except Exception as e:  # transport, TLS, authentication: one line, no traceback
        emit({"error": " ".join(("%s: %s" % (type(e).__name__, e)).split()), "error_type": type(e).__name__})
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
