#!/usr/bin/env bash
# Calls and MESSAGEs to a registered user through a stateful, record-routing proxy (lookup of the AOR, then
# forwarding), on loopback: Kamailio 5.6 (bench/kamailio-proxy.cfg), one Locus node, and a 2-node Locus cluster
# with the callee registered at node 1 and the caller sending to node 2. For each system: the callee's and the
# recipient's contacts are registered (sipp UASes on their own addresses), a short warm-up, then calls (INVITE,
# 180, 200, ACK, hold, BYE, 200, Record-Route honoured) at stepped rates, then MESSAGEs (MESSAGE, 200) likewise.
# A step holds when no call failed and the rate achieved is at least 95 % of the target; stepping stops at the
# first step that does not. Prints every step, then per system the highest rate that held (else the first
# step's figures) and where it broke, and the ratios Locus/Kamailio (one node) and 2 nodes/1 node.
#
#   bench/calls.sh [-r CALL_RATES] [-m MESSAGE_RATES] [-d SECONDS_PER_STEP] [-p HOLD_MS] [-w WARMUP_SECONDS]
#                  [-c KAMAILIO_CHILDREN] [-s kamailio,locus,cluster] [-j LOCUS_JAR]
#   bench/calls.sh                       # stepped search, about 4 minutes
#   bench/calls.sh -r 1000 -m 4000 -d 30  # one fixed rate each
#
# Rates are comma-separated lists. Without -j the node is built (mvn package) and run from a copy of
# node/target/locus.jar. Addresses: Kamailio 127.0.0.90, Locus 127.0.0.91, cluster 127.0.0.92 (callee's registrar)
# and 127.0.0.93 (caller's proxy); callee UAS 127.0.0.95, MESSAGE UAS .96, caller .97, MESSAGE sender .98.
set -euo pipefail
call_rates=500,1000,2000,3000,4000,6000
message_rates=1000,2000,4000,6000,8000,12000
step_seconds=5
hold_ms=1000
# A JVM compiles its hot paths in its first tens of thousands of calls: 20 s at 500/s warm it (Kamailio needs
# none, and loses nothing by it).
warmup=20
children=8
systems=kamailio,locus,cluster
jar=""
while getopts "r:m:d:p:w:c:s:j:" opt; do
  case $opt in
    r) call_rates=$OPTARG ;;
    m) message_rates=$OPTARG ;;
    d) step_seconds=$OPTARG ;;
    p) hold_ms=$OPTARG ;;
    w) warmup=$OPTARG ;;
    c) children=$OPTARG ;;
    s) systems=$OPTARG ;;
    j) jar=$OPTARG ;;
    *) sed -n '10,17p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { sed -n '10,17p' "$0" >&2; exit 2; }
command -v sipp >/dev/null || { echo "sipp not found: apt-get install -y sip-tester" >&2; exit 2; }
kamailio=$(command -v kamailio || echo /usr/sbin/kamailio)
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
. "$root/bench/lib.sh"
trap 'stop_all; [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"' EXIT
sipp_dir=$root/bench/sipp

kam_ip=127.0.0.90
locus_ip=127.0.0.91
node1=127.0.0.92
node2=127.0.0.93
callee_ip=127.0.0.95
inbox_ip=127.0.0.96
caller_ip=127.0.0.97
sender_ip=127.0.0.98

# ---------------------------------------------------------------- processes

