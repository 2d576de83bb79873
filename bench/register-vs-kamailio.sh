#!/usr/bin/env bash
# Locus against Kamailio 5.6 on the REGISTER path, same machine, same harness, alternating, fresh nodes each time:
# sipp closed loop (-l OUTSTANDING outstanding REGISTERs, new AOR per call, no authentication), counts checked
# through each registrar's own RPC (usrloc:registered_users).
# Kamailio runs bench/kamailio-registrar.cfg alone and the reference's DMQ fixture config in the cluster rows, with
# -n 8 (its default 8 UDP workers) and 1 GB of shared memory; Locus its default configuration, started by bin/locus
# (a fixed 1 GB heap; LOCUS_HEAP and LOCUS_JAVA_OPTS as there); the cluster rows' Locus nodes by bench/lib.sh (2 GB).
# Per repeat and system:
#   cold     the first CALLS new AORs into a freshly started node (for Locus: the JVM not yet warm)
#   new      the next CALLS new AORs (Locus warm)
#   refresh  BOUND AORs bound, then all re-registered (same contact, new Call-ID)
#   auth     authenticated REGISTERs into a fresh node with digest authentication against the same MariaDB
#            (Kamailio: auth_db, WITH_AUTH in bench/kamailio-registrar.cfg; Locus: db.url): REGISTER, 401, REGISTER
#            with credentials, 200, a new subscriber per call; CALLS to warm up, then CALLS measured
#   lat80    open loop at 80 % of this repeat's Kamailio "new" rate for 10 s into a fresh node warmed by 100,000: p50/p99
#   cluster  two nodes: CALLS REGISTERs into node 1, and the seconds from the first until node 2 holds them all
#   memory   (-m N, once, not repeated) bytes per binding with N bindings: Locus's heap after a full GC, one node
#            (no backup) and two (usrloc.backup_count=1: both nodes' heaps, so the backup copy is counted);
#            Kamailio's shared memory (core.shmmem used and real_used) on one node
# Prints each run, then the medians and the Locus/Kamailio ratios.
#
#   bench/register-vs-kamailio.sh [-r REPEATS] [-n CALLS] [-b BOUND] [-l OUTSTANDING] [-s] [-c] [-a] [-A] [-m BINDINGS]
#     -s: skip the cluster rows; -c: only the cluster rows; -a: skip the auth row; -A: only the auth row; -m: only
#     the memory rows, with BINDINGS bindings
# The auth row needs a local MariaDB/MySQL that the mysql client reaches as an administrator with BENCH_MYSQL
# (default: -uroot): a scratch database locus_bench_auth (and a user locus_bench) is created and dropped.
set -euo pipefail
repeats=3
calls=100000
bound=100000
outstanding=200
rows_single=1
rows_cluster=1
rows_auth=1
memory=0
while getopts "r:n:b:l:scaAm:" opt; do
  case $opt in
    r) repeats=$OPTARG ;;
    n) calls=$OPTARG ;;
    b) bound=$OPTARG ;;
    l) outstanding=$OPTARG ;;
    s) rows_cluster=0 ;;
    c) rows_single=0; rows_auth=0 ;;
    a) rows_auth=0 ;;
    A) rows_single=0; rows_cluster=0 ;;
    m) memory=$OPTARG; rows_single=0; rows_cluster=0; rows_auth=0 ;;
    *) sed -n '2,20p' "$0" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
