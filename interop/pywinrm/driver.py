#!/usr/bin/env python3
"""Run one WinRM scenario with pywinrm and print the result as one JSON object on stdout.

The Python half of the OpenWinRM interop drivers; interop/go-driver/main.go has the same
command-line contract (see interop/README.md):

    driver.py --endpoint https://127.0.0.1:5986/wsman --user alice [--transport basic|ntlm|certificate|kerberos|credssp]
              [--kerberos-hostname HOST] [--kerberos-delegation]
              [--cert-pem client.crt --key-pem client.key] [--message-encryption auto|always|never]
              [--no-channel-binding]
              [--insecure | --ca-file server.pem] [--codepage 437] [--operation-timeout SECONDS]
              run --command CMD [--arg A ...] [--stdin-file F [--send-all-first]] [--skip-cmd-shell] [--no-data]
              terminate --command CMD --after-seconds S [--wait-seconds W]
              fault --shell-id BOGUS [--via receive|command]

The password comes from the environment variable OPENWINRM_PASSWORD (not needed for
--transport certificate, which authenticates with the TLS client certificate and the
Authorization header .../secprofile/https/mutual, [MS-WSMV] 3.1.4.1.30.2 / [DMTF DSP0226] C.3.4),
nor for --transport kerberos, which takes the ticket from the credential cache (KRB5CCNAME, KRB5_CONFIG)
and asks for HTTP/<--kerberos-hostname or the endpoint's host>; --user is then the principal.
--transport credssp delegates the password to the server ([MS-CSSP], through requests-credssp: TLS inside the
CredSSP tokens, NTLM inside that); messages are then sealed by that TLS session.
--message-encryption is pywinrm's own switch for NTLM, Kerberos and CredSSP message sealing
(multipart/encrypted, [MS-WSMV] 3.2.4.1.10): auto seals on http:// only. Exit status: 0 when the
scenario ran (whatever the remote exit code), 1 for transport or authentication errors (one JSON
line {"error": ...}), 2 for usage errors. Only pywinrm's public Protocol API is used; where the
installed pywinrm has no send_command_input (0.3.x), stdin goes out as an rsp:Send built here
and posted through Protocol.send_message ([MS-WSMV] 3.1.4.13).
"""

import argparse
import base64
import hashlib
import inspect
import json
import os
import re
import sys
import threading
import time
import uuid

PASSWORD_ENV = "OPENWINRM_PASSWORD"
# Transports whose authentication and sealing belong to the connection: one request at a time.
CONNECTION_BOUND = ("ntlm", "kerberos", "credssp")
EXIT_OK, EXIT_TRANSPORT, EXIT_USAGE = 0, 1, 2
# pywinrm's own defaults (Protocol.DEFAULT_OPERATION_TIMEOUT_SEC, open_shell(codepage=437)).
DEFAULT_OPERATION_TIMEOUT = 20
DEFAULT_CODEPAGE = 437
# OperationTimeout of the terminate scenario's Receives when messages are sealed and no timeout is given.
SEALED_POLL_TIMEOUT = 1
# Raw stdin bytes per rsp:Send; base64 of this stays well inside the 153600-byte MaxEnvelopeSize.
STDIN_CHUNK = 64 * 1024
SHELL_NS = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell"
RESOURCE_URI_CMD = SHELL_NS + "/cmd"


