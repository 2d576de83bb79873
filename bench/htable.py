#!/usr/bin/env python3
"""htable.sets per second over JSON-RPC against one Locus node, and the replication lag of those sets to a
Kamailio node of the same DMQ cluster: for a sample of sets, the time from the htable.sets call on Locus to the
item showing in Kamailio's htable.get (polled on one kept-alive connection, so the resolution is one Kamailio RPC round trip).
Prints one line per phase: idle (samples only), then under load (CONNECTIONS kept-alive connections calling
htable.sets as fast as they are answered, for SECONDS).

    bench/htable.py LOCUS_RPC_URL KAMAILIO_RPC_URL [SECONDS] [CONNECTIONS] [TABLE]
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse

locus_url = urllib.parse.urlparse(sys.argv[1])
kamailio_url = urllib.parse.urlparse(sys.argv[2])
seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10
connections = int(sys.argv[4]) if len(sys.argv) > 4 else 8
table = sys.argv[5] if len(sys.argv) > 5 else "plain"
headers = {"Content-Type": "application/json"}


class Rpc:
    """One kept-alive JSON-RPC connection; reconnects once if the server closed it."""

    def __init__(self, url):
        self.url = url
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)

    def call(self, method, *params):
        body = json.dumps({"jsonrpc": "2.0", "method": method, "params": list(params), "id": 1}).encode()
        for attempt in (1, 2):
            try:
                self.conn.request("POST", self.url.path, body, headers)
                response = self.conn.getresponse()
                return json.loads(response.read())
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=10)
                if attempt == 2:
                    raise


def pct(values, q):
    return values[min(len(values) - 1, int(q * (len(values) - 1)))] if values else float("nan")


def sample_lags(stop, interval, prefix, out, lost):
    """Sets one key at a time on Locus and polls Kamailio until it has it."""
    locus, kamailio = Rpc(locus_url), Rpc(kamailio_url)
    n = 0
    while not stop.is_set():
        key = f"{prefix}-{n}"
        done = time.perf_counter()
        answer = locus.call("htable.sets", table, key, key)
        if "result" not in answer:
            sys.exit(f"htable.sets failed on Locus: {answer}")
        while True:
            now = time.perf_counter()
            if "result" in kamailio.call("htable.get", table, key):
                out.append((now - done) * 1000)
                break
            if now - done > 5:
                lost.append(key)
                break
        n += 1
        time.sleep(interval)


def load(stop, worker, counts, latencies, errors):
    rpc = Rpc(locus_url)
    n = 0
    mine = []
    while not stop.is_set():
        start = time.perf_counter()
        answer = rpc.call("htable.sets", table, f"load-{worker}-{n}", "v" * 32)
        mine.append((time.perf_counter() - start) * 1000)
        if "result" not in answer:
            errors.append(answer)
        n += 1
    counts[worker] = n
    latencies.extend(mine)


def phase(name, with_load):
    stop = threading.Event()
    lags, lost = [], []
    sampler = threading.Thread(target=sample_lags, args=(stop, 0.01, f"lag-{name}", lags, lost))
    counts, latencies, errors = [0] * connections, [], []
    workers = [threading.Thread(target=load, args=(stop, w, counts, latencies, errors))
               for w in range(connections if with_load else 0)]
    start = time.perf_counter()
    for t in workers + [sampler]:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in workers + [sampler]:
        t.join()
    elapsed = time.perf_counter() - start
    lags.sort()
    latencies.sort()
    rate = sum(counts) / elapsed if with_load else 0
    print(f"{name:10s} {rate:8.0f} {len(errors):7d} {pct(latencies, 0.5):9.2f} {pct(latencies, 0.99):9.2f} "
          f"{len(lags):7d} {len(lost):5d} {pct(lags, 0.5):9.2f} {pct(lags, 0.99):9.2f}", flush=True)


print(f"{'phase':10s} {'sets/s':>8s} {'errors':>7s} {'rpc_p50':>9s} {'rpc_p99':>9s} {'samples':>7s} {'lost':>5s} "
      f"{'lag_p50':>9s} {'lag_p99':>9s}   (ms)", flush=True)
phase("warm-up", True)  # the JIT: not a result
phase("idle", False)
phase(f"load-c{connections}", True)
