#!/usr/bin/env bash
# Replication lag between a Locus node (127.0.0.131) and a Kamailio 5.6 node (127.0.0.132) in one DMQ cluster
# at a given REGISTER rate (default 1,000/s), each direction: REGISTERs go to one node, and the lag of each is the
# time from that node's 200 OK to the other node's 200 for the usrloc KDMQ that carried it (i.e. applied),
# read from a tcpdump capture of the loopback interface (needs root and tcpdump).
#
#   bench/lag-load.sh [-r RATE] [-d SECONDS]
set -euo pipefail
rate=1000 seconds=10
while getopts "r:d:" opt; do
  case $opt in r) rate=$OPTARG ;; d) seconds=$OPTARG ;; *) exit 2 ;; esac
done
command -v tcpdump >/dev/null || { echo "tcpdump not found: apt-get install -y tcpdump" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
. "$root/bench/lib.sh"
trap 'stop_all; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

start_locus 127.0.0.131 sip:127.0.0.132:5090 lagbench
start_kamailio 127.0.0.132 sip:127.0.0.131:5090
sleep 5

run() {  # run NAME TARGET
  mkdir -p "$work/$1"
  tcpdump -i lo -s 0 -w "$work/$1/cap.pcap" 'udp and (host 127.0.0.131 or host 127.0.0.132)' 2>/dev/null &
  local dump=$!
  sleep 1
  (cd "$work/$1" && sipp -sf "$root/bench/sipp/register.xml" -t u1 -key user_prefix "lag$1u" -key domain locus.test \
      -key expires 3600 -i 127.0.0.1 -p 0 -r "$rate" -m $((rate * seconds)) -nostdin "$2:5060" > sipp.out 2>&1 || true)
  sleep 2
  kill "$dump"; wait "$dump" 2>/dev/null || true
  printf '%-20s ' "$3"
  tcpdump -nn -tt -A -r "$work/$1/cap.pcap" 2>/dev/null | python3 "$root/bench/lag.py" "$2"
}
echo "warm-up" >&2
(cd "$work" && sipp -sf "$root/bench/sipp/register.xml" -t u1 -key user_prefix warmu -key domain locus.test \
    -key expires 3600 -i 127.0.0.1 -p 0 -r 1000 -m 10000 -nostdin 127.0.0.131:5060 > /dev/null 2>&1 || true)
run locus 127.0.0.131 "Locus -> Kamailio"
run kamailio 127.0.0.132 "Kamailio -> Locus"
