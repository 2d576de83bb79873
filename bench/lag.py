#!/usr/bin/env python3
"""Replication lag from a capture (tcpdump -tt -A text on stdin): for every REGISTER answered 200 by the
registrar at REGISTRAR (ip), the time until the other node answered 200 to the usrloc KDMQ that carried that
REGISTER's Call-ID (i.e. had applied it). Prints count, p50 and p99 in milliseconds."""
import re
import sys

registrar = sys.argv[1]
packets = []
current = None
header = re.compile(r'^(\d+\.\d+) IP (\d+\.\d+\.\d+\.\d+)\.(\d+) > (\d+\.\d+\.\d+\.\d+)\.(\d+): (UDP|SIP)')
for line in sys.stdin:
    m = header.match(line)
    if m:
        current = {"t": float(m.group(1)), "src": m.group(2), "sport": m.group(3), "text": []}
        packets.append(current)
    elif current is not None:
        current["text"].append(line)

answered = {}      # REGISTER Call-ID -> time of the registrar's 200
carried = {}       # KDMQ Call-ID -> REGISTER Call-ID it carried
applied = {}       # KDMQ Call-ID -> time of the replica's 200
for p in packets:
    text = "".join(p["text"])
    call = re.search(r'Call-ID: *([^\r\n]+)', text)
    if not call:
        continue
    call = call.group(1).strip()
    if "SIP/2.0 200" in text and "REGISTER" in text and p["src"] == registrar and p["sport"] == "5060":
        answered.setdefault(call, p["t"])
    elif "KDMQ sip:usrloc@" in text:
        body = re.search(r'"callid":"([^"]*)"', text)
        if body:
            carried[call] = body.group(1)
    elif "SIP/2.0 200" in text and "KDMQ" in text and p["src"] != registrar:
        applied.setdefault(call, p["t"])

lags = []
for kdmq_call, register_call in carried.items():
    if register_call in answered and kdmq_call in applied:
        lags.append((applied[kdmq_call] - answered[register_call]) * 1000)
lags.sort()
if not lags:
    print("no matched REGISTER/KDMQ pairs")
    sys.exit(1)
def pct(q):
    return lags[min(len(lags) - 1, int(q * (len(lags) - 1)))]
print("%d replicated  p50 %.2f ms  p99 %.2f ms  max %.2f ms" % (len(lags), pct(0.5), pct(0.99), lags[-1]))
