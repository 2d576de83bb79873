"""Measures for bench/uacreg-load.sh, over JSON-RPC: the carrier's (Kamailio) REGISTER counter and bindings, and
Locus's own view of who registers which row.

  uacreg.py register CARRIER ROWS NODE...   until the carrier holds one binding for each of ROWS rows: seconds,
                                            peak and mean REGISTER/s sent by the nodes and received by the carrier
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
    """REGISTERs received (UDP retransmissions included), bindings, AoRs with a binding."""
    lines = rpc(f"http://{carrier}:8021/RPC", "stats.get_statistics", "rcv_requests_register", "location_contacts",
                "location_users")
    values = {line.split("=")[0].strip(): int(line.split("=")[1]) for line in lines or []}
    return (values.get("core:rcv_requests_register", 0), values.get("usrloc:location_contacts", 0),
            values.get("usrloc:location_users", 0))


def sent(nodes):
    """REGISTER transactions the nodes started (what uacreg.max_rate bounds)."""
    total = 0
    for node in nodes:
        try:
            for line in rpc(f"http://{node}:5071/RPC", "stats.get_statistics", "register_requests") or []:
                total += int(line.split("=")[1])
        except OSError:
            pass
    return total


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


def register(carrier, rows, nodes):
    start = time.time()
    first_sent, all_users, settled = None, None, None
    received0 = carrier_stats(carrier)[0]
    samples = [(time.time(), 0)]
    while True:
        time.sleep(1)
        received, bound, users = carrier_stats(carrier)
        now = time.time()
        count = sent(nodes)
        if count > 0 and first_sent is None:
            first_sent = samples[-1][0]
        samples.append((now, count))
        if users >= rows and all_users is None:
            all_users = now
        if all_users is not None and bound == rows:
            settled = now
            break
        if now - start > 1800 or (all_users is not None and now - all_users > 180):
            break
    sending = (all_users or now) - (first_sent or start)
    print("registered  rows %d: every row bound %.1f s after node start (%.1f s sending); one binding per row "
          "after %s; sent %d REGISTERs, peak %.0f/s (5 s window), mean %.0f/s; carrier received %d "
          "(UDP retransmissions included)" % (rows, (all_users or now) - start, sending,
                                              "%.1f s" % (settled - start) if settled else "never (%d bindings)" % bound,
                                              count, peak_rate(samples), count / sending, received - received0))


def takeover(carrier, survivor, rows):
    start = time.time()
    before = carrier_stats(carrier)[0]
    sent_before = sent([survivor])
    began = None
    while True:
        polled_at = time.time()
        if began is None and sent([survivor]) > sent_before:
            began = polled_at
        dump = rpc(f"http://{survivor}:5071/RPC", "uac.reg_dump")
        mine = sum(1 for r in dump if r["owner_node"] == survivor + ":5060" and r["state"] == "registered")
        if mine >= rows:
            break
        if polled_at - start > 1800:
            sys.exit("gave up: %d of %d taken over" % (mine, rows))
        time.sleep(0.5)
    count, bound, _ = carrier_stats(carrier)
    print("takeover    first REGISTER %.1f s after the kill; all %d rows registered by the survivor after %.1f s "
          "(dump polled every %.1f s); sent %d REGISTERs; carrier holds %d bindings"
          % ((began or polled_at) - start, mine, polled_at - start, time.time() - polled_at + 0.5,
             sent([survivor]) - sent_before, bound))


if __name__ == "__main__":
    if sys.argv[1] == "register":
        register(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        takeover(sys.argv[2], sys.argv[3], int(sys.argv[4]))
