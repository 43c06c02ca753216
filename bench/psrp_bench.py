#!/usr/bin/env python3
"""Row (f) of the benchmark: PowerShell Remoting through pypsrp to OpenWinRM's native restricted engine.

    psrp_bench.py --endpoint https://127.0.0.1:PORT/wsman --user root --configuration-name bench-jea \
                  --warmup N --runs N --lines N     (password in OPENWINRM_PASSWORD; certificate not verified)

One runspace pool, then: N+warmup pipelines of `echo hello` (Invoke-Command's round trip: create the pipeline,
receive its output and state), each timed; then one pipeline of `seq LINES` whose output arrives as LINES string
objects. Prints one JSON object: {"ms": [...], "objects": n, "seconds": s}.
"""
import argparse
import json
import os
import sys
import time
from urllib.parse import urlparse


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--configuration-name", required=True)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--lines", type=int, default=100000)
    a = p.parse_args()
    import warnings
    warnings.filterwarnings("ignore")
    from pypsrp.powershell import PowerShell, RunspacePool
    from pypsrp.wsman import WSMan
    url = urlparse(a.endpoint)
    with WSMan(url.hostname, port=url.port, path=url.path.lstrip("/"), ssl=url.scheme == "https",
               username=a.user, password=os.environ["OPENWINRM_PASSWORD"], auth="basic",
               cert_validation=False) as wsman, RunspacePool(wsman, configuration_name=a.configuration_name) as pool:
        ms = []
        for i in range(a.warmup + a.runs):
            t0 = time.perf_counter()
            ps = PowerShell(pool)
            ps.add_script("echo hello")
            out = ps.invoke()
            elapsed = (time.perf_counter() - t0) * 1000
            if out != ["hello"] or ps.had_errors:
                raise SystemExit("unexpected answer: %r %r" % (out, [str(e) for e in ps.streams.error]))
            if i >= a.warmup:
                ms.append(elapsed)
        t0 = time.perf_counter()
        ps = PowerShell(pool)
        ps.add_script("seq %d" % a.lines)
        out = ps.invoke()
        seconds = time.perf_counter() - t0
        if len(out) != a.lines:
            raise SystemExit("expected %d objects, got %d" % (a.lines, len(out)))
    sys.stdout.write(json.dumps({"ms": ms, "objects": len(out), "seconds": seconds}) + "\n")


if __name__ == "__main__":
    main()
