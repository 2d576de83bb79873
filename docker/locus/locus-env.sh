# Sourced by the node image's entrypoint and health check: where a setting comes from, as the node reads it
# (environment LOCUS_<KEY>, then the file named by LOCUS_CONFIG, then the node's own defaults), and the
# container's own address.

# The value of KEY from the environment or the mounted file; empty and status 1 when neither sets it.
locus_setting() {
  local key=$1 env
  env=LOCUS_$(tr 'a-z.' 'A-Z_' <<<"$key")
  if [ -n "${!env+set}" ]; then
    printf '%s' "${!env}"
    return 0
  fi
  [ -n "${LOCUS_CONFIG:-}" ] && [ -r "$LOCUS_CONFIG" ] || return 1
  # key=value, key = value or key: value; the last one wins, as in java.util.Properties.
  local line value found=1
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line#"${line%%[![:space:]]*}"}
    case $line in
      "$key"=*|"$key":*|"$key"[[:space:]]*)
        value=${line#"$key"}
        value=${value#"${value%%[![:space:]]*}"}
        value=${value#[=:]}
        value=${value#"${value%%[![:space:]]*}"}
        found=0 ;;
    esac
  done <"$LOCUS_CONFIG"
  [ $found = 0 ] && printf '%s' "${value%"${value##*[![:space:]]}"}"
}

# The container's address on its (first) network, as Docker wrote it into /etc/hosts for its hostname.
locus_container_ip() {
  local ip
  ip=$(getent ahostsv4 "$(cat /etc/hostname)" | awk 'NR == 1 { print $1 }')
  [ -n "$ip" ] || { echo "locus: cannot find the container's address (getent ahostsv4 $(cat /etc/hostname))" >&2; return 1; }
  printf '%s' "$ip"
}
