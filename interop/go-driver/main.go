// Command go-driver runs one WinRM scenario against an endpoint with the Go client
// github.com/masterzen/winrm and prints the result as one JSON object on stdout.
//
// It is the Go half of the OpenWinRM interop drivers; interop/pywinrm/driver.py has the same
// command-line contract (see interop/README.md):
//
//	go-driver --endpoint https://127.0.0.1:5986/wsman --user alice [--transport basic|ntlm|certificate|kerberos]
//	          [--encryption ntlm] [--cert-pem client.crt --key-pem client.key]
//	          [--krb5-conf FILE --ccache FILE --spn HTTP/host --realm REALM]
//	          [--insecure | --ca-file server.pem] [--codepage 65001] [--operation-timeout SECONDS]
//	          run --command CMD [--arg A ...] [--stdin-file F] [--no-data]
//	          terminate --command CMD --after-seconds S
//	          fault --shell-id BOGUS [--via receive|command]
//
// The password comes from the environment variable OPENWINRM_PASSWORD; --transport certificate
// does not need it: it authenticates with a TLS client certificate and the Authorization header
// .../secprofile/https/mutual through the library's ClientAuthRequest transporter. With --transport ntlm
// alone the NTLM messages go out unencrypted over http://; --encryption ntlm (needs --transport ntlm) uses
// the library's own message encryption instead (winrm.NewEncryption("ntlm"): every message sealed in a
// multipart/encrypted body, [MS-WSMV] 2.2.9.1.1, after a fresh NTLM handshake). Exit status: 0 when the
// scenario ran (whatever the remote exit code), 1 for transport or authentication errors, 2 for
// usage errors. --transport kerberos uses the library's NewClientKerberos (gokrb5): a SPNEGO token with the
// AP-REQ on every request, the ticket from --ccache (else a password login for --user in --realm) and the
// krb5.conf in --krb5-conf; it cannot seal messages, so it needs https://. Only the library's public API is used.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"hash"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/masterzen/winrm"
)

const (
	exitOK        = 0
	exitTransport = 1
	exitUsage     = 2

	passwordEnv = "OPENWINRM_PASSWORD"
	// The Go client always sends WINRS_CODEPAGE=65001 (request.go, NewOpenShellRequest).
	fixedCodepage = 65001
	// The library's default OperationTimeout (DefaultParameters, PT60S).
	defaultOperationTimeout = 60
	wsmanFaultNamespace     = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault"
)

// usageError marks an error in the command line; it ends the driver with exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...interface{}) error {
	return usageError{fmt.Sprintf(format, a...)}
}

// options holds the global, scenario-independent flags.
type options struct {
	endpoint         string
	user             string
	password         string
	transport        string
	encryption       string
	certPem          string
	keyPem           string
	insecure         bool
	caFile           string
	codepage         int
	operationTimeout int
	krb5Conf         string
	ccache           string
	spn              string
	realm            string
}

// stringList is a repeatable string flag (--arg A --arg B).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, " ") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
}

func realMain(args []string, stdout, stderr io.Writer) int {
	result, err := dispatch(args, stderr)
	if err != nil {
		var ue usageError
		code := exitTransport
		if errors.As(err, &ue) {
			code = exitUsage
			fmt.Fprintln(stderr, "go-driver:", err)
		}
		writeJSON(stdout, map[string]interface{}{"error": oneLine(err.Error())})
		return code
	}
	writeJSON(stdout, result)
	return exitOK
}

func dispatch(args []string, stderr io.Writer) (map[string]interface{}, error) {
	opts, rest, err := parseGlobal(args, stderr)
	if err != nil {
		return nil, err
	}
	if len(rest) == 0 {
		return nil, usagef("missing scenario: one of run, terminate, fault")
	}
	scenario, scenarioArgs := rest[0], rest[1:]
	switch scenario {
	case "run":
		return runScenario(opts, scenarioArgs, stderr)
	case "terminate":
		return terminateScenario(opts, scenarioArgs, stderr)
	case "fault":
		return faultScenario(opts, scenarioArgs, stderr)
	default:
		return nil, usagef("unknown scenario %q: expected run, terminate or fault", scenario)
	}
}

