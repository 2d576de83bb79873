#!/usr/bin/env bash
# REGISTER/s into a 2-node Locus cluster, then the same load into a 2-node Kamailio 5.6 DMQ cluster (the
# reference's fixture config), both started here on loopback; each node takes half the rate from its own sipp.
# Prints per step and system: target, achieved, 200s, failures, p50/p99 (ms), and the Locus/Kamailio ratio.
#
#   bench/cluster-load.sh [-d SECONDS_PER_STEP] RATE [RATE...]
set -euo pipefail
step_seconds=10
while getopts "d:" opt; do
  case $opt in d) step_seconds=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { sed -n '2,7p' "$0" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
. "$root/bench/lib.sh"
trap 'stop_all; rm -rf "$work"' EXIT
scenario=$root/bench/sipp/register.xml

# step NAME RATE TARGET...: one sipp per target at RATE/targets; prints achieved ok failed p50 p99.
step() {
  local name=$1 rate=$2
  shift 2
  local per=$((rate / $#)) calls=$((rate * step_seconds / $#)) i=0
  local start end pids=()
  start=$(date +%s.%N)
  for target in "$@"; do
    i=$((i + 1))
    mkdir -p "$work/$name/$i"
    (cd "$work/$name/$i" && sipp -sf "$scenario" -t u1 -key user_prefix "${name}n${i}u" -key domain locus.test \
        -key expires 3600 -i 127.0.0.1 -p 0 -r "$per" -m "$calls" -l $((per * 2)) -nostdin -recv_timeout 5000 \
        -trace_stat -fd 1 -trace_rtt -rtt_freq 1 "$target:5060" > sipp.out 2>&1 || true) &
    pids+=($!)
  done
  wait "${pids[@]}"
  end=$(date +%s.%N)
  local ok=0 failed=0
  for stat in "$work/$name"/*/register_*_.csv; do
    local header last okc failc
    header=$(head -1 "$stat"); last=$(tail -1 "$stat")
    okc=$(echo "$header" | tr ';' '\n' | grep -n -x 'SuccessfulCall(C)' | cut -d: -f1)
    failc=$(echo "$header" | tr ';' '\n' | grep -n -x 'FailedCall(C)' | cut -d: -f1)
    ok=$((ok + $(echo "$last" | cut -d';' -f"$okc")))
    failed=$((failed + $(echo "$last" | cut -d';' -f"$failc")))
  done
  local achieved p50 p99
  achieved=$(echo "($ok + $failed) / ($end - $start)" | bc -l)
  read -r p50 p99 < <(cat "$work/$name"/*/register_*_rtt.csv | awk -F';' '$1 ~ /^[0-9]/ { print $2 }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "- -"; else print v[int((NR - 1) * 0.5) + 1], v[int((NR - 1) * 0.99) + 1] }')
  printf '%.0f %s %s %s %s\n' "$achieved" "$ok" "$failed" "$p50" "$p99"
}

echo "starting 2 Locus nodes (127.0.0.101, .102) and 2 Kamailio nodes (127.0.0.111, .112)" >&2
start_locus 127.0.0.101 sip:127.0.0.102:5090 bench
start_locus 127.0.0.102 sip:127.0.0.101:5090 bench
start_kamailio 127.0.0.111 sip:127.0.0.112:5090
start_kamailio 127.0.0.112 sip:127.0.0.111:5090
sleep 12  # both clusters form (Hazelcast merge search, DMQ pings)
echo "warm-up: 20000 registrations into each cluster" >&2
step warmlocus 2000 127.0.0.101 127.0.0.102 > /dev/null
step warmkam 2000 127.0.0.111 127.0.0.112 > /dev/null

printf '%-9s %-7s %-9s %-8s %-7s %-7s %-7s\n' system target achieved ok failed p50_ms p99_ms
for rate in "$@"; do
  read -r la lo lf l50 l99 < <(step "locus$rate" "$rate" 127.0.0.101 127.0.0.102)
  printf '%-9s %-7s %-9s %-8s %-7s %-7s %-7s\n' locus "$rate" "$la" "$lo" "$lf" "$l50" "$l99"
  read -r ka ko kf k50 k99 < <(step "kam$rate" "$rate" 127.0.0.111 127.0.0.112)
  printf '%-9s %-7s %-9s %-8s %-7s %-7s %-7s\n' kamailio "$rate" "$ka" "$ko" "$kf" "$k50" "$k99"
  printf '%-9s %-7s %.2f\n' ratio "$rate" "$(echo "$la / $ka" | bc -l)"
done
echo "bindings: locus $(statistic http://127.0.0.101:5071/RPC registered_users), kamailio $(statistic http://127.0.0.111:8080/RPC registered_users) (each includes its peer's via DMQ/Hazelcast)" >&2
