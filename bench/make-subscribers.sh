#!/usr/bin/env bash
# Creates COUNT subscribers (PREFIX1 .. PREFIXCOUNT, password "pw-<user>") in a Locus/Kamailio database and
# writes the matching sipp injection file (SEQUENTIAL, then user;[authentication ...]) for sipp/register-auth.xml.
#
#   bench/make-subscribers.sh -n COUNT -p PREFIX -D DOMAIN -o users.csv -- MYSQL_ARGS...
#   bench/make-subscribers.sh -n 20000 -p benchu -D locus.test -o /tmp/users.csv -- -uroot locus_bench
set -euo pipefail
count=10000 prefix=benchu domain=locus.test out=users.csv
while getopts "n:p:D:o:" opt; do
  case $opt in
    n) count=$OPTARG ;; p) prefix=$OPTARG ;; D) domain=$OPTARG ;; o) out=$OPTARG ;; *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ "${1:-}" = "--" ] && shift
[ $# -ge 1 ] || { sed -n '2,6p' "$0" >&2; exit 2; }

sql=$(mktemp)
trap 'rm -f "$sql"' EXIT
seq 1 "$count" | awk -v p="$prefix" -v d="$domain" -v out="$out" -v sql="$sql" '
  BEGIN { print "SEQUENTIAL" > out; printf "INSERT IGNORE INTO subscriber (username, domain, password, ha1, ha1b) VALUES\n" > sql }
  { u = p $1
    print u ";[authentication username=" u " password=pw-" u "]" > out
    printf "%s(\047%s\047, \047%s\047, \047pw-%s\047, \047\047, \047\047)", (NR > 1 ? ",\n" : ""), u, d, u > sql }
  END { print ";" > sql }'
mysql "$@" < "$sql"
echo "created $count subscribers ${prefix}1..${prefix}${count}; sipp injection file: $out" >&2