class UsageError(Exception):
    """A mistake in the command line; ends the driver with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError("%s: %s" % (self.prog, message))


def build_parser():
    p = _Parser(prog="driver.py", description="pywinrm interop driver")
    p.add_argument("--endpoint", required=True, help="https://127.0.0.1:PORT/wsman")
    p.add_argument("--user", required=True)
    p.add_argument("--transport", choices=("basic", "ntlm", "certificate", "kerberos", "credssp"), default="basic")
    p.add_argument("--kerberos-hostname", help="kerberos: the host of the service principal HTTP/<host>")
    p.add_argument("--kerberos-delegation", action="store_true", help="kerberos: forward the TGT")
    p.add_argument("--cert-pem", help="client certificate (PEM) for --transport certificate")
    p.add_argument("--key-pem", help="private key (PEM) of --cert-pem")
    p.add_argument("--message-encryption", choices=("auto", "always", "never"), default="auto",
                   help="NTLM message sealing: auto = on http:// only")
    p.add_argument("--no-channel-binding", action="store_true",
                   help="NTLM: do not send the tls-server-end-point channel binding (send_cbt=False)")
    trust = p.add_mutually_exclusive_group()
    trust.add_argument("--insecure", action="store_true", help="do not verify the server certificate")
    trust.add_argument("--ca-file", help="PEM file with the certificate(s) to trust")
    p.add_argument("--codepage", type=int, default=DEFAULT_CODEPAGE)
    p.add_argument("--operation-timeout", type=int, help="WS-Man OperationTimeout in seconds")
    sub = p.add_subparsers(dest="scenario", metavar="{run,terminate,fault}", parser_class=_Parser)
    sub.required = True

    run = sub.add_parser("run", help="run a command and collect its output")
    run.add_argument("--command", required=True)
    run.add_argument("--arg", action="append", default=[], dest="args")
    run.add_argument("--stdin-file")
    run.add_argument("--send-all-first", action="store_true",
                     help="send all of --stdin-file with send_command_input before the first Receive")
    run.add_argument("--skip-cmd-shell", action="store_true")
    run.add_argument("--no-data", action="store_true", help="omit stdout_b64 and stderr_b64")

    term = sub.add_parser("terminate", help="start a command, then Signal terminate")
    term.add_argument("--command", required=True)
    term.add_argument("--after-seconds", type=float, required=True)
    term.add_argument("--wait-seconds", type=float, default=30.0)

    fault = sub.add_parser("fault", help="send a request on a shell id the server does not know")
    fault.add_argument("--shell-id", required=True)
    fault.add_argument("--via", choices=("receive", "command"), default="receive")
    return p


def parse_args(argv):
    args = build_parser().parse_args(argv)
    if args.operation_timeout is not None and args.operation_timeout < 1:
        raise UsageError("--operation-timeout must be at least 1 second")
    if not args.endpoint.startswith(("http://", "https://")):
        raise UsageError("--endpoint must be an http:// or https:// URL, not %r" % args.endpoint)
    if args.ca_file is not None and not os.path.isfile(args.ca_file):
        raise UsageError("--ca-file: no such file: %s" % args.ca_file)
    if getattr(args, "stdin_file", None) is not None and not os.path.isfile(args.stdin_file):
        raise UsageError("--stdin-file: no such file: %s" % args.stdin_file)
    if getattr(args, "send_all_first", False) and args.stdin_file is None:
        raise UsageError("--send-all-first needs --stdin-file")
    if getattr(args, "after_seconds", 0) < 0:
        raise UsageError("--after-seconds must not be negative")
    if args.transport == "certificate":
        if args.cert_pem is None or args.key_pem is None:
            raise UsageError("--transport certificate needs --cert-pem and --key-pem")
        for option, path in (("--cert-pem", args.cert_pem), ("--key-pem", args.key_pem)):
            if not os.path.isfile(path):
                raise UsageError("%s: no such file: %s" % (option, path))
    elif args.cert_pem is not None or args.key_pem is not None:
        raise UsageError("--cert-pem/--key-pem need --transport certificate")
    if args.transport not in ("ntlm", "kerberos") and args.no_channel_binding:
        raise UsageError("--no-channel-binding needs --transport ntlm or kerberos")
    if args.transport != "kerberos" and (args.kerberos_hostname is not None or args.kerberos_delegation):
        raise UsageError("--kerberos-hostname/--kerberos-delegation need --transport kerberos")
    if args.transport not in ("certificate", "kerberos") and PASSWORD_ENV not in os.environ:
        raise UsageError("the password must be given in the environment variable %s" % PASSWORD_ENV)
    return args


def sealed(args):
    """Whether pywinrm will seal (encrypt) messages: NTLM, Kerberos or CredSSP with message_encryption always, or
    auto on http://."""
    return args.transport in CONNECTION_BOUND and (args.message_encryption == "always" or (
        args.message_encryption == "auto" and args.endpoint.lower().startswith("http://")))


