#!/usr/bin/env bash
# N trunk rows (uacreg) registered from a 2-node Locus cluster at the reference's test carrier (a real Kamailio
# 5.6 that challenges every REGISTER): time until all are registered, peak REGISTER/s the carrier received (each
# row costs two: challenged, then with credentials; bounded by uacreg.max_rate per node), and the time for the
# survivor to take over the rows of a node killed with SIGKILL (registered again, from the survivor's address).
#
#   bench/uacreg-load.sh [-n ROWS] [-r MAX_RATE_PER_NODE] [-- MYSQL_OPTIONS]
#
# Needs kamailio, kamailio-mysql-modules and a local MySQL/MariaDB the mysql client reaches with MYSQL_OPTIONS
# (default: -uroot); a scratch database locus_bench_uacreg is created and dropped.
set -euo pipefail
rows=10000
rate=200
while getopts "n:r:" opt; do
  case $opt in n) rows=$OPTARG ;; r) rate=$OPTARG ;; *) exit 2 ;; esac
done
shift $((OPTIND - 1))
mysql_opts=("${@:--uroot}")
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
. "$root/bench/lib.sh"
db=locus_bench_uacreg
carrier=127.0.0.161
a=127.0.0.162
b=127.0.0.163
cleanup() {
  stop_all || true
  mysql "${mysql_opts[@]}" -e "DROP DATABASE IF EXISTS $db" || true
  [ -n "${KEEP:-}" ] || rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

mysql "${mysql_opts[@]}" -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
export LOCUS_DB_URL="jdbc:mysql://127.0.0.1:3306/$db" LOCUS_DB_USER=locus_bench LOCUS_DB_PASSWORD=locus-bench-pw
mysql "${mysql_opts[@]}" -e "CREATE USER IF NOT EXISTS 'locus_bench'@'127.0.0.1' IDENTIFIED BY 'locus-bench-pw';
  CREATE USER IF NOT EXISTS 'locus_bench'@'localhost' IDENTIFIED BY 'locus-bench-pw';
  GRANT ALL ON $db.* TO 'locus_bench'@'127.0.0.1'; GRANT ALL ON $db.* TO 'locus_bench'@'localhost';"
java -jar "$(locus_jar)" migrate > "$work/migrate.log" 2>&1
seq 0 $((rows - 1)) | awk -v c=$carrier '
  BEGIN { print "INSERT INTO uacreg (l_uuid, l_username, l_domain, r_username, r_domain, realm, auth_username, auth_password, auth_ha1, auth_proxy, expires, flags, reg_delay, contact_addr, socket) VALUES" }
  { printf "%s(\"bt%05d\",\"bu%05d\",\"client.example\",\"bc%05d\",\"carrier.example\",\"carrier.example\",\"bc%05d\",\"trunkpw\",\"\",\"sip:%s:5060\",3600,0,0,\"\",\"\")\n", (NR > 1 ? "," : ""), $1, $1, $1, $1, c }
  END { print ";" }' | mysql "${mysql_opts[@]}" "$db"

mkdir -p "$work/carrier/run"
sed -e 's/sip:127.0.0.22:5060/sip:127.0.0.21:5060/' -e "s/127\.0\.0\.21/$carrier/g" \
  "$root/node/src/test/resources/kamailio/kamailio-carrier.cfg" > "$work/carrier/carrier.cfg"
kamailio -f "$work/carrier/carrier.cfg" -DD -E -m 512 -M 16 -P "$work/carrier/kamailio.pid" -Y "$work/carrier/run" \
  -w "$work/carrier" -A "CTLSOCK=\"unix:$work/carrier/run/ctl.sock\"" -A "FIFO=\"$work/carrier/run/rpc.fifo\"" \
  -A "DBURL=\"mysql://locus_bench:locus-bench-pw@127.0.0.1/$db\"" > "$work/carrier/kamailio.log" 2>&1 &
echo $! > "$work/carrier.pid"
wait_rpc "http://$carrier:8021/RPC"

# uacreg.quorum 1: the default (a majority of the 2 listed members) would keep the survivor quiet after the kill.
start_trunk_node() {
  local ip=$1
  LOCUS_SIP_LISTEN="udp:$ip:5060" LOCUS_RPC_ADDRESS=$ip LOCUS_CLUSTER_BIND_ADDRESS=$ip LOCUS_CLUSTER_NAME=uacbench \
  LOCUS_CLUSTER_MEMBERS="$a:5701,$b:5701" LOCUS_AUTH_ENABLED=false LOCUS_UACREG_MAX_RATE=$rate LOCUS_LOG_LEVEL=WARN \
  LOCUS_PROTECT_TRUSTED=${LOCUS_PROTECT_TRUSTED:-127.0.0.0/8} \
  LOCUS_UACREG_QUORUM=1 \
    java -XX:+ExitOnOutOfMemoryError -Xmx1g -jar "$(locus_jar)" > "$work/locus-$ip.log" 2>&1 &
  echo $! > "$work/locus-$ip.pid"
}

echo "$rows rows, at most $rate REGISTER/s per node; starting 2 Locus nodes" >&2
python3 "$root/bench/uacreg.py" register "$carrier" "$rows" "$a" "$b" &
monitor=$!
start_trunk_node $a
start_trunk_node $b
wait $monitor

on_b=$(curl -s -m 60 -d '{"jsonrpc":"2.0","method":"uac.reg_dump","id":1}' "http://$a:5071/RPC" |
  python3 -c "import json,sys; print(sum(1 for x in json.load(sys.stdin)['result'] if x['owner_node']=='$b:5060'))")
echo "node $b registers $on_b rows; killing it (SIGKILL)" >&2
kill -9 "$(cat "$work/locus-$b.pid")"
rm -f "$work/locus-$b.pid"
python3 "$root/bench/uacreg.py" takeover "$carrier" "$a" "$rows"
