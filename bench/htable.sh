#!/usr/bin/env bash
# htable over JSON-RPC and DMQ: a Locus node (127.0.0.94) and a Kamailio 5.6 node (127.0.0.89) sharing the
# replicated table "plain" (the fixture kamailio-htable-node.cfg). Prints htable.sets per second over JSON-RPC
# against the Locus node (C kept-alive connections, as fast as answered, D seconds) with its p50/p99 answer
# time, and the replication lag to Kamailio (from the htable.sets call to Kamailio's htable.get showing the item;
# p50/p99), idle and under that load. A first load phase warms the JIT and is not a result.
#
#   bench/htable.sh [-c CONNECTIONS] [-d SECONDS]
set -euo pipefail
conns=8 seconds=10
while getopts "c:d:" opt; do
  case $opt in c) conns=$OPTARG ;; d) seconds=$OPTARG ;; *) exit 2 ;; esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
. "$root/bench/lib.sh"
trap 'stop_all; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
locus=127.0.0.94 kam=127.0.0.89
tables="plain=>size=8;dmqreplicate=1; timed=>size=8;autoexpire=600;dmqreplicate=1; counters=>size=4;initval=0;dmqreplicate=1; local=>size=4;"

mkdir -p "$work/kam/run"
kamailio -f "$root/node/src/test/resources/kamailio/kamailio-htable-node.cfg" -DD -E -m 512 -M 16 \
  -P "$work/kam/kamailio.pid" -Y "$work/kam/run" -w "$work/kam" \
  --substdef "!NODE_IP!$kam!" --substdef "!SEED_URI!sip:$locus:17152!" --substdef '!SIP_PORT!17155!' \
  --substdef '!DMQ_PORT!17156!' --substdef '!RPC_PORT!17157!' > "$work/kam/kamailio.log" 2>&1 &
echo $! > "$work/kam.pid"
wait_rpc "http://$kam:17157/RPC"

LOCUS_SIP_LISTEN="udp:$locus:17151" LOCUS_RPC_ADDRESS=$locus LOCUS_RPC_PORT=17153 LOCUS_CLUSTER_BIND_ADDRESS=$locus \
LOCUS_CLUSTER_PORT=17154 LOCUS_CLUSTER_NAME=htbench LOCUS_DMQ_LISTEN="udp:$locus:17152" \
LOCUS_DMQ_NOTIFICATION_ADDRESS="sip:$kam:17156" LOCUS_DMQ_PING_INTERVAL=2 LOCUS_HTABLE_TABLES="$tables" \
LOCUS_LOG_LEVEL=WARN \
  java -XX:+ExitOnOutOfMemoryError -Xmx2g -jar "$(locus_jar)" > "$work/locus.log" 2>&1 &
echo $! > "$work/locus.pid"
wait_rpc "http://$locus:17153/RPC"
for _ in $(seq 1 60); do
  curl -s -d '{"jsonrpc":"2.0","method":"dmq.list_nodes","id":1}' "http://$kam:17157/RPC" | tr -d '\n\t ' |
    grep -q "\"host\":\"$locus\",\"port\":\"17152\",\"proto\":\"\*\",\"resolved_ip\":\"$locus\",\"status\":\"active\"" && break
  sleep 0.5
done

python3 "$root/bench/htable.py" "http://$locus:17153/RPC" "http://$kam:17157/RPC" "$seconds" "$conns"
count() {  # count RPC_URL: items of "plain" by htable.stats
  curl -s -d '{"jsonrpc":"2.0","method":"htable.stats","id":1}' "$1" |
    tr -d '\n\t ' | sed -n 's/.*"name":"plain","slots":[0-9]*,"all":\([0-9]*\).*/\1/p'
}
# What is still queued towards Kamailio drains after the load; then both sides must hold the same items.
last=-1
for _ in $(seq 1 60); do
  now=$(count "http://$kam:17157/RPC")
  [ "$now" = "$last" ] && break
  last=$now
  sleep 2
done
echo "items of plain: Locus $(count "http://$locus:17153/RPC"), Kamailio $last" >&2
