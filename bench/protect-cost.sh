#!/usr/bin/env bash
# What the protection against password guessing and floods (protect.*) costs, and what it buys. One Locus node
# (no database: open registration) on 127.0.0.133, each case a fresh JVM:
#
#  1. cost: REGISTER/s with protection on and off, in alternating rounds of the same run. sipp on 127.0.0.134 sends
#     new-AOR REGISTERs (bench/sipp/register.xml) as fast as the node answers them, at most OUTSTANDING at once,
#     for SECONDS after a warm-up. With protection on, that source is not trusted and protect.flood_limit is raised
#     above the load, so each request pays the whole check (ban lookup and flood count) without being banned.
#  2. flood: the node pinned to 2 cores (taskset -c 0,1) with protection at its defaults; bench/flood.py sends
#     FLOOD_RATE REGISTER datagrams/s from 127.0.0.135 while sipp on 127.0.0.136 registers at GOOD_RATE/s; prints
#     the other source's success ratio and what the node dropped. Then the same without protection. The other
#     source stands for a front proxy and its phones: at GOOD_RATE it is itself over the default flood limit (500
#     per 2 s), so it is in protect.trusted, as a front proxy must be. node_cpu: the cores the node kept busy (of 2).
#
#   bench/protect-cost.sh [-d SECONDS] [-R ROUNDS] [-o OUTSTANDING] [-f FLOOD_RATE] [-g GOOD_RATE] [-j LOCUS_JAR]
#                         [-P 1|2] (one part only)
set -euo pipefail

seconds=10
rounds=3
outstanding=200
flood_rate=20000
good_rate=500
jar=""
parts="1 2"
while getopts "d:R:o:f:g:j:P:" opt; do
  case $opt in
    d) seconds=$OPTARG ;;
    R) rounds=$OPTARG ;;
    o) outstanding=$OPTARG ;;
    f) flood_rate=$OPTARG ;;
    g) good_rate=$OPTARG ;;
    j) jar=$OPTARG ;;
    P) parts=$OPTARG ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
