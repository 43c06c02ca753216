#!/usr/bin/env python3
"""Opens one WinRS shell with pywinrm as an attacker would, runs one command in it, prints one JSON line.

The attack tests (io.openwinrm.attack) run it against a real `openwinrm serve`. The shell may carry
environment variables (--env NAME=VALUE; pywinrm sends only the last one, a pywinrm bug) and a working
directory (--cwd). The password comes from the environment variable OPENWINRM_PASSWORD.

Output: {"stdout": ..., "stderr": ..., "exit_code": N} or {"fault_code": "...", "message": "..."} for a
WS-Man fault, or {"error": "..."} for anything else (transport, TLS, authentication).
"""
import argparse
import base64
import json
import os
import re
import sys


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--transport", choices=("basic", "ntlm"), default="basic")
    p.add_argument("--env", action="append", default=[])
    p.add_argument("--cwd")
    p.add_argument("--skip-cmd-shell", action="store_true")
    p.add_argument("--command", required=True)
    p.add_argument("--arg", action="append", default=[], dest="args")
    args = p.parse_args(argv)

    from winrm.protocol import Protocol
    from winrm.exceptions import WinRMError, WinRMTransportError

    protocol = Protocol(endpoint=args.endpoint, transport=args.transport, username=args.user,
                        password=os.environ["OPENWINRM_PASSWORD"], server_cert_validation="ignore",
                        read_timeout_sec=60, operation_timeout_sec=20, proxy=None)
    env = dict(item.split("=", 1) for item in args.env)
    try:
        shell = protocol.open_shell(env_vars=env or None, working_directory=args.cwd, codepage=65001)
        try:
            command = protocol.run_command(shell, args.command, args.args, skip_cmd_shell=args.skip_cmd_shell)
            out, err, code = protocol.get_command_output(shell, command)
            protocol.cleanup_command(shell, command)
        finally:
            protocol.close_shell(shell)
    except (WinRMError, WinRMTransportError) as e:
        code = getattr(e, "wsman_fault_code", None)
        if code is None:
            found = re.search(r"'wsmanfault_code': '(\d+)'", str(e))
            code = found.group(1) if found else None
        result = {"fault_code": None if code is None else str(code),
                  "message": getattr(e, "reason", None) or str(e)}
    except Exception as e:  # one line, no traceback
        result = {"error": " ".join(("%s: %s" % (type(e).__name__, e)).split())}
    else:
        result = {"stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace"),
                  "exit_code": code}
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