def make_protocol(args):
    from winrm.protocol import Protocol

    op_timeout = args.operation_timeout
    if op_timeout is None:
        # Sealed terminate polls with one request at a time (see scenario_terminate): short Receives
        # let the Signal go out on time.
        op_timeout = SEALED_POLL_TIMEOUT if args.scenario == "terminate" and sealed(args) else DEFAULT_OPERATION_TIMEOUT
    if args.insecure:
        validation, ca_trust_path = "ignore", None
    else:
        # An explicit path wins over REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE; None means the system store.
        validation, ca_trust_path = "validate", args.ca_file
    kwargs = dict(
        endpoint=args.endpoint,
        transport=args.transport,
        username=args.user,
        password=os.environ.get(PASSWORD_ENV),
        server_cert_validation=validation,
        ca_trust_path=ca_trust_path,
        # The HTTP read timeout must outlast a Receive the server holds for a whole OperationTimeout.
        read_timeout_sec=op_timeout + 30,
        operation_timeout_sec=op_timeout,
        message_encryption=args.message_encryption,
    )
    if args.transport == "certificate":
        kwargs.update(cert_pem=args.cert_pem, cert_key_pem=args.key_pem)
    if args.no_channel_binding:
        kwargs["send_cbt"] = False
    if args.transport == "kerberos":
        kwargs.update(password=None, kerberos_hostname_override=args.kerberos_hostname,
                      kerberos_delegation=args.kerberos_delegation)
    if "proxy" in inspect.signature(Protocol.__init__).parameters:
        kwargs["proxy"] = None  # pywinrm >= 0.4.2; older ones read proxies from the environment
    return Protocol(**kwargs)


def receive_raw(protocol, shell_id, command_id):
    """One Receive; the public name since pywinrm 0.4.3, the private one before."""
    raw = getattr(protocol, "get_command_output_raw", None) or protocol._raw_get_command_output
    return raw(shell_id, command_id)


def send_stdin(protocol, shell_id, command_id, data, end):
    """Send one rsp:Send with stdin bytes ([MS-WSMV] 3.1.4.13)."""
    if hasattr(protocol, "send_command_input"):
        protocol.send_command_input(shell_id, command_id, data, end=end)
        return
    import xmltodict  # pywinrm 0.3.x: same message, built by hand

    header = getattr(protocol, "build_wsman_header", None) or protocol._get_soap_header
    req = {"env:Envelope": header(resource_uri=RESOURCE_URI_CMD, action=SHELL_NS + "/Send", shell_id=shell_id)}
    stream = req["env:Envelope"].setdefault("env:Body", {}).setdefault("rsp:Send", {}).setdefault("rsp:Stream", {})
    stream["@Name"] = "stdin"
    stream["@CommandId"] = command_id
    stream["@End"] = "true" if end else "false"
    stream["#text"] = base64.b64encode(data).decode("ascii")
    protocol.send_message(xmltodict.unparse(req))


class StreamSink:
    """Counts and hashes one output stream, and keeps its bytes unless told not to."""

    def __init__(self, keep):
        self.length = 0
        self.sha = hashlib.sha256()
        self.chunks = [] if keep else None

    def add(self, data):
        if data:
            self.length += len(data)
            self.sha.update(data)
            if self.chunks is not None:
                self.chunks.append(data)

    def fields(self, name):
        out = {name + "_len": self.length, name + "_sha256": self.sha.hexdigest()}
        if self.chunks is not None:
            out[name + "_b64"] = base64.b64encode(b"".join(self.chunks)).decode("ascii")
        return out