# Every process this script starts leaves its pid in $work/NAME.pid; stop NAME... ends those (stop_all the rest).
stop() {
  local name pid
  for name in "$@"; do
    [ -f "$work/$name.pid" ] || continue
    pid=$(cat "$work/$name.pid")
    rm -f "$work/$name.pid"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

# explain LOG: its error lines (sipp's screen buries them), else its end.
explain() {
  grep -m 5 -i -E 'unable|error|errno|exception|address already' "$1" >&2 || tail -20 "$1" >&2
}

# running NAME LOG: fails, explaining with LOG, when the process of $work/NAME.pid has ended (it could not bind its
# address, say, while something else answers there).
running() {
  kill -0 "$(cat "$work/$1.pid")" 2>/dev/null && return 0
  echo "$1 has ended ($2):" >&2
  explain "$2"
  return 1
}

# 2 GB of shared memory, as the nodes' -Xmx2g: transactions outlive their answer by tm's wait timer (5 s), and
# with 512 MB Kamailio ran out at 8,000 MESSAGE/s (500 answers, "out of mem" in its log).
start_kamailio_proxy() {
  mkdir -p "$work/kamailio/run"
  "$kamailio" -f "$root/bench/kamailio-proxy.cfg" -DD -E -m 2048 -M 16 \
    -P "$work/kamailio/kamailio.pid" -Y "$work/kamailio/run" -w "$work/kamailio" \
    --substdef "!PROXY_IP!$kam_ip!" -A "CHILDREN=$children" > "$work/kamailio/kamailio.log" 2>&1 &
  echo $! > "$work/kamailio.pid"
  wait_rpc "http://$kam_ip:8080/RPC"
  running kamailio "$work/kamailio/kamailio.log"
}

# start_node IP [MEMBERS]: one Locus node in its own JVM, SIP udp+tcp IP:5060, RPC IP:5071, Hazelcast IP:5701;
# returns at once (wait_rpc waits for it). Every call comes from one sipp: the node is set as behind one front
# proxy (README), its per-source UDP queue the whole queue, or its fairness cap drops the bursts Kamailio keeps.
start_node() {
  local ip=$1 members=${2:-}
  LOCUS_SIP_THREADS=${LOCUS_SIP_THREADS:-8} LOCUS_SIP_LISTEN="udp:$ip:5060,tcp:$ip:5060" LOCUS_RPC_ADDRESS=$ip \
  LOCUS_CLUSTER_BIND_ADDRESS=$ip LOCUS_CLUSTER_NAME=callbench LOCUS_CLUSTER_MEMBERS=$members \
  LOCUS_UACREG_ENABLED=false LOCUS_LOG_LEVEL=WARN \
  LOCUS_PROTECT_TRUSTED=${LOCUS_PROTECT_TRUSTED:-127.0.0.0/8} \
  LOCUS_SIP_UDP_QUEUE_PER_SOURCE=${LOCUS_SIP_UDP_QUEUE_PER_SOURCE:-2048} \
    java -XX:+ExitOnOutOfMemoryError -Xmx2g ${LOCUS_JAVA_OPTS:-} -jar "$work/locus.jar" > "$work/locus-$ip.log" 2>&1 &
  echo $! > "$work/locus-$ip.pid"
}

# register USER IP REGISTRAR RPC_URL: registers IP:5060 as USER's contact at REGISTRAR (sipp, from IP:5060), then
# waits until RPC_URL (the node the requests will go to) finds it; 1 when either fails.
register() {
  local user=$1 ip=$2 registrar=$3 rpc=$4
  mkdir -p "$work/register"
  if ! (cd "$work/register" && timeout 30 sipp -sf "$sipp_dir/contact-register.xml" -i "$ip" -p 5060 -m 1 -s "$user" \
      -key expires 3600 -nostdin -recv_timeout 5000 "$registrar:5060" > "sipp-$user.out" 2>&1); then
    echo "REGISTER of $user from $ip at $registrar failed:" >&2
    explain "$work/register/sipp-$user.out"
    return 1
  fi
  for _ in $(seq 1 60); do
    curl -s -m 2 -d "{\"jsonrpc\":\"2.0\",\"method\":\"ul.lookup\",\"params\":[\"location\",\"$user\"],\"id\":1}" "$rpc" |
      grep -q "sip:$user@$ip:5060" && return 0
    sleep 0.5
  done
  echo "$rpc does not find $user's contact sip:$user@$ip:5060 after 30 s" >&2
  return 1
}

# start_uas NAME SCENARIO USER IP: a sipp UAS on IP:5060 until stopped.
start_uas() {
  local name=$1 scenario=$2 user=$3 ip=$4
  mkdir -p "$work/$name"
  (cd "$work/$name" && exec sipp -sf "$sipp_dir/$scenario" -i "$ip" -p 5060 -s "$user" -nostdin > sipp.out 2>&1) &
  echo $! > "$work/$name.pid"
  local pid
  pid=$(cat "$work/$name.pid")
  for _ in $(seq 1 50); do
    ss -Hlunp "src $ip:5060" | grep -q "pid=$pid," && return 0
    running "$name" "$work/$name/sipp.out" || return 1
    sleep 0.1
  done
  echo "the $name UAS did not bind $ip:5060" >&2
  return 1
}

# ---------------------------------------------------------------- one step

# cpu_ticks PID...: CPU time (user + system, clock ticks) used so far by these processes and their descendants
# (Kamailio's children, a JVM's threads).
cpu_ticks() {
  local pids="$*" all="" p total=0
  while [ -n "$pids" ]; do
    all="$all $pids"
    pids=$(for p in $pids; do pgrep -P "$p" || true; done | tr '\n' ' ' | sed 's/ *$//')
  done
  for p in $all; do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# col HEADER ROW NAME: the value of column NAME in a sipp statistics row.
col() {
  local i
  i=$(echo "$1" | tr ';' '\n' | grep -n -x -F "$3" | cut -d: -f1)
  echo "$2" | cut -d';' -f"$i"
}

# step DIR KIND RATE TARGET: one sipp run of KIND (call or message) at RATE for $step_seconds against TARGET;
# prints: achieved ok failed p50 p99 retransmissions cpu why. Failed = planned - ok, so calls a killed sipp never
# finished count too; why = error answers by code (code:count), timeouts, and what never finished; cpu = CPU
# milliseconds the proxy processes ($proxy_pids, every node of a cluster) used per call or MESSAGE sent, a figure
# that other load on the machine moves less than the rates.
step() {
  local dir=$1 kind=$2 rate=$3 target=$4
  local planned=$((rate * step_seconds)) hold_s scenario user from extra=()
  if [ "$kind" = call ]; then
    scenario=call-uac.xml user=callee from=$caller_ip hold_s=$(echo "$hold_ms / 1000" | bc -l)
    extra=(-d "$hold_ms")
  else
    # no BYE after a failed MESSAGE (sipp's default would send one)
    scenario=message-uac.xml user=inbox from=$sender_ip hold_s=0
    extra=(-default_behaviors all,-bye)
  fi
  mkdir -p "$dir"
  local start end ticks
  ticks=$(cpu_ticks $proxy_pids)
  start=$(date +%s.%N)
  (cd "$dir" && timeout -k 5 $((step_seconds * 3 + hold_ms / 1000 + 30)) sipp -sf "$sipp_dir/$scenario" \
      -i "$from" -p 5060 -s "$user" "${extra[@]}" -r "$rate" -m "$planned" -l $((rate * (hold_ms / 1000 + 15))) \
      -nostdin -recv_timeout 5000 -trace_stat -fd 1 -trace_rtt -rtt_freq 1 -trace_error_codes \
      "$target:5060" > sipp.out 2>&1) || true
  end=$(date +%s.%N)
  ticks=$(( $(cpu_ticks $proxy_pids) - ticks ))
  local stat header last ok=0 timeouts=0 retrans=0
  stat=$(ls "$dir"/*_.csv 2>/dev/null | head -1 || true)
  if [ -n "$stat" ] && [ "$(wc -l < "$stat")" -ge 2 ]; then
    header=$(head -1 "$stat") last=$(tail -1 "$stat")
    ok=$(col "$header" "$last" 'SuccessfulCall(C)')
    timeouts=$(( $(col "$header" "$last" 'FailedTimeoutOnRecv(C)') + $(col "$header" "$last" 'FailedMaxUDPRetrans(C)') ))
    retrans=$(col "$header" "$last" 'Retransmissions(C)')
  fi
  local failed=$((planned - ok)) achieved why p50 p99
  achieved=$(echo "$ok / ($end - $start - $hold_s)" | bc -l)
  why=$({ cat "$dir"/*_error_codes.csv 2>/dev/null | cut -d';' -f3 | tr ',' '\n' | grep . | sort | uniq -c |
          awk '{ printf "%s:%s ", $2, $1 }'
          [ "$timeouts" -gt 0 ] && printf 'timeout:%s ' "$timeouts"
          codes=$(cat "$dir"/*_error_codes.csv 2>/dev/null | cut -d';' -f3 | tr ',' '\n' | grep -c . || true)
          rest=$((failed - codes - timeouts))
          [ "$rest" -gt 0 ] && printf 'other:%s ' "$rest"
          true; } | sed 's/ $//')
  read -r p50 p99 < <(cat "$dir"/*_rtt.csv 2>/dev/null | awk -F';' '$1 ~ /^[0-9]/ { print $2 }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "- -"; else print v[int((NR - 1) * 0.5) + 1], v[int((NR - 1) * 0.99) + 1] }')
  local cpu
  cpu=$(echo "$ticks * 1000 / $(getconf CLK_TCK) / $planned" | bc -l)
  printf '%.0f %s %s %s %s %s %.3f %s\n' "$achieved" "$ok" "$failed" "$p50" "$p99" "$retrans" "$cpu" "${why:--}"
}

# ---------------------------------------------------------------- one system

declare -A summary
row_format='%-9s %-8s %-7s %-9s %-7s %-7s %-7s %-7s %-8s %-7s %s\n'

# measure SYSTEM KIND RATES TARGET: warm-up, then the steps up to the first that does not hold.
measure() {
  local sys=$1 kind=$2 rates=$3 target=$4 rate
  local a o f p50 p99 r c why
  if [ "$warmup" -gt 0 ]; then
    local wrate=${rates%%,*}
    [ "$wrate" -gt 500 ] && wrate=500
    read -r a o f p50 p99 r c why < <(step_seconds=$warmup step "$work/$sys/$kind-warmup" "$kind" "$wrate" "$target")
    echo "$sys $kind warm-up at $wrate/s for $warmup s: $o ok, $f failed$([ "$why" = - ] || echo " ($why)")" >&2
  fi
  summary[$sys.$kind]=""
  summary[$sys.$kind.broke]="-"
  for rate in ${rates//,/ }; do
    read -r a o f p50 p99 r c why < <(step "$work/$sys/$kind-$rate" "$kind" "$rate" "$target")
    printf "$row_format" "$sys" "$kind" "$rate" "$a" "$o" "$f" "$p50" "$p99" "$r" "$c" "$why"
    if [ "$f" -eq 0 ] && [ "$((a * 100))" -ge "$((rate * 95))" ]; then
      summary[$sys.$kind]="$a 0 $p99 $c"
    else
      [ -n "${summary[$sys.$kind]}" ] || summary[$sys.$kind]="$a $f $p99 $c"
      if [ "$f" -eq 0 ]; then
        summary[$sys.$kind.broke]="$rate: only $a/s"
      else
        summary[$sys.$kind.broke]="$rate: ${why// /,}"
      fi
      break
    fi
  done
}

# run_system SYSTEM PROXY REGISTRAR RPC_OF_PROXY: the callee and the recipient registered at REGISTRAR, found by
# the proxy's RPC, their UASes started; calls then MESSAGEs sent to PROXY.
run_system() {
  local sys=$1 proxy=$2 registrar=$3 rpc=$4
  register callee $callee_ip "$registrar" "$rpc"
  register inbox $inbox_ip "$registrar" "$rpc"
  start_uas "$sys-callee" call-uas.xml callee $callee_ip
  start_uas "$sys-inbox" message-uas.xml inbox $inbox_ip
  measure "$sys" call "$call_rates" "$proxy"
  measure "$sys" message "$message_rates" "$proxy"
  stop "$sys-callee" "$sys-inbox"
}

# ---------------------------------------------------------------- main

if [[ ,$systems, == *,locus,* || ,$systems, == *,cluster,* ]]; then
  if [ -z "$jar" ]; then
    echo "building the node (mvn package)" >&2
    (cd "$root" && mvn -q -B -ntp -DskipTests package > "$work/build.log" 2>&1) || { cat "$work/build.log" >&2; exit 1; }
    jar=$root/node/target/locus.jar
  fi
  # a copy, so that a rebuild meanwhile does not change the classes under the running JVMs
  cp "$jar" "$work/locus.jar"
fi
echo "$(date -u +%Y-%m-%dT%H:%MZ), Locus $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $("$kamailio" -v 2>/dev/null | head -1 | sed 's/^version: //; s/ (.*//'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "steps of $step_seconds s; calls hold $hold_ms ms; Kamailio children=$children" >&2
proxy_pids=""
printf "$row_format" system kind target achieved ok failed p50_ms p99_ms retrans cpu_ms why

for sys in ${systems//,/ }; do
  case $sys in
    kamailio)
      start_kamailio_proxy
      proxy_pids=$(cat "$work/kamailio.pid")
      run_system kamailio $kam_ip $kam_ip "http://$kam_ip:8080/RPC"
      stop kamailio
      ;;
    locus)
      start_node $locus_ip
      wait_rpc "http://$locus_ip:5071/RPC"
      running "locus-$locus_ip" "$work/locus-$locus_ip.log"
      proxy_pids=$(cat "$work/locus-$locus_ip.pid")
      run_system locus $locus_ip $locus_ip "http://$locus_ip:5071/RPC"
      stop "locus-$locus_ip"
      ;;
    cluster)
      start_node $node1 "$node1:5701,$node2:5701"
      start_node $node2 "$node1:5701,$node2:5701"
      wait_rpc "http://$node1:5071/RPC"
      wait_rpc "http://$node2:5071/RPC"
      running "locus-$node1" "$work/locus-$node1.log"
      running "locus-$node2" "$work/locus-$node2.log"
      proxy_pids="$(cat "$work/locus-$node1.pid") $(cat "$work/locus-$node2.pid")"
      # registered at node 1, found and called through node 2
      run_system cluster $node2 $node1 "http://$node2:5071/RPC"
      stop "locus-$node2" "locus-$node1"
      ;;
    *) echo "unknown system $sys (kamailio, locus, cluster)" >&2; exit 2 ;;
  esac
done

# compare A B KIND FIELD: A's FIELD (1 rate, 4 cpu_ms) of KIND over B's, to 2 decimals; "-" unless a step of
# both held (a rate of calls that all failed compares nothing).
compare() {
  local a=${summary[$1.$3]:-} b=${summary[$2.$3]:-}
  local af bf
  read -r _ af _ _ <<< "$a"
  read -r _ bf _ _ <<< "$b"
  if [ -z "$a" ] || [ -z "$b" ] || [ "$af" != 0 ] || [ "$bf" != 0 ]; then echo -; return; fi
  a=$(echo "$a" | cut -d' ' -f"$4") b=$(echo "$b" | cut -d' ' -f"$4")
  if [ "$(echo "$b == 0" | bc)" = 1 ]; then echo -; else printf '%.2f' "$(echo "$a / $b" | bc -l)"; fi
}
# ratios A B: the line of ratios of system A over system B.
ratios() {
  echo "calls/s $(compare "$1" "$2" call 1)  MESSAGE/s $(compare "$1" "$2" message 1)  CPU per call $(compare "$1" "$2" call 4)  per MESSAGE $(compare "$1" "$2" message 4)"
}

echo
echo "highest rate that held (0 failed, >= 95 % of target), else the first step; broke = the step that did not hold;"
echo "cpu_ms = the proxy's CPU milliseconds per call or MESSAGE at that rate (both nodes for the cluster)"
summary_format='%-9s %-8s %-7s %-7s %-7s %-22s %-10s %-7s %-7s %-7s %s\n'
printf "$summary_format" system calls/s failed p99_ms cpu_ms broke MESSAGE/s failed p99_ms cpu_ms broke
for sys in ${systems//,/ }; do
  read -r ca cf cp cc <<< "${summary[$sys.call]:-- - - -}"
  read -r ma mf mp mc <<< "${summary[$sys.message]:-- - - -}"
  printf "$summary_format" "$sys" "$ca" "$cf" "$cp" "$cc" "${summary[$sys.call.broke]:--}" \
    "$ma" "$mf" "$mp" "$mc" "${summary[$sys.message.broke]:--}"
done
echo
if [[ ,$systems, == *,kamailio,* && ,$systems, == *,locus,* ]]; then
  echo "Locus/Kamailio, one node:   $(ratios locus kamailio)"
fi
if [[ ,$systems, == *,locus,* && ,$systems, == *,cluster,* ]]; then
  echo "cross-node, 2 nodes/1 node: $(ratios cluster locus)"
fi
[[ ,$systems, == *,locus,* ]] && echo "(- where a system held no step: every step had failures)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine lowers the rates; cpu_ms moves less)"