command -v sipp >/dev/null || { echo "sipp not found: apt-get install -y sip-tester" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
work=$(mktemp -d)
node=127.0.0.133
sip_port=17211
rpc_port=17212
rpc="http://$node:$rpc_port/RPC"
source "$here/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT
[ -n "$jar" ] || jar=$(locus_jar)
cp "$jar" "$work/locus.jar"

# start_node CPUS ENV...: one node, the given settings on top; waits for its RPC.
start_node() {
  local cpus=$1
  shift
  env LOCUS_SIP_THREADS=8 LOCUS_SIP_LISTEN="udp:$node:$sip_port" LOCUS_RPC_ADDRESS=$node LOCUS_RPC_PORT=$rpc_port \
    LOCUS_CLUSTER_BIND_ADDRESS=$node LOCUS_CLUSTER_PORT=17213 LOCUS_CLUSTER_NAME=protectbench \
    LOCUS_UACREG_ENABLED=false LOCUS_LOG_LEVEL=WARN "$@" \
    taskset -c "$cpus" java -XX:+ExitOnOutOfMemoryError -Xmx2g -jar "$work/locus.jar" > "$work/locus.log" 2>&1 &
  echo $! > "$work/locus.pid"
  wait_rpc "$rpc"
}

stop_node() {
  kill "$(cat "$work/locus.pid")" 2>/dev/null || true
  wait "$(cat "$work/locus.pid")" 2>/dev/null || true
  rm -f "$work/locus.pid"
}

# protect_stat NAME: one protect: statistic of the node, empty when there is none (protection off).
protect_stat() {
  curl -s -d '{"jsonrpc":"2.0","method":"stats.get_statistics","params":["protect:"],"id":1}' "$rpc" |
    tr -d '\n\t ' | grep -o "protect:$1=[0-9]*" | cut -d= -f2 || true
}

# The node's CPU time so far (user + system), in clock ticks: REGISTER/s on a machine other jobs share moves with
# their load, the node's own CPU per REGISTER much less.
cpu_ticks() {
  awk '{ print $14 + $15 }' "/proc/$(cat "$work/locus.pid")/stat"
}
tick=$(getconf CLK_TCK)

# sipp_run NAME SOURCE RATE LIMIT SECONDS [closed]: RATE*SECONDS REGISTERs (every one answered or timed out, so
# ok + failed is all of them); closed: as many as LIMIT outstanding allows, stopped after SECONDS.
# Prints "ok failed elapsed".
sipp_run() {
  local name=$1 src=$2 rate=$3 limit=$4 secs=$5 closed=${6:-}
  local stop=()
  [ -n "$closed" ] && stop=(-timeout "${secs}s")
  mkdir -p "$work/$name"
  local start end
  start=$(date +%s.%N)
  (cd "$work/$name" && timeout $((secs + 60)) sipp -sf "$here/sipp/register.xml" -t u1 \
      -key user_prefix "p$(date +%s%N)u" -key domain locus.test -key expires 3600 \
      -i "$src" -p 0 -r "$rate" -l "$limit" -m $((rate * secs)) "${stop[@]}" -nostdin -recv_timeout 2000 \
      -trace_stat -fd 1 "$node:$sip_port" > sipp.out 2>&1) || true
  end=$(date +%s.%N)
  local stat header last
  stat=$(ls "$work/$name"/*_.csv)
  header=$(head -1 "$stat")
  last=$(tail -1 "$stat")
  col() { echo "$header" | tr ';' '\n' | grep -n -x "$1" | cut -d: -f1; }
  echo "$(echo "$last" | cut -d';' -f"$(col 'SuccessfulCall(C)')") $(echo "$last" | cut -d';' -f"$(col 'FailedCall(C)')") $(echo "$end - $start" | bc -l)"
}

all_cpus=0-$(($(nproc) - 1))
if [[ " $parts " == *" 1 "* ]]; then
echo "1. cost on the REGISTER path: closed loop of $outstanding outstanding REGISTERs, $seconds s per round, whole machine"
printf '%-6s %-11s %-11s %-9s %-7s %-13s\n' round protection register_s ok failed cpu_us_per_reg
declare -A sum=([on]=0 [off]=0)
declare -A cpu=([on]=0 [off]=0)
for round in $(seq 1 "$rounds"); do
  for mode in on off; do
    if [ $mode = on ]; then
      start_node "$all_cpus" LOCUS_PROTECT_ENABLED=true LOCUS_PROTECT_FLOOD_LIMIT=1000000000
    else
      start_node "$all_cpus" LOCUS_PROTECT_ENABLED=false
    fi
    sipp_run "warm-$round-$mode" 127.0.0.134 20000 "$outstanding" 10 closed > /dev/null
    before=$(cpu_ticks)
    read -r ok failed elapsed < <(sipp_run "cost-$round-$mode" 127.0.0.134 50000 "$outstanding" "$seconds" closed)
    after=$(cpu_ticks)
    rate=$(echo "$ok / $elapsed" | bc -l)
    us=$(echo "($after - $before) * 1000000 / $tick / $ok" | bc -l)
    sum[$mode]=$(echo "${sum[$mode]} + $rate" | bc -l)
    cpu[$mode]=$(echo "${cpu[$mode]} + $us" | bc -l)
    printf '%-6s %-11s %-11.0f %-9s %-7s %-13.1f\n' "$round" "$mode" "$rate" "$ok" "$failed" "$us"
    stop_node
  done
done
printf 'mean REGISTER/s: on %.0f, off %.0f; on/off %.3f\n' "$(echo "${sum[on]} / $rounds" | bc -l)" \
  "$(echo "${sum[off]} / $rounds" | bc -l)" "$(echo "${sum[on]} / ${sum[off]}" | bc -l)"
printf 'mean node CPU per REGISTER (us): on %.1f, off %.1f; on/off %.3f\n' "$(echo "${cpu[on]} / $rounds" | bc -l)" \
  "$(echo "${cpu[off]} / $rounds" | bc -l)" "$(echo "${cpu[on]} / ${cpu[off]}" | bc -l)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
fi

if [[ " $parts " == *" 2 "* ]]; then
echo "2. flood: $flood_rate REGISTER datagrams/s from 127.0.0.135, another source at $good_rate REGISTER/s, node on 2 cores"
printf '%-11s %-10s %-9s %-8s %-7s %-8s %-9s %-5s %-9s\n' protection flood_sent flood_s ok failed success dropped bans node_cpu
for mode in on off; do
  start_node 0,1 LOCUS_PROTECT_ENABLED=$([ $mode = on ] && echo true || echo false) LOCUS_PROTECT_TRUSTED=127.0.0.136
  sipp_run "fwarm-$mode" 127.0.0.136 2000 "$outstanding" 10 closed > /dev/null
  python3 "$here/flood.py" 127.0.0.135 "$node:$sip_port" "$flood_rate" "$seconds" > "$work/flood-$mode.out" &
  flood_pid=$!
  before=$(cpu_ticks)
  read -r ok failed elapsed < <(sipp_run "good-$mode" 127.0.0.136 "$good_rate" "$outstanding" "$seconds")
  after=$(cpu_ticks)
  wait $flood_pid
  read -r sent sent_rate < "$work/flood-$mode.out"
  dropped=$(protect_stat dropped)
  bans=$(protect_stat bans)
  printf '%-11s %-10s %-9s %-8s %-7s %-8.3f %-9s %-5s %-9.2f\n' "$mode" "$sent" "$sent_rate" "$ok" "$failed" \
    "$(echo "$ok / ($ok + $failed)" | bc -l)" "${dropped:--}" "${bans:--}" \
    "$(echo "($after - $before) / $tick / $elapsed" | bc -l)"
  stop_node
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