def receive_until_done(protocol, shell_id, command_id, out, err, stop=None):
    """Loop over Receive ([MS-WSMV] 3.1.4.14), retrying the TimedOut fault, until CommandState Done."""
    from winrm.exceptions import WinRMOperationTimeoutError

    while stop is None or not stop.is_set():
        try:
            stdout, stderr, code, done = receive_raw(protocol, shell_id, command_id)
        except WinRMOperationTimeoutError:
            continue
        out.add(stdout)
        err.add(stderr)
        if done:
            return code
    return None


def scenario_run(args, protocol):
    start = time.monotonic()
    shell_id = protocol.open_shell(codepage=args.codepage)
    closed = False
    try:
        command_id = protocol.run_command(shell_id, args.command, args.args, skip_cmd_shell=args.skip_cmd_shell)
        out, err = StreamSink(not args.no_data), StreamSink(not args.no_data)
        sender, send_error = None, []
        if args.stdin_file is not None:
            def pump():
                try:
                    with open(args.stdin_file, "rb") as f:
                        chunk = f.read(STDIN_CHUNK)
                        while True:
                            following = f.read(STDIN_CHUNK)
                            send_stdin(protocol, shell_id, command_id, chunk, end=not following)
                            if not following:
                                return
                            chunk = following
                except Exception as e:  # reported after the command ends
                    send_error.append(e)

            if args.send_all_first:
                # What pywinrm users do: send_command_input for all of the input, and only then Receive; the
                # server must buffer the output meanwhile (issue 10, item 1).
                pump()
                if send_error:
                    raise send_error[0]
            elif args.transport not in CONNECTION_BOUND:
                # Like the Go client: input goes out while a Receive is outstanding.
                sender = threading.Thread(target=pump, daemon=True)
                sender.start()
            else:
                pump()  # NTLM/Kerberos/CredSSP: connection-bound, sealing keeps a sequence number: one request at a time
        exit_code = receive_until_done(protocol, shell_id, command_id, out, err)
        if sender is not None:
            sender.join(timeout=30)
        protocol.cleanup_command(shell_id, command_id)
        if send_error:
            raise send_error[0]
        closed = True
        protocol.close_shell(shell_id)  # a failing Delete is an error of the scenario
    finally:
        if not closed:
            close_quietly(protocol, shell_id)
    result = {"exit_code": exit_code}
    result.update(out.fields("stdout"))
    result.update(err.fields("stderr"))
    result["elapsed_ms"] = int((time.monotonic() - start) * 1000)
    return result


def scenario_terminate(args, protocol):
    from winrm.exceptions import WinRMError

    start = time.monotonic()
    shell_id = protocol.open_shell(codepage=args.codepage)
    try:
        command_id = protocol.run_command(shell_id, args.command)
        if sealed(args):
            return terminate_one_request_at_a_time(args, protocol, shell_id, command_id, start)
        state = {"exit_code": None, "error": None}
        stop = threading.Event()

        def receiver():
            try:
                state["exit_code"] = receive_until_done(protocol, shell_id, command_id,
                                                        StreamSink(False), StreamSink(False), stop)
            except WinRMError as e:  # e.g. the unknown-command fault after the signal
                state["error"] = "%s: %s" % (type(e).__name__, getattr(e, "reason", None) or e)
            except Exception as e:
                state["error"] = "%s: %s" % (type(e).__name__, e)

        thread = threading.Thread(target=receiver, daemon=True)
        thread.start()
        thread.join(args.after_seconds)
        if not thread.is_alive():
            return terminate_result(False, start, state)
        # Signal with code .../signal/terminate ([MS-WSMV] 3.1.4.12).
        protocol.cleanup_command(shell_id, command_id)
        stop.set()
        thread.join(args.wait_seconds)
        if thread.is_alive():
            state["error"] = "command output still open %.1f s after Signal terminate" % args.wait_seconds
        return terminate_result(True, start, state)
    finally:
        close_quietly(protocol, shell_id)


