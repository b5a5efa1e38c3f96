"""Times an import job through a real server, as docs/performance.md reports it.

  python3 scripts/job_timing.py .build/release/mmcat '{"type": "sqlite", "settings": {"path": "/tmp/big.sqlite"}}' \
      'product @116 { id: 10, name: 12, price: 11 }' 3

Starts the server on a fresh data folder (demo workspace, port 18301; the database's folder
allowed with --files-root), adds the database and a mapping of the demo schema, runs the import
job RUNS times (start request to Finished, the server's peak memory from VmHWM), then restarts the
server and times the session's first request, which reads the saved instance category back.

With SESSIONS=N in the environment, the RUNS imports are instead made in N sessions in turn,
and the server's resident memory (VmRSS) is printed after each; MMCAT_SERVE_ARGS adds options
to `mmcat serve` (say `--max-instance-memory 400M`).
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

BINARY, DATABASE, MAPPING, RUNS = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], int(sys.argv[4])
PORT = 18301
DATA = tempfile.mkdtemp(prefix="mmcat-timing-")
SESSIONS = int(os.environ.get("SESSIONS", "1"))
SETTINGS = DATABASE.get("settings", {})
ROOT = SETTINGS.get("folder") or (os.path.dirname(SETTINGS["path"]) if "path" in SETTINGS else None)
SERVE = ["--files-root", ROOT] if ROOT else []
SERVE += os.environ.get("MMCAT_SERVE_ARGS", "").split()
session = "timing"


def call(method, path, body=None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/api/v1{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", "X-MMCat-Session": session})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"{}")


def start():
    server = subprocess.Popen([BINARY, "serve", "--demo", "--data", DATA, "--port", str(PORT)] + SERVE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            call("GET", "/jobs")
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("the server did not start")


def peak(server, field="VmHWM"):
    with open(f"/proc/{server.pid}/status") as status:
        return next(line.split()[1] for line in status if line.startswith(field)) + " kB"


server = start()
try:
    database = call("POST", "/databases", {"label": "timing", **DATABASE})
    mapping = call("POST", "/mappings", {"schema": 1, "database": database["id"], "text": MAPPING})
    job = call("POST", "/jobs", {"name": "timing", "type": "ModelToCategory", "mapping": mapping["id"]})
    for run in range(RUNS):
        if SESSIONS > 1:
            session = f"timing-{run % SESSIONS}"
        began = time.time()
        call("POST", f"/jobs/{job['id']}/start")
        while (state := call("GET", f"/jobs/{job['id']}"))["status"] not in ("Finished", "Canceled"):
            time.sleep(0.05)
        saved = " ".join(line[21:] for line in state["log"].splitlines() if "saved" in line)
        print(f"import {run + 1} ({session}): {time.time() - began:.2f} s, {state['status']}, {state['records']}, "
              f"peak {peak(server)}, now {peak(server, 'VmRSS')}; {saved}{state['reason'] or ''}")
finally:
    server.terminate()
    server.wait()
server = start()
try:
    began = time.time()
    objects = call("GET", "/schemas/1/instance")["objects"]
    print(f"after a restart, first request: {time.time() - began:.2f} s, "
          f"{sum(o['rows'] for o in objects)} rows, peak {peak(server)}")
finally:
    server.terminate()
    server.wait()