func parseGlobal(args []string, stderr io.Writer) (options, []string, error) {
	var o options
	fs := newFlagSet("go-driver", stderr)
	fs.StringVar(&o.endpoint, "endpoint", "", "WinRM endpoint URL, e.g. https://127.0.0.1:5986/wsman")
	fs.StringVar(&o.user, "user", "", "user name")
	fs.StringVar(&o.transport, "transport", "basic", "authentication: basic, ntlm, certificate or kerberos")
	fs.StringVar(&o.krb5Conf, "krb5-conf", "/etc/krb5.conf", "kerberos: the krb5.conf to use")
	fs.StringVar(&o.ccache, "ccache", "", "kerberos: credential cache file (else a password login)")
	fs.StringVar(&o.spn, "spn", "", "kerberos: service principal, e.g. HTTP/host (default from the endpoint)")
	fs.StringVar(&o.realm, "realm", "", "kerberos: the user's realm for a password login")
	fs.StringVar(&o.encryption, "encryption", "", "message encryption: ntlm (needs --transport ntlm)")
	fs.StringVar(&o.certPem, "cert-pem", "", "client certificate (PEM) for --transport certificate")
	fs.StringVar(&o.keyPem, "key-pem", "", "private key (PEM) of --cert-pem")
	fs.BoolVar(&o.insecure, "insecure", false, "do not verify the server certificate")
	fs.StringVar(&o.caFile, "ca-file", "", "PEM file with the certificate(s) to trust")
	fs.IntVar(&o.codepage, "codepage", fixedCodepage, "shell code page (this client supports only 65001)")
	fs.IntVar(&o.operationTimeout, "operation-timeout", 0, "WS-Man OperationTimeout in seconds")
	if err := fs.Parse(args); err != nil {
		return o, nil, usagef("%v", err)
	}
	switch {
	case o.endpoint == "":
		return o, nil, usagef("--endpoint is required")
	case o.user == "":
		return o, nil, usagef("--user is required")
	case o.transport != "basic" && o.transport != "ntlm" && o.transport != "certificate" && o.transport != "kerberos":
		return o, nil, usagef("--transport must be basic, ntlm, certificate or kerberos, not %q", o.transport)
	case o.transport != "kerberos" && (o.ccache != "" || o.spn != "" || o.realm != ""):
		return o, nil, usagef("--ccache/--spn/--realm need --transport kerberos")
	case o.encryption != "" && o.encryption != "ntlm":
		return o, nil, usagef("--encryption must be ntlm, not %q", o.encryption)
	case o.encryption == "ntlm" && o.transport != "ntlm":
		return o, nil, usagef("--encryption ntlm needs --transport ntlm")
	case o.transport == "certificate" && (o.certPem == "" || o.keyPem == ""):
		return o, nil, usagef("--transport certificate needs --cert-pem and --key-pem")
	case o.transport != "certificate" && (o.certPem != "" || o.keyPem != ""):
		return o, nil, usagef("--cert-pem/--key-pem need --transport certificate")
	case o.insecure && o.caFile != "":
		return o, nil, usagef("--insecure and --ca-file exclude each other")
	case o.codepage != fixedCodepage:
		return o, nil, usagef("--codepage %d: masterzen/winrm always sends WINRS_CODEPAGE=%d", o.codepage, fixedCodepage)
	case o.operationTimeout < 0:
		return o, nil, usagef("--operation-timeout must be positive")
	}
	password, ok := os.LookupEnv(passwordEnv)
	if !ok && o.transport != "certificate" && !(o.transport == "kerberos" && o.ccache != "") {
		return o, nil, usagef("the password must be given in the environment variable %s", passwordEnv)
	}
	o.password = password
	return o, fs.Args(), nil
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// newClient builds the client; every failure here is a usage error (bad URL, unreadable CA file).
func newClient(o options) (*winrm.Client, *winrm.Endpoint, *winrm.Parameters, error) {
	u, err := url.Parse(o.endpoint)
	if err != nil {
		return nil, nil, nil, usagef("--endpoint: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, nil, nil, usagef("--endpoint must be an http:// or https:// URL, not %q", o.endpoint)
	}
	if u.Path != "/wsman" {
		return nil, nil, nil, usagef("--endpoint path must be /wsman (masterzen/winrm always posts to /wsman), not %q", u.Path)
	}
	https := u.Scheme == "https"
	port := 5985
	if https {
		port = 5986
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, nil, nil, usagef("--endpoint port %q: %v", p, err)
		}
	}
	if u.Hostname() == "" {
		return nil, nil, nil, usagef("--endpoint has no host: %q", o.endpoint)
	}
	var caCert, cert, key []byte
	if o.caFile != "" {
		if caCert, err = os.ReadFile(o.caFile); err != nil {
			return nil, nil, nil, usagef("--ca-file: %v", err)
		}
	}
	if o.transport == "certificate" {
		if cert, err = os.ReadFile(o.certPem); err != nil {
			return nil, nil, nil, usagef("--cert-pem: %v", err)
		}
		if key, err = os.ReadFile(o.keyPem); err != nil {
			return nil, nil, nil, usagef("--key-pem: %v", err)
		}
	}
	opTimeout := defaultOperationTimeout
	if o.operationTimeout > 0 {
		opTimeout = o.operationTimeout
	}
	// The HTTP response-header timeout must outlast a Receive that the server holds for a whole
	// OperationTimeout, or the client gives up before the server's TimedOut fault arrives.
	endpoint := winrm.NewEndpoint(u.Hostname(), port, https, o.insecure, caCert, cert, key,
		time.Duration(opTimeout+30)*time.Second)
	params := winrm.NewParameters(fmt.Sprintf("PT%dS", opTimeout), "en-US", 153600)
	switch {
	case o.encryption == "ntlm":
		if _, err := winrm.NewEncryption("ntlm"); err != nil {
			return nil, nil, nil, usagef("--encryption ntlm: %v", err)
		}
		params.TransportDecorator = func() winrm.Transporter {
			encryption, _ := winrm.NewEncryption("ntlm") // checked above
			return encryption
		}
	case o.transport == "ntlm":
		params.TransportDecorator = func() winrm.Transporter { return &winrm.ClientNTLM{} }
	case o.transport == "kerberos":
		if !https {
			return nil, nil, nil, usagef("--transport kerberos needs https:// (this client cannot seal Kerberos messages)")
		}
		settings := &winrm.Settings{WinRMUsername: o.user, WinRMPassword: o.password, WinRMHost: u.Hostname(),
			WinRMPort: port, WinRMProto: "https", WinRMInsecure: o.insecure, KrbRealm: o.realm,
			KrbConfig: o.krb5Conf, KrbSpn: o.spn, KrbCCache: o.ccache}
		params.TransportDecorator = func() winrm.Transporter { return winrm.NewClientKerberos(settings) }
	case o.transport == "certificate":
		// The library builds the TLS client configuration from Endpoint.Cert/Key and sends the
		// https/mutual Authorization header (auth.go).
		params.TransportDecorator = func() winrm.Transporter { return &winrm.ClientAuthRequest{} }
	}
	client, err := winrm.NewClientWithParameters(endpoint, o.user, o.password, params)
	if err != nil {
		return nil, nil, nil, usagef("%v", err)
	}
	return client, endpoint, params, nil
}

// streamSink counts and hashes one output stream, and keeps its bytes unless told not to.
type streamSink struct {
	n    int64
	sha  hash.Hash
	data *bytes.Buffer
}

func newSink(keep bool) *streamSink {
	s := &streamSink{sha: sha256.New()}
	if keep {
		s.data = &bytes.Buffer{}
	}
	return s
}

func (s *streamSink) Write(p []byte) (int, error) {
	s.n += int64(len(p))
	s.sha.Write(p)
	if s.data != nil {
		s.data.Write(p)
	}
	return len(p), nil
}

func runScenario(o options, args []string, stderr io.Writer) (map[string]interface{}, error) {
	fs := newFlagSet("run", stderr)
	command := fs.String("command", "", "command line to run")
	var cmdArgs stringList
	fs.Var(&cmdArgs, "arg", "argument (repeatable); each is sent as its own rsp:Arguments")
	stdinFile := fs.String("stdin-file", "", "file whose bytes are sent as stdin, then end of input")
	skipCmdShell := fs.Bool("skip-cmd-shell", false, "not supported by masterzen/winrm")
	noData := fs.Bool("no-data", false, "omit stdout_b64 and stderr_b64")
	if err := fs.Parse(args); err != nil {
		return nil, usagef("run: %v", err)
	}
	if *command == "" {
		return nil, usagef("run: --command is required")
	}
	if fs.NArg() > 0 {
		return nil, usagef("run: unexpected arguments %q", fs.Args())
	}
	if *skipCmdShell {
		return nil, usagef("run: --skip-cmd-shell: masterzen/winrm always sends WINRS_SKIP_CMD_SHELL=FALSE")
	}
	var stdin io.ReadCloser
	if *stdinFile != "" {
		f, err := os.Open(*stdinFile)
		if err != nil {
			return nil, usagef("run: --stdin-file: %v", err)
		}
		stdin = f
		defer f.Close()
	}
	client, _, _, err := newClient(o)
	if err != nil {
		return nil, err
	}

	start := time.Now()
	shell, err := client.CreateShell()
	if err != nil {
		return nil, fmt.Errorf("create shell: %w", err)
	}
	defer shell.Close()
	cmd, err := shell.ExecuteWithContext(context.Background(), *command, cmdArgs...)
	if err != nil {
		return nil, fmt.Errorf("command: %w", err)
	}
	out, errOut := newSink(!*noData), newSink(!*noData)
	var wg sync.WaitGroup
	var stdoutErr, stderrErr, stdinErr error
	wg.Add(2)
	go func() { defer wg.Done(); _, stdoutErr = io.Copy(out, cmd.Stdout) }()
	go func() { defer wg.Done(); _, stderrErr = io.Copy(errOut, cmd.Stderr) }()
	if stdin != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, stdinErr = io.Copy(cmd.Stdin, stdin); stdinErr == nil {
				stdinErr = cmd.Stdin.Close()
			}
		}()
	}
	cmd.Wait()
	wg.Wait()
	exitCode := cmd.ExitCode()
	_ = cmd.Close()
	for _, e := range []error{stdoutErr, stderrErr} {
		if e != nil {
			return nil, fmt.Errorf("receive: %w", e)
		}
	}
	if stdinErr != nil {
		return nil, fmt.Errorf("send stdin: %w", stdinErr)
	}
	if err := shell.Close(); err != nil {
		return nil, fmt.Errorf("delete shell: %w", err)
	}
	result := map[string]interface{}{
		"exit_code":     exitCode,
		"stdout_len":    out.n,
		"stdout_sha256": hex.EncodeToString(out.sha.Sum(nil)),
		"stderr_len":    errOut.n,
		"stderr_sha256": hex.EncodeToString(errOut.sha.Sum(nil)),
		"elapsed_ms":    time.Since(start).Milliseconds(),
	}
	if !*noData {
		result["stdout_b64"] = base64.StdEncoding.EncodeToString(out.data.Bytes())
		result["stderr_b64"] = base64.StdEncoding.EncodeToString(errOut.data.Bytes())
	}
	return result, nil
}

