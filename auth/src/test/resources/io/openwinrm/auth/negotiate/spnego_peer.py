"""pyspnego peer for NegotiateInteropTest: one context, driven line by line over stdin/stdout.

argv: role (client|server) protocol (ntlm|negotiate) [user password [cbt-hex]]
commands (base64 arguments): step <tok|-> ; wrap <data> ; unwrap <header> <data> ; quit
replies: "ok <b64|-> <complete 0|1>" for step, "ok <header> <data>" for wrap, "ok <data>" for unwrap,
"err <message>" on an exception.
"""
import base64
import sys

import spnego
from spnego.channel_bindings import GssChannelBindings


def b64(b):
    return base64.b64encode(b).decode() if b else "-"


def unb64(s):
    return b"" if s == "-" else base64.b64decode(s)


def main():
    role, protocol = sys.argv[1], sys.argv[2]
    if role == "client":
        cbt = None
        if len(sys.argv) > 5:
            cbt = GssChannelBindings(application_data=b"tls-server-end-point:" + bytes.fromhex(sys.argv[5]))
        ctx = spnego.client(sys.argv[3], sys.argv[4], hostname="server", protocol=protocol, channel_bindings=cbt)
    else:
        ctx = spnego.server(protocol=protocol)
    print("ready", flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        try:
            if parts[0] == "quit":
                return
            if parts[0] == "step":
                token = unb64(parts[1])
                out = ctx.step(token if token else None)
                print("ok", b64(out), 1 if ctx.complete else 0, flush=True)
            elif parts[0] == "wrap":
                res = ctx.wrap_winrm(unb64(parts[1]))
                print("ok", b64(res.header), b64(res.data), flush=True)
            elif parts[0] == "unwrap":
                print("ok", b64(ctx.unwrap_winrm(unb64(parts[1]), unb64(parts[2]))), flush=True)
            else:
                print("err unknown command", flush=True)
        except Exception as e:  # reported to the test, which fails with it
            print("err", type(e).__name__, str(e).replace("\n", " "), flush=True)


if __name__ == "__main__":
    main()
