#!/usr/bin/env bash
# Drives a running Locus (or any registrar) with sipp REGISTER load at stepped rates and prints, per step:
# target rate, achieved rate, completed registrations, failures, p50 and p99 response time (ms).
# Without -a every call registers a new user (a fresh AOR per step) without authentication; with -a USERS.csv
# (from bench/make-subscribers.sh) every call is REGISTER, 401, REGISTER with digest credentials, 200, each step
# taking the next unused users of the file, and the times run from the first REGISTER to the 200.
#
#   bench/register-load.sh [-t udp|tcp] [-d SECONDS_PER_STEP] [-w WARMUP_CALLS] [-a USERS.csv] HOST:PORT RATE...
#   bench/register-load.sh 127.0.0.1:5060 1000 2000 5000 8000
set -euo pipefail

transport=u1
step_seconds=10
warmup=20000
domain=locus.test
users=""
while getopts "t:d:w:D:a:" opt; do
  case $opt in
    t) case $OPTARG in udp) transport=u1 ;; tcp) transport=t1 ;; *) echo "transport: udp or tcp" >&2; exit 2 ;; esac ;;
    d) step_seconds=$OPTARG ;;
    w) warmup=$OPTARG ;;
    D) domain=$OPTARG ;;
    a) users=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
target=$1
shift
command -v sipp >/dev/null || { echo "sipp not found: apt-get install -y sip-tester" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
scenario=$here/sipp/register.xml
[ -n "$users" ] && scenario=$here/sipp/register-auth.xml
next_user=2  # line 1 of an injection file is its mode
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run_id=$(date +%s)

# One sipp run; leaves its stat and rtt CSVs in $work/$1.
run() {
  local name=$1 rate=$2 calls=$3
  mkdir -p "$work/$name"
  local inject=()
  if [ -n "$users" ]; then
    local available=$(( $(wc -l < "$users") - next_user + 1 ))
    if [ "$available" -lt "$calls" ]; then
      echo "$users has $available unused users left, step $name needs $calls: make more with make-subscribers.sh" >&2
      exit 2
    fi
    { echo SEQUENTIAL; sed -n "${next_user},$((next_user + calls - 1))p" "$users"; } > "$work/$name/users.csv"
    next_user=$((next_user + calls))
    # sipp's digest uri defaults to the target's address; Locus requires the Request-URI (RFC 2617 3.2.2.5).
    inject=(-inf "$work/$name/users.csv" -auth_uri "$domain")
  fi
  (cd "$work/$name" && timeout $((step_seconds * 6 + 60)) sipp -sf "$scenario" -t "$transport" "${inject[@]}" \
      -key user_prefix "b${run_id}${name}u" -key domain "$domain" -key expires 3600 \
      -i 127.0.0.1 -p 0 -r "$rate" -m "$calls" -l $((rate * 2)) -nostdin -recv_timeout 5000 \
      -trace_stat -fd 1 -trace_rtt -rtt_freq 1 "$target" >sipp.out 2>&1) || true
}

if [ "$warmup" -gt 0 ]; then
  echo "warm-up: $warmup registrations at 1000/s" >&2
  run warmup 1000 "$warmup"
fi

printf '%-8s %-9s %-8s %-7s %-8s %-8s\n' target achieved ok failed p50_ms p99_ms
for rate in "$@"; do
  calls=$((rate * step_seconds))
  start=$(date +%s.%N)
  run "r$rate" "$rate" "$calls"
  end=$(date +%s.%N)
  stat=$(ls "$work/r$rate"/*_.csv | grep -v _rtt)
  header=$(head -1 "$stat")
  last=$(tail -1 "$stat")
  col() { echo "$header" | tr ';' '\n' | grep -n -x "$1" | cut -d: -f1; }
  ok=$(echo "$last" | cut -d';' -f"$(col 'SuccessfulCall(C)')")
  failed=$(echo "$last" | cut -d';' -f"$(col 'FailedCall(C)')")
  elapsed=$(echo "$end - $start" | bc -l)
  achieved=$(echo "($ok + $failed) / $elapsed" | bc -l)
  read -r p50 p99 < <(awk -F';' 'NR > 1 { print $2 }' "$work/r$rate"/*_rtt.csv | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "- -" } else { print v[int((NR - 1) * 0.50) + 1], v[int((NR - 1) * 0.99) + 1] } }')
  printf '%-8s %-9.0f %-8s %-7s %-8s %-8s\n' "$rate" "$achieved" "$ok" "$failed" "$p50" "$p99"
done