func terminateScenario(o options, args []string, stderr io.Writer) (map[string]interface{}, error) {
	fs := newFlagSet("terminate", stderr)
	command := fs.String("command", "", "command line to start")
	after := fs.Float64("after-seconds", -1, "seconds to keep receiving before Signal terminate")
	wait := fs.Float64("wait-seconds", 30, "how long to wait for the command to end after the signal")
	if err := fs.Parse(args); err != nil {
		return nil, usagef("terminate: %v", err)
	}
	if *command == "" || *after < 0 {
		return nil, usagef("terminate: --command and --after-seconds are required")
	}
	if fs.NArg() > 0 {
		return nil, usagef("terminate: unexpected arguments %q", fs.Args())
	}
	client, _, _, err := newClient(o)
	if err != nil {
		return nil, err
	}

	start := time.Now()
	shell, err := client.CreateShell()
	if err != nil {
		return nil, fmt.Errorf("create shell: %w", err)
	}
	defer shell.Close()
	cmd, err := shell.ExecuteWithContext(context.Background(), *command)
	if err != nil {
		return nil, fmt.Errorf("command: %w", err)
	}
	var stdoutErr error
	drained := make(chan struct{})
	go func() { _, _ = io.Copy(io.Discard, cmd.Stderr) }()
	go func() {
		_, stdoutErr = io.Copy(io.Discard, cmd.Stdout)
		cmd.Wait()
		close(drained)
	}()

	select {
	case <-drained:
		// Ended on its own before the signal was due: report that honestly.
		return terminateResult(false, start, exitCodeOrNil(cmd, stdoutErr), errString(stdoutErr)), nil
	case <-time.After(time.Duration(*after * float64(time.Second))):
	}
	// Command.Close sends the Signal with code .../signal/terminate ([MS-WSMV] 3.1.4.12).
	if err := cmd.Close(); err != nil {
		return nil, fmt.Errorf("signal terminate: %w", err)
	}
	select {
	case <-drained:
	case <-time.After(time.Duration(*wait * float64(time.Second))):
		return terminateResult(true, start, nil,
			fmt.Sprintf("command output still open %.1f s after Signal terminate", *wait)), nil
	}
	var errText interface{}
	if stdoutErr != nil && stdoutErr.Error() != "canceled" {
		errText = oneLine(stdoutErr.Error())
	}
	return terminateResult(true, start, exitCodeOrNil(cmd, stdoutErr), errText), nil
}