. "$root/bench/lib.sh"
read -r -a bench_mysql <<< "${BENCH_MYSQL:--uroot}"
auth_db=locus_bench_auth
cleanup() {
  stop_all
  [ "$rows_auth" = 1 ] && mysql "${bench_mysql[@]}" -e "DROP DATABASE IF EXISTS $auth_db" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
command -v sipp >/dev/null || { echo "sipp not found: apt-get install -y sip-tester" >&2; exit 2; }
command -v kamailio >/dev/null || { echo "kamailio not found: apt-get install -y kamailio" >&2; exit 2; }
scenario=$root/bench/sipp/register.xml
run_id=$(date +%s)
results=$work/results.txt
: > "$results"
sipp_extra=()

# sipp_run DIR TARGET CALLS PREFIX RATE LIMIT [PORT]: one sipp (from PORT, default any); prints "rate ok failed
# retransmissions p50 p99" (ms).
sipp_run() {
  local dir=$1 target=$2 n=$3 prefix=$4 rate=$5 limit=$6 port=${7:-0}
  mkdir -p "$dir"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && timeout 600 sipp -sf "$scenario" -t u1 "${sipp_extra[@]}" -key user_prefix "$prefix" -key domain locus.test \
      -key expires 3600 -i 127.0.0.120 -p "$port" -r "$rate" -l "$limit" -m "$n" -nostdin -recv_timeout 5000 \
      -trace_stat -fd 1 -trace_rtt -rtt_freq 1000 "$target" > sipp.out 2>&1) || true
  end=$(date +%s.%N)
  local stat header last col ok failed retrans
  stat=$(ls "$dir"/*_.csv | grep -v _rtt | head -1)
  header=$(head -1 "$stat"); last=$(tail -1 "$stat")
  col() { echo "$header" | tr ';' '\n' | grep -n -x "$1" | cut -d: -f1; }
  ok=$(echo "$last" | cut -d';' -f"$(col 'SuccessfulCall(C)')")
  failed=$(echo "$last" | cut -d';' -f"$(col 'FailedCall(C)')")
  retrans=$(echo "$last" | cut -d';' -f"$(col 'Retransmissions(C)')")
  local p50 p99
  read -r p50 p99 < <(cat "$dir"/*_rtt.csv | awk -F';' '$1 ~ /^[0-9]/ { print $2 }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "- -"; else printf "%.1f %.1f\n", v[int((NR - 1) * 0.5) + 1], v[int((NR - 1) * 0.99) + 1] }')
  printf '%.0f %s %s %s %s %s\n' "$(echo "$ok / ($end - $start)" | bc -l)" "$ok" "$failed" "$retrans" "$p50" "$p99"
}

closed() { sipp_run "$1" "$2" "$3" "$4" 1000000 "$outstanding" "${5:-0}"; }

# setup_auth: the scratch database with Kamailio's tables (Locus's migrations) and 2 x CALLS subscribers, and the
# two sipp injection files: users-warm.csv and users.csv.
setup_auth() {
  command -v mysql >/dev/null || { echo "mysql client not found (the auth row needs it; -a skips it)" >&2; exit 2; }
  mysql "${bench_mysql[@]}" -e "DROP DATABASE IF EXISTS $auth_db; CREATE DATABASE $auth_db;
    CREATE USER IF NOT EXISTS 'locus_bench'@'127.0.0.1' IDENTIFIED BY 'locus-bench-pw';
    CREATE USER IF NOT EXISTS 'locus_bench'@'localhost' IDENTIFIED BY 'locus-bench-pw';
    GRANT ALL ON $auth_db.* TO 'locus_bench'@'127.0.0.1'; GRANT ALL ON $auth_db.* TO 'locus_bench'@'localhost';"
  LOCUS_DB_URL="jdbc:mysql://127.0.0.1:3306/$auth_db" LOCUS_DB_USER=locus_bench LOCUS_DB_PASSWORD=locus-bench-pw \
    java -jar "$(locus_jar)" migrate > "$work/migrate.log" 2>&1
  "$root/bench/make-subscribers.sh" -n $((calls * 2)) -p "a${run_id}u" -D locus.test -o "$work/users-all.csv" \
    -- "${bench_mysql[@]}" "$auth_db"
  { echo SEQUENTIAL; sed -n "2,$((calls + 1))p" "$work/users-all.csv"; } > "$work/users-warm.csv"
  { echo SEQUENTIAL; sed -n "$((calls + 2)),\$p" "$work/users-all.csv"; } > "$work/users.csv"
}

# auth_run DIR TARGET USERS: a closed-loop sipp run of bench/sipp/register-auth.xml with the users of that file.
auth_run() {
  local scenario=$root/bench/sipp/register-auth.xml
  # sipp's digest uri defaults to the target's address; both registrars check it against the Request-URI.
  local sipp_extra=(-inf "$3" -auth_uri locus.test)
  closed "$1" "$2" "$calls" unused
}

authenticated() {
  local rep=$1 system=$2 ip=$3
  if [ "$system" = locus ]; then
    LOCUS_DB_URL="jdbc:mysql://127.0.0.1:3306/$auth_db" LOCUS_DB_USER=locus_bench LOCUS_DB_PASSWORD=locus-bench-pw \
      start_node locus "$ip"
  else
    KAMAILIO_AUTH_DB="mysql://locus_bench:locus-bench-pw@127.0.0.1/$auth_db" start_node kamailio "$ip"
  fi
  auth_run "$work/$rep-$system-authwarm" "$ip:5060" "$work/users-warm.csv" > /dev/null
  local r
  r=$(auth_run "$work/$rep-$system-auth" "$ip:5060" "$work/users.csv"); record "$rep $system auth $r"
  check "$system" "$ip" $((calls * 2))
  stop_node "$ip"
}

# rpc_of SYSTEM IP: the node's JSON-RPC URL.
rpc_of() { if [ "$1" = locus ]; then echo "http://$2:5071/RPC"; else echo "http://$2:8080/RPC"; fi; }

# start_node SYSTEM IP [SEED]: with a SEED, a cluster node (DMQ; for Locus also Hazelcast), else a lone registrar
# in each one's default shape: Locus's default configuration, Kamailio's bench/kamailio-registrar.cfg.
start_node() {
  local system=$1 ip=$2 seed=${3:-}
  if [ "$system" = locus ] && [ -n "$seed" ]; then
    start_locus "$ip" "$seed" "bench$run_id"
  elif [ "$system" = locus ]; then
    LOCUS_SIP_LISTEN="udp:$ip:5060" LOCUS_RPC_ADDRESS=$ip LOCUS_CLUSTER_BIND_ADDRESS=$ip LOCUS_LOG_LEVEL=WARN \
    LOCUS_PROTECT_TRUSTED=127.0.0.0/8 LOCUS_JAR=$(locus_jar) "$root/bin/locus" > "$work/locus-$ip.log" 2>&1 &
    echo $! > "$work/locus-$ip.pid"
    wait_rpc "http://$ip:5071/RPC"
  elif [ -n "$seed" ]; then
    KAMAILIO_CHILDREN=8 start_kamailio "$ip" "$seed" 1024
  else
    mkdir -p "$work/kam-$ip/run"
    local auth=()
    [ -n "${KAMAILIO_AUTH_DB:-}" ] && auth=(-A WITH_AUTH --substdef "!DB_URL!$KAMAILIO_AUTH_DB!")
    kamailio -f "$root/bench/kamailio-registrar.cfg" -DD -E -m 1024 -M 16 -n 8 -P "$work/kam-$ip/kamailio.pid" \
      -Y "$work/kam-$ip/run" -w "$work/kam-$ip" --substdef "!NODE_IP!$ip!" --substdef '!RPC_PORT!8080!' \
      "${auth[@]}" > "$work/kam-$ip/kamailio.log" 2>&1 &
    echo $! > "$work/kam-$ip.pid"
    wait_rpc "http://$ip:8080/RPC"
  fi
}

stop_node() {
  local ip=$1
  for pid in "$work"/*"$ip".pid; do
    [ -f "$pid" ] || continue
    kill "$(cat "$pid")" 2>/dev/null || true
    while kill -0 "$(cat "$pid")" 2>/dev/null; do sleep 0.2; done
    rm -f "$pid"
  done
}

# check SYSTEM IP EXPECTED: the registrar's own count must be EXPECTED.
check() {
  local held
  held=$(statistic "$(rpc_of "$1" "$2")" registered_users)
  if [ "$held" != "$3" ]; then
    echo "  $1 at $2 holds $held AORs, expected $3" >&2
    echo "   (count mismatch)" >> "$results"
  fi
}

record() { echo "$*" >> "$results"; echo "  $*" >&2; }

single() {
  local rep=$1 system=$2 ip=$3
  start_node "$system" "$ip"
  local r
  r=$(closed "$work/$rep-$system-cold" "$ip:5060" "$calls" "c${run_id}${rep}${system}"); record "$rep $system cold $r"
  r=$(closed "$work/$rep-$system-new" "$ip:5060" "$calls" "n${run_id}${rep}${system}"); record "$rep $system new $r"
  # From one port, so that the refresh carries the same Contact (sipp's [local_port]): the same binding again.
  closed "$work/$rep-$system-bind" "$ip:5060" "$bound" "r${run_id}${rep}${system}" 15061 > /dev/null
  r=$(closed "$work/$rep-$system-refresh" "$ip:5060" "$bound" "r${run_id}${rep}${system}" 15061); record "$rep $system refresh $r"
  check "$system" "$ip" $((calls * 2 + bound))
  stop_node "$ip"
}

latency() {
  local rep=$1 system=$2 ip=$3 rate=$4
  start_node "$system" "$ip"
  closed "$work/$rep-$system-lwarm" "$ip:5060" 100000 "w${run_id}${rep}${system}" > /dev/null
  local r
  r=$(sipp_run "$work/$rep-$system-lat" "$ip:5060" $((rate * 10)) "l${run_id}${rep}${system}" "$rate" $((rate * 2)))
  record "$rep $system lat80 $r"
  stop_node "$ip"
}

cluster() {
  local rep=$1 system=$2 ip1=$3 ip2=$4
  start_node "$system" "$ip1" "sip:$ip2:5090"
  start_node "$system" "$ip2" "sip:$ip1:5090"
  local url2 before
  url2=$(rpc_of "$system" "$ip2")
  # Both know each other before the load: DMQ node lists (and for Locus the Hazelcast cluster) formed.
  for _ in $(seq 1 120); do
    curl -s -d '{"jsonrpc":"2.0","method":"dmq.list_nodes","id":1}' "$url2" | grep -q "$ip1" && break
    sleep 0.5
  done
  sleep 5
  before=$(statistic "$url2" registered_users)
  local start r held waited
  start=$(date +%s.%N)
  r=$(closed "$work/$rep-$system-cluster" "$ip1:5060" "$calls" "k${run_id}${rep}${system}")
  for _ in $(seq 1 1200); do
    held=$(statistic "$url2" registered_users)
    [ "$held" -ge $((before + calls)) ] && break
    sleep 0.1
  done
  waited=$(echo "$(date +%s.%N) - $start" | bc -l)
  record "$rep $system cluster $r node2_holds_all_after_s=$(printf '%.1f' "$waited") node2_holds=$((held - before))"
  stop_node "$ip1"
  stop_node "$ip2"
}

# heap_used PID: the bytes of all live objects (the class histogram, taken after a full GC). Not the heap's "used"
# after a GC: G1 counts the regions it kept, and allocation goes on meanwhile.
heap_used() {
  jcmd "$1" GC.class_histogram | awk '$1 == "Total" { print $3 }'
}

locus_pid() { cat "$work/locus-$1.pid"; }

# shm_figures URL: Kamailio's "used real_used" shared memory, bytes.
shm_figures() {
  curl -s -d '{"jsonrpc":"2.0","method":"core.shmmem","id":1}' "$1" | tr -d ' \t\n' |
    sed -n 's/.*"used":\([0-9]*\),"real_used":\([0-9]*\).*/\1 \2/p'
  echo  # the reply has no final newline, and read needs one
}

memory_rows() {
  local n=$1 before after b1 b2 a1 a2
  echo "memory: $n bindings into one Locus node" >&2
  start_node locus 127.0.0.121
  before=$(heap_used "$(locus_pid 127.0.0.121)")
  closed "$work/mem-locus" 127.0.0.121:5060 "$n" "m${run_id}l" > /dev/null
  check locus 127.0.0.121 "$n"
  after=$(heap_used "$(locus_pid 127.0.0.121)")
  record "memory locus_one_node_heap_bytes_per_binding $(( (after - before) / n )) (heap $before -> $after)"
  stop_node 127.0.0.121
  echo "memory: $n bindings into a 2-node Locus cluster (one backup)" >&2
  start_node locus 127.0.0.123 sip:127.0.0.124:5090
  start_node locus 127.0.0.124 sip:127.0.0.123:5090
  sleep 10
  b1=$(heap_used "$(locus_pid 127.0.0.123)"); b2=$(heap_used "$(locus_pid 127.0.0.124)")
  # At 3,000/s, under the cluster's closed-loop rate: an overload leaves retransmissions and operations queued in
  # the heaps, which would be counted as bindings.
  sipp_run "$work/mem-cluster" 127.0.0.123:5060 "$n" "m${run_id}c" 3000 "$outstanding" > /dev/null
  for _ in $(seq 1 600); do
    [ "$(statistic http://127.0.0.124:5071/RPC registered_users)" = "$n" ] && break
    sleep 0.5
  done
  check locus 127.0.0.124 "$n"
  a1=$(heap_used "$(locus_pid 127.0.0.123)"); a2=$(heap_used "$(locus_pid 127.0.0.124)")
  record "memory locus_two_nodes_heap_bytes_per_binding_with_backup $(( (a1 + a2 - b1 - b2) / n )) (node1 $b1 -> $a1, node2 $b2 -> $a2)"
  stop_node 127.0.0.123
  stop_node 127.0.0.124
  echo "memory: $n bindings into one Kamailio node" >&2
  mkdir -p "$work/kam-127.0.0.122/run"
  kamailio -f "$root/bench/kamailio-registrar.cfg" -DD -E -m 4096 -M 16 -n 8 -P "$work/kam-127.0.0.122/kamailio.pid" \
    -Y "$work/kam-127.0.0.122/run" -w "$work/kam-127.0.0.122" --substdef '!NODE_IP!127.0.0.122!' \
    --substdef '!RPC_PORT!8080!' > "$work/kam-127.0.0.122/kamailio.log" 2>&1 &
  echo $! > "$work/kam-127.0.0.122.pid"
  wait_rpc http://127.0.0.122:8080/RPC
  read -r b1 b2 < <(shm_figures http://127.0.0.122:8080/RPC)
  closed "$work/mem-kam" 127.0.0.122:5060 "$n" "m${run_id}k" > /dev/null
  check kamailio 127.0.0.122 "$n"
  read -r a1 a2 < <(shm_figures http://127.0.0.122:8080/RPC)
  record "memory kamailio_shm_bytes_per_binding used $(( (a1 - b1) / n )) real_used $(( (a2 - b2) / n ))"
  stop_node 127.0.0.122
}

locus_jar > /dev/null
if [ "$memory" -gt 0 ]; then
  export LOCUS_HEAP=${LOCUS_HEAP-3g}  # room for a million bindings and their backups, whatever the default
  memory_rows "$memory"
  cat "$results"
  exit 0
fi
echo "repeats=$repeats calls=$calls bound=$bound outstanding=$outstanding; Locus $(git -C "$root" rev-parse --short HEAD)" >&2
[ "$rows_auth" = 1 ] && setup_auth
for rep in $(seq 1 "$repeats"); do
  # Alternate who goes first, so that neither always meets a machine the other has just warmed.
  order="kamailio locus"
  [ $((rep % 2)) -eq 0 ] && order="locus kamailio"
  if [ "$rows_single" = 1 ]; then
    for system in $order; do
      if [ "$system" = locus ]; then single "$rep" locus 127.0.0.121; else single "$rep" kamailio 127.0.0.122; fi
    done
    kmax=$(awk -v r="$rep" '$1 == r && $2 == "kamailio" && $3 == "new" { print $4 }' "$results")
    rate=$((kmax * 8 / 10))
    for system in $order; do
      if [ "$system" = locus ]; then latency "$rep" locus 127.0.0.121 "$rate"; else latency "$rep" kamailio 127.0.0.122 "$rate"; fi
    done
  fi
  if [ "$rows_auth" = 1 ]; then
    for system in $order; do
      if [ "$system" = locus ]; then authenticated "$rep" locus 127.0.0.121; else authenticated "$rep" kamailio 127.0.0.122; fi
    done
  fi
  if [ "$rows_cluster" = 1 ]; then
    for system in $order; do
      if [ "$system" = locus ]; then cluster "$rep" locus 127.0.0.123 127.0.0.124; else cluster "$rep" kamailio 127.0.0.125 127.0.0.126; fi
    done
  fi
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print v[int((NR + 1) / 2)] }'; }
field() { awk -v s="$1" -v k="$2" -v f="$3" '$2 == s && $3 == k { print $f }' "$results"; }
echo
printf '%-8s %-22s %-22s %s\n' row "kamailio rate p50/p99" "locus rate p50/p99" "ratio (rate) / retrans k,l / node2 s k,l"
for row in cold new refresh auth lat80 cluster; do
  [ -n "$(field kamailio "$row" 4)" ] || continue
  kr=$(field kamailio "$row" 4 | median); lr=$(field locus "$row" 4 | median)
  k50=$(field kamailio "$row" 8 | median); k99=$(field kamailio "$row" 9 | median)
  l50=$(field locus "$row" 8 | median); l99=$(field locus "$row" 9 | median)
  kre=$(field kamailio "$row" 7 | median); lre=$(field locus "$row" 7 | median)
  extra=""
  if [ "$row" = cluster ]; then
    ks=$(field kamailio cluster 10 | sed 's/.*=//' | median); ls=$(field locus cluster 10 | sed 's/.*=//' | median)
    extra=" / ${ks},${ls}"
  fi
  printf '%-8s %-22s %-22s %.2f / %s,%s%s\n' "$row" "$kr $k50/$k99" "$lr $l50/$l99" "$(echo "$lr / $kr" | bc -l)" "$kre" "$lre" "$extra"
done
grep -q "count mismatch" "$results" && echo "COUNT MISMATCH: see above" >&2
echo "runs: repeat system row rate ok failed retrans p50 p99 [cluster]" >&2
cat "$results" >&2
