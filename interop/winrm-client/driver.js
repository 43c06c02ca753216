#!/usr/bin/env node
// Runs one command with the npm package winrm-client and prints the result as one JSON object on stdout.
//
//   node driver.js --endpoint http://127.0.0.1:5985/wsman --user USER run --command CMD
//
// The password comes from the environment variable OPENWINRM_PASSWORD. The library chooses the
// authentication from the user name: DOMAIN\user or user@domain gives NTLM (no message sealing, so only a
// listener that allows unencrypted traffic, or HTTPS, takes it), a bare name Basic. Its runCommand returns
// stdout only. Exit status: 0 when the command ran, 1 for transport or authentication errors
// ({"error": ...}), 2 for usage errors. Only the library's public API is used.
'use strict';

const PASSWORD_ENV = 'OPENWINRM_PASSWORD';

function usage(message) {
  process.stderr.write('winrm-client driver: ' + message + '\n');
  process.stdout.write(JSON.stringify({ error: message }) + '\n');
  process.exit(2);
}

function parse(argv) {
  const opts = { endpoint: null, user: null, scenario: null, command: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(a + ' needs a value');
      return argv[++i];
    };
    if (a === '--endpoint') opts.endpoint = value();
    else if (a === '--user') opts.user = value();
    else if (a === 'run' && opts.scenario === null) opts.scenario = 'run';
    else if (a === '--command' && opts.scenario === 'run') opts.command = value();
    else usage('unexpected argument ' + JSON.stringify(a));
  }
  if (!opts.endpoint) usage('--endpoint is required');
  if (!opts.user) usage('--user is required');
  if (opts.scenario !== 'run') usage('missing scenario: run');
  if (opts.command === null) usage('run: --command is required');
  return opts;
}

async function main() {
  const opts = parse(process.argv.slice(2));
  const url = new URL(opts.endpoint);
  if (url.protocol !== 'http:' || url.pathname !== '/wsman') usage('--endpoint must be http://HOST:PORT/wsman');
  const password = process.env[PASSWORD_ENV];
  if (password === undefined) usage('the password must be given in ' + PASSWORD_ENV);
  const { runCommand } = require('winrm-client');
  const started = Date.now();
  try {
    const stdout = await runCommand(opts.command, url.hostname, opts.user, password, Number(url.port || 5985));
    process.stdout.write(JSON.stringify({ stdout: stdout, elapsed_ms: Date.now() - started }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String((e && e.message) || e).replace(/\s+/g, ' ') }) + '\n');
    process.exit(1);
  }
}

main();
