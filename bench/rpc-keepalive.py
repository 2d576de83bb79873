#!/usr/bin/env python3
"""Per-call latency of JSON-RPC on one kept-alive connection, next to a fresh connection per call.

A server that writes the response headers and body separately, without TCP_NODELAY, makes the second write wait
for the client's delayed ACK: ~40 ms per call on a kept-alive connection (the JDK's HttpServer did). Locus's
server (Jetty, TCP_NODELAY, one write per response) should show both columns alike, well under a millisecond on
loopback.

    bench/rpc-keepalive.py [URL] [CALLS]      # default http://127.0.0.1:5071/RPC, 200 calls
"""
import http.client
import statistics
import sys
import time
import urllib.parse

url = urllib.parse.urlparse(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5071/RPC")
calls = int(sys.argv[2]) if len(sys.argv) > 2 else 200
body = b'{"jsonrpc":"2.0","method":"core.version","id":1}'
headers = {"Content-Type": "application/json"}


def call(conn):
    start = time.perf_counter()
    conn.request("POST", url.path, body, headers)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"HTTP {response.status}")
    return (time.perf_counter() - start) * 1000


kept = http.client.HTTPConnection(url.hostname, url.port)
kept_ms = [call(kept) for _ in range(calls)]
kept.close()
fresh_ms = []
for _ in range(calls):
    conn = http.client.HTTPConnection(url.hostname, url.port)
    fresh_ms.append(call(conn))
    conn.close()
for name, ms in (("kept-alive", kept_ms), ("fresh", fresh_ms)):
    print(f"{name:10s} calls {calls}  median {statistics.median(ms):7.2f} ms  p90 {sorted(ms)[int(calls * 0.9)]:7.2f} ms")
