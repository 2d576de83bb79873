#!/usr/bin/env python3
"""Sends REGISTER datagrams from one source at a steady rate, for the protection benchmark.

    bench/flood.py SOURCE_IP TARGET_IP:PORT RATE SECONDS

Paced in 5 ms slices (RATE/200 datagrams each), each datagram a new Call-ID; never reads an answer. Prints the
datagrams sent and the rate achieved.
"""
import socket
import sys
import time

source, target, rate, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
host, port = target.rsplit(":", 1)
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((source, 0))
local = sock.getsockname()[1]
dest = (host, int(port))
template = ("REGISTER sip:locus.test SIP/2.0\r\nVia: SIP/2.0/UDP %s:%d;branch=z9hG4bKf%%d\r\n"
            "Max-Forwards: 70\r\nFrom: <sip:flood@locus.test>;tag=f%%d\r\nTo: <sip:flood@locus.test>\r\n"
            "Call-ID: flood-%%d\r\nCSeq: 1 REGISTER\r\nContact: <sip:flood@%s:%d>\r\nExpires: 60\r\n"
            "Content-Length: 0\r\n\r\n") % (source, local, source, local)
slice_seconds = 0.005
per_slice = max(1, int(rate * slice_seconds))
sent = 0
start = time.monotonic()
next_slice = start
while time.monotonic() - start < seconds:
    for _ in range(per_slice):
        sock.sendto((template % (sent, sent, sent)).encode(), dest)
        sent += 1
    next_slice += slice_seconds
    delay = next_slice - time.monotonic()
    if delay > 0:
        time.sleep(delay)
elapsed = time.monotonic() - start
print("%d %.0f" % (sent, sent / elapsed))