func terminateResult(terminated bool, start time.Time, exitCode, errText interface{}) map[string]interface{} {
	return map[string]interface{}{
		"terminated": terminated,
		"elapsed_ms": time.Since(start).Milliseconds(),
		"exit_code":  exitCode,
		"error":      errText,
	}
}

// exitCodeOrNil gives the exit code only when the client saw CommandState Done (its output
// streams then end without error); after a cancel the library's code is a meaningless 0.
func exitCodeOrNil(cmd *winrm.Command, streamErr error) interface{} {
	if streamErr != nil {
		return nil
	}
	return cmd.ExitCode()
}

func errString(err error) interface{} {
	if err == nil {
		return nil
	}
	return oneLine(err.Error())
}

func faultScenario(o options, args []string, stderr io.Writer) (map[string]interface{}, error) {
	fs := newFlagSet("fault", stderr)
	shellID := fs.String("shell-id", "", "a shell id the server does not know")
	via := fs.String("via", "receive", "request to send on that shell: receive or command")
	if err := fs.Parse(args); err != nil {
		return nil, usagef("fault: %v", err)
	}
	if *shellID == "" {
		return nil, usagef("fault: --shell-id is required")
	}
	if *via != "receive" && *via != "command" {
		return nil, usagef("fault: --via must be receive or command, not %q", *via)
	}
	if fs.NArg() > 0 {
		return nil, usagef("fault: unexpected arguments %q", fs.Args())
	}
	client, endpoint, params, err := newClient(o)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	var body string
	if *via == "command" {
		_, err = client.NewShell(*shellID).Execute("echo", "unreachable")
	} else {
		body, err = receiveOnce(client, endpoint, params, *shellID, o.endpoint)
	}
	errorType := ""
	text := body
	if err != nil {
		errorType, text = fmt.Sprintf("%T", err), err.Error()
	}
	fault, ok := parseFault(text)
	switch {
	case ok && err == nil:
		// This client's Post ignores the HTTP status (the deferred status check assigns to copies,
		// not to its results), so a 500 fault comes back as an ordinary response body.
		errorType = "fault body returned without error"
	case !ok && err != nil:
		// No SOAP fault in the answer: a transport problem, not the scenario's result.
		return nil, err
	case !ok:
		return map[string]interface{}{"error_type": nil, "wsman_code": nil, "message": nil,
			"elapsed_ms": time.Since(start).Milliseconds()}, nil
	}
	return map[string]interface{}{
		"error_type":    errorType,
		"wsman_code":    nilIfEmpty(fault.wsmanCode),
		"fault_subcode": nilIfEmpty(fault.subcode),
		"message":       oneLine(fault.reason),
		"elapsed_ms":    time.Since(start).Milliseconds(),
	}, nil
}