def terminate_one_request_at_a_time(args, protocol, shell_id, command_id, start):
    """The terminate scenario without a concurrent Receive, for sealed NTLM.

    pywinrm keeps one NTLM security context, with its sequence numbers, for the whole session, but
    NTLM is bound to a connection: a Signal sent while a Receive is outstanding would go out on a second
    connection, whose new handshake the already-sealed body no longer matches. So Receive polls with a
    short OperationTimeout until the signal is due, then the Signal, then Receive until Done or the
    unknown-command fault.
    """
    from winrm.exceptions import WinRMError, WinRMOperationTimeoutError

    state = {"exit_code": None, "error": None}
    due = time.monotonic() + args.after_seconds
    while time.monotonic() < due:
        try:
            _, _, code, done = receive_raw(protocol, shell_id, command_id)
        except WinRMOperationTimeoutError:
            continue
        if done:
            state["exit_code"] = code
            return terminate_result(False, start, state)
    # Signal with code .../signal/terminate ([MS-WSMV] 3.1.4.12).
    protocol.cleanup_command(shell_id, command_id)
    until = time.monotonic() + args.wait_seconds
    while True:
        if time.monotonic() >= until:
            state["error"] = "command output still open %.1f s after Signal terminate" % args.wait_seconds
            break
        try:
            _, _, code, done = receive_raw(protocol, shell_id, command_id)
        except WinRMOperationTimeoutError:
            continue
        except WinRMError as e:  # the unknown-command fault: the command is gone
            state["error"] = "%s: %s" % (type(e).__name__, getattr(e, "reason", None) or e)
            break
        if done:
            state["exit_code"] = code
            break
    return terminate_result(True, start, state)


def close_quietly(protocol, shell_id):
    """Delete the shell when an earlier error (or the scenario's result) already decides the outcome."""
    try:
        protocol.close_shell(shell_id)
    except Exception:
        pass


def terminate_result(terminated, start, state):
    return {"terminated": terminated, "elapsed_ms": int((time.monotonic() - start) * 1000),
            "exit_code": state["exit_code"], "error": state["error"]}


def scenario_fault(args, protocol):
    from winrm.exceptions import WinRMError, WinRMTransportError

    start = time.monotonic()
    try:
        if args.via == "command":
            protocol.run_command(args.shell_id, "echo unreachable")
        else:
            receive_raw(protocol, args.shell_id, str(uuid.uuid4()).upper())
    except (WinRMError, WinRMTransportError) as e:
        code = getattr(e, "wsman_fault_code", None)
        if code is None:
            # pywinrm 0.3.x has no WSManFaultError: the code is only in the message's fault data.
            found = re.search(r"'wsmanfault_code': '(\d+)'", str(e))
            code = found.group(1) if found else None
        return {
            "error_type": type(e).__name__,
            "wsman_code": str(code) if code is not None else None,
            "fault_subcode": getattr(e, "fault_subcode", None),
            "http_status": getattr(e, "code", None),
            "message": getattr(e, "reason", None) or str(e),
            "elapsed_ms": int((time.monotonic() - start) * 1000),
        }
    return {"error_type": None, "wsman_code": None, "message": None,
            "elapsed_ms": int((time.monotonic() - start) * 1000)}


SCENARIOS = {"run": scenario_run, "terminate": scenario_terminate, "fault": scenario_fault}


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def main(argv):
    try:
        args = parse_args(argv)
    except UsageError as e:
        sys.stderr.write("%s\n" % e)
        emit({"error": str(e)})
        return EXIT_USAGE
    try:
        protocol = make_protocol(args)
        emit(SCENARIOS[args.scenario](args, protocol))
        return EXIT_OK
    except Exception as e:  # transport, TLS, authentication: one line, no traceback
        emit({"error": " ".join(("%s: %s" % (type(e).__name__, e)).split()), "error_type": type(e).__name__})
        return EXIT_TRANSPORT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
