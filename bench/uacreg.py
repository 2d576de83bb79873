"""Measures for bench/uacreg-load.sh, over JSON-RPC: the carrier's (Kamailio) REGISTER counter and bindings, and
Locus's own view of who registers which row.

  uacreg.py register CARRIER ROWS        until the carrier holds ROWS bindings: seconds, peak and mean REGISTER/s
  uacreg.py takeover CARRIER SURVIVOR ROWS   after a kill: seconds until SURVIVOR registers every row itself
"""
import json
import sys
import time
import urllib.request


def rpc(url, method, *params):
    body = json.dumps({"jsonrpc": "2.0", "method": method, "params": list(params), "id": 1}).encode()
    with urllib.request.urlopen(urllib.request.Request(url, body), timeout=60) as r:
        return json.loads(r.read()).get("result")


def carrier_stats(carrier):
    lines = rpc(f"http://{carrier}:8021/RPC", "stats.get_statistics", "rcv_requests_register", "location_contacts")
    values = {line.split("=")[0].strip(): int(line.split("=")[1]) for line in lines or []}
    return values.get("core:rcv_requests_register", 0), values.get("usrloc:location_contacts", 0)


def peak_rate(samples, window=5.0):
    """The highest rate over any span of at least `window` seconds: a stats call that the busy carrier answers
    late would make one-second spans lie."""
    best = 0.0
    for i, (t0, c0) in enumerate(samples):
        for t1, c1 in samples[i + 1:]:
            if t1 - t0 >= window:
                best = max(best, (c1 - c0) / (t1 - t0))
                break
    return best


def register(carrier, rows):
    start = time.time()
    first_sent = None
    last_count, last_t = carrier_stats(carrier)[0], time.time()
    samples = [(last_t, last_count)]
    while True:
        time.sleep(1)
        count, bound = carrier_stats(carrier)
        now = time.time()
        if count > last_count and first_sent is None:
            first_sent = last_t
        samples.append((now, count))
        last_count, last_t = count, now
        if bound >= rows:
            break
        if now - start > 1800:
            sys.exit("gave up: %d of %d bound" % (bound, rows))
    sending = last_t - (first_sent or start)
    print("registered  rows %d  bound at carrier %d  seconds %.1f from node start (%.1f sending)  "
          "REGISTERs %d  peak %.0f/s (5 s window)  mean %.0f/s" % (rows, bound, last_t - start, sending,
                                                                 last_count - samples[0][1], peak_rate(samples),
                                                                 (last_count - samples[0][1]) / sending))


def takeover(carrier, survivor, rows):
    start = time.time()
    before = carrier_stats(carrier)[0]
    began = None
    while True:
        polled_at = time.time()
        if began is None and carrier_stats(carrier)[0] > before:
            began = polled_at
        dump = rpc(f"http://{survivor}:5071/RPC", "uac.reg_dump")
        mine = sum(1 for r in dump if r["owner_node"] == survivor + ":5060" and r["state"] == "registered")
        if mine >= rows:
            break
        if polled_at - start > 1800:
            sys.exit("gave up: %d of %d taken over" % (mine, rows))
        time.sleep(0.5)
    count, bound = carrier_stats(carrier)
    print("takeover    first REGISTER %.1f s after the kill; all %d rows registered by the survivor after %.1f s "
          "(dump polled every %.1f s)  REGISTERs %d  bound at carrier %d"
          % ((began or polled_at) - start, mine, polled_at - start, time.time() - polled_at + 0.5, count - before, bound))


if __name__ == "__main__":
    if sys.argv[1] == "register":
        register(sys.argv[2], int(sys.argv[3]))
    else:
        takeover(sys.argv[2], sys.argv[3], int(sys.argv[4]))
