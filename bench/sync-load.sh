#!/usr/bin/env bash
# Time for a joining Kamailio 5.6 node to receive N bindings from Locus (dmq_usrloc full sync), count checked.
# Starts a Locus node (127.0.0.121), fills it with N bindings over JSON-RPC (ul.add), then starts Kamailio
# (127.0.0.122, the reference's DMQ fixture config) seeded with it, and polls Kamailio's location_contacts.
#
#   bench/sync-load.sh [-n BINDINGS]
set -euo pipefail
count=200000
while getopts "n:" opt; do
  case $opt in n) count=$OPTARG ;; *) exit 2 ;; esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
. "$root/bench/lib.sh"
trap 'stop_all; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

start_locus 127.0.0.121 sip:127.0.0.122:5090 syncbench
echo "filling Locus with $count bindings over JSON-RPC" >&2
# Batches of 100: rpc.max_batch's default; requests beyond it would be refused.
seq 1 "$count" | awk -v dir="$work" '
  { f = sprintf("%s/batch-%05d.json", dir, int(($1 - 1) / 100))
    printf "%s{\"jsonrpc\":\"2.0\",\"method\":\"ul.add\",\"params\":[\"location\",\"sync%d\",\"sip:sync%d@192.0.2.1:5060\",3600,-1,\".\",0,0,4294967295],\"id\":%d}", (($1 - 1) % 100 == 0 ? "[" : ","), $1, $1, $1 > f
    if ($1 % 100 == 0) { printf "]" > f; close(f) } }
  END { if (NR % 100 != 0) printf "]" > f }'
ls "$work"/batch-*.json | xargs -P 4 -I{} curl -s -o /dev/null -H 'Content-Type: application/json' --data-binary @{} http://127.0.0.121:5071/RPC
have=$(statistic http://127.0.0.121:5071/RPC location_contacts)
echo "Locus holds $have bindings" >&2

start=$(date +%s.%N)
start_kamailio 127.0.0.122 sip:127.0.0.121:5090 1024
got=0
for _ in $(seq 1 600); do
  got=$(statistic http://127.0.0.122:8080/RPC location_contacts)
  [ "${got:-0}" -ge "$have" ] && break
  sleep 0.1
done
end=$(date +%s.%N)
printf 'bindings %s  received %s  lost %s  seconds %.2f (from Kamailio start, its own start-up included)\n' \
  "$have" "$got" "$((have - got))" "$(echo "$end - $start" | bc -l)"
