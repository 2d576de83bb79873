#!/usr/bin/env bash
# Issue 11's fuzzing figure: N generated SIP messages (mutations of real REGISTER, INVITE and KDMQ messages) over
# UDP and TCP to one Locus node (its own JVM, -Xmx1g, SIP udp+tcp 127.0.0.251:5060, DMQ 127.0.0.251:5090, a
# stand-in Kamailio DMQ node on 127.0.0.252:5090), paced at RATE messages/s, then the checks: REGISTER and JSON-RPC
# answered throughout, every binding kept, nothing unexpected in the node's log, the node alive. Prints the figure;
# exits 1 when it found a misbehaviour. A failing message is made again with
#   java -cp node/target/test-classes:node/target/locus.jar dev.locus.node.fuzz.Fuzzer --replay SEED:INDEX [--send]
# (with --send, against a node started as here: KEEP=1 keeps the scratch directory and its node log).
#
#   bench/fuzz.sh [-n MESSAGES] [-r RATE] [-s SEED]
set -euo pipefail
messages=1000000
rate=1000
seed=$(( $(date +%s%N) & 0xFFFFFFFF ))
while getopts "n:r:s:" opt; do
  case $opt in n) messages=$OPTARG ;; r) rate=$OPTARG ;; s) seed=$OPTARG ;; *) exit 2 ;; esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
. "$root/bench/lib.sh"
trap 'stop_all; [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"' EXIT

# The fuzzer lives in the node's test classes (it reuses the test support), kept out of the production jar.
(cd "$root" && mvn -q -B -ntp -DskipTests package)
# Run from a copy, so that a rebuild meanwhile does not change the classes under the running JVMs.
cp "$root/node/target/locus.jar" "$work/locus.jar"
cp -r "$root/node/target/test-classes" "$work/test-classes"
node=127.0.0.251
LOCUS_SIP_LISTEN="udp:$node:5060,tcp:$node:5060" LOCUS_RPC_ADDRESS=$node LOCUS_RPC_PORT=16401 \
LOCUS_CLUSTER_BIND_ADDRESS=$node LOCUS_CLUSTER_PORT=16402 LOCUS_CLUSTER_NAME=fuzzbench \
LOCUS_DMQ_LISTEN="udp:$node:5090" LOCUS_DMQ_NOTIFICATION_ADDRESS=sip:127.0.0.252:5090 LOCUS_DMQ_PING_INTERVAL=1 \
LOCUS_UACREG_ENABLED=false LOCUS_HTABLE_TABLES="dmqt=>size=8;dmqreplicate=1; dmqx=>size=8;autoexpire=600;dmqreplicate=1;" \
LOCUS_PROTECT_TRUSTED=${LOCUS_PROTECT_TRUSTED:-127.0.0.0/8} \
  java -XX:+ExitOnOutOfMemoryError -Xmx1g -jar "$work/locus.jar" > "$work/locus.log" 2>&1 &
echo $! > "$work/locus.pid"
wait_rpc "http://$node:16401/RPC"

echo "Locus $(git -C "$root" rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ), seed $seed" >&2
java -cp "$work/test-classes:$work/locus.jar" dev.locus.node.fuzz.Fuzzer \
  --seed "$seed" --messages "$messages" --rate "$rate" --node $node --sip-port 5060 --dmq-port 5090 --rpc-port 16401 \
  --peer-host 127.0.0.252 --peer-port 5090 --fuzz-host 127.0.0.253 --probe-host 127.0.0.254 --sender-port 16450 \
  --log "$work/locus.log" --pid "$(cat "$work/locus.pid")"
