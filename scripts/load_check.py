"""Load check of the job server: N concurrent clients poll a running job's status for S seconds.

Starts nothing itself: run `mmcat serve --demo --job-delay 40` first, then
  python3 scripts/load_check.py http://127.0.0.1:8080 [clients=200] [seconds=30]
It starts job 1, which waits its delay in the queue (Queued, its place counted on every read),
polls GET /api/v1/jobs/1 from every client in a loop on loopback only, checks every answer, and
prints the request count, errors and latency percentiles.
"""
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlparse


def main():
    base = urlparse(sys.argv[1])
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
    assert base.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    headers = {"X-MMCat-Session": "load-check"}

    def request(connection, method, path):
        connection.request(method, "/api/v1" + path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, body

    setup = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
    request(setup, "POST", "/jobs/1/start")
    for _ in range(100):
        status, body = request(setup, "GET", "/jobs/1")
        if json.loads(body)["status"] in ("Queued", "Running"):
            break
        time.sleep(0.05)
    else:
        raise SystemExit("job 1 was never queued")

    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
        mine, bad = [], 0
        while time.monotonic() < deadline:
            start = time.perf_counter()
            try:
                status, body = request(connection, "GET", "/jobs/1")
                if status != 200 or json.loads(body)["status"] not in ("Queued", "Running", "Finished"):
                    bad += 1
            except Exception:
                bad += 1
                connection = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)
            errors.append(bad)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000

    status, body = request(setup, "GET", "/jobs/1")
    print(f"clients {clients}, {seconds:.0f} s, job 1 {json.loads(body)['status']} at the end")
    print(f"requests {len(latencies)} ({len(latencies) / seconds:.0f}/s), errors {sum(errors)}")
    print(f"latency ms: p50 {percentile(0.5):.1f}, p90 {percentile(0.9):.1f}, p99 {percentile(0.99):.1f}, "
          f"max {latencies[-1] * 1000:.1f}")


if __name__ == "__main__":
    main()