// receiveOnce sends one Receive for a made-up command on shellID through the library's public
// request builder and transport; Shell has no public Receive without a Command.
func receiveOnce(client *winrm.Client, endpoint *winrm.Endpoint, params *winrm.Parameters, shellID, rawURL string) (string, error) {
	var transport winrm.Transporter = winrm.NewClientWithDial(nil)
	if params.TransportDecorator != nil {
		transport = params.TransportDecorator()
	}
	if err := transport.Transport(endpoint); err != nil {
		return "", err
	}
	request := winrm.NewGetOutputRequest(rawURL, shellID, "00000000-0000-0000-0000-000000000000", "stdout stderr", params)
	defer request.Free()
	return transport.Post(client, request)
}

type soapFault struct {
	wsmanCode string
	subcode   string
	reason    string
}

// parseFault finds the SOAP fault in a response body, or in an error text of the form
// "http error 500: <s:Envelope…>".
func parseFault(text string) (soapFault, bool) {
	var f soapFault
	i := strings.Index(text, "<")
	if i < 0 {
		return f, false
	}
	dec := xml.NewDecoder(strings.NewReader(text[i:]))
	var path []string
	sawFault := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name.Local)
			if t.Name.Local == "Fault" {
				sawFault = true
			}
			if t.Name.Local == "WSManFault" && t.Name.Space == wsmanFaultNamespace {
				for _, a := range t.Attr {
					if a.Name.Local == "Code" {
						f.wsmanCode = a.Value
					}
				}
			}
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		case xml.CharData:
			s := strings.TrimSpace(string(t))
			if s == "" || len(path) < 2 {
				continue
			}
			parent, leaf := path[len(path)-2], path[len(path)-1]
			if parent == "Subcode" && leaf == "Value" && f.subcode == "" {
				f.subcode = s
			} else if parent == "Reason" && leaf == "Text" && f.reason == "" {
				f.reason = s
			}
		}
	}
	return f, sawFault
}

func nilIfEmpty(s string) interface{} {
	if s == "" {
		return nil
	}
	return s
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func writeJSON(w io.Writer, v interface{}) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":"cannot encode result"}`)
	}
	fmt.Fprintln(w, string(b))
}
