# Shared by the cluster benchmarks: start and stop Locus and Kamailio nodes on loopback addresses.
# Sourced, not run. Expects $work (a scratch directory) and $root (the repository).

locus_jar() {
  [ -f "$root/node/target/locus.jar" ] || (cd "$root" && mvn -q -B -DskipTests package)
  echo "$root/node/target/locus.jar"
}

# start_locus IP SEEDS CLUSTER_NAME: one node in its own JVM, started by bin/locus (a fixed heap of LOCUS_HEAP,
# here 2g unless set; LOCUS_JAVA_OPTS on top); RPC on IP:5071. The load generators on loopback send
# at rates protect.flood_limit would ban: trusted (the protection still checks and counts each request).
start_locus() {
  local ip=$1 seeds=$2 cluster=$3
  LOCUS_SIP_THREADS=${LOCUS_SIP_THREADS:-8} LOCUS_SIP_LISTEN="udp:$ip:5060" LOCUS_RPC_ADDRESS=$ip LOCUS_CLUSTER_BIND_ADDRESS=$ip LOCUS_CLUSTER_NAME=$cluster \
  LOCUS_DMQ_LISTEN="udp:$ip:5090" LOCUS_DMQ_NOTIFICATION_ADDRESS=$seeds LOCUS_DMQ_PING_INTERVAL=2 LOCUS_LOG_LEVEL=WARN \
  LOCUS_PROTECT_TRUSTED=${LOCUS_PROTECT_TRUSTED:-127.0.0.0/8} \
  LOCUS_HEAP=${LOCUS_HEAP-2g} LOCUS_JAR=$(locus_jar) "$root/bin/locus" > "$work/locus-$ip.log" 2>&1 &
  echo $! > "$work/locus-$ip.pid"
  wait_rpc "http://$ip:5071/RPC"
}

# start_kamailio IP SEED [SHM_MB]: the reference's DMQ fixture config; RPC on IP:8080; KAMAILIO_CHILDREN workers.
start_kamailio() {
  local ip=$1 seed=$2 shm=${3:-256}
  mkdir -p "$work/kam-$ip/run"
  # KAMAILIO_CHILDREN overrides the fixture's children=2 (-n: UDP workers per socket; Kamailio's default is 8).
  kamailio -f "$root/node/src/test/resources/kamailio/kamailio-dmq-node.cfg" -DD -E -m "$shm" -M 16 \
    ${KAMAILIO_CHILDREN:+-n "$KAMAILIO_CHILDREN"} \
    -P "$work/kam-$ip/kamailio.pid" -Y "$work/kam-$ip/run" -w "$work/kam-$ip" \
    --substdef "!NODE_IP!$ip!" --substdef "!SEED_URI!$seed!" --substdef '!MULTI_NOTIFY!0!' \
    > "$work/kam-$ip/kamailio.log" 2>&1 &
  echo $! > "$work/kam-$ip.pid"
  wait_rpc "http://$ip:8080/RPC"
}

wait_rpc() {
  for _ in $(seq 1 120); do
    curl -s -m 1 -d '{"jsonrpc":"2.0","method":"core.version","id":1}' "$1" 2>/dev/null | grep -q result && return 0
    sleep 0.5
  done
  echo "no answer from $1" >&2
  return 1
}

stop_all() {
  for pid in "$work"/*.pid; do
    [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
  done
  wait 2>/dev/null || true
}

# statistic URL NAME: the value of one stats.get_statistics line.
statistic() {
  curl -s -d "{\"jsonrpc\":\"2.0\",\"method\":\"stats.get_statistics\",\"params\":[\"$2\"],\"id\":1}" "$1" |
    tr -d '\n\t ' | sed -n 's/.*=\([0-9]*\)".*/\1/p'
}
