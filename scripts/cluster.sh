#!/usr/bin/env bash
# A whole phonghop cluster on one machine, for trying it and for the fault
# tests (tests/cluster/): etcd + 2 Patroni PostgreSQL 15 (synchronous
# replication), Ceph (1 monitor, 3 memstore OSDs, radosgw), 3 `phonghop
# serve` nodes on PostgreSQL and S3, HAProxy in front. Loopback only, no
# systemd, nothing system-wide touched; state in $PHONGHOP_CLUSTER_DIR
# (default /tmp/phonghop-cluster). Run as root (PostgreSQL runs as the
# `postgres` user through setpriv) or as a user that owns the directory.
#
#   scripts/cluster.sh up       start everything, load the demo congress;
#                               prints "password: …" and, as its LAST line,
#                               the balancer's URL
#   scripts/cluster.sh status   each phonghop node's URL, one per line
#                               (health of every part on stderr)
#   scripts/cluster.sh down     stop everything and delete the state
#   scripts/cluster.sh kill node1|node2|node3|leader|osd0|osd1|osd2
#                               kill -9 one part (fault tests); `leader` is
#                               the Patroni primary's Patroni and PostgreSQL
#   scripts/cluster.sh start node1|node2|node3
#                               start a killed phonghop node again
#   scripts/cluster.sh leader   the Patroni primary's name (n1 or n2)
#
# Ports: $PHONGHOP_CLUSTER_PORT_BASE (default 28400) + fixed offsets:
#   +0/+1 etcd client/peer, +10/+11 PostgreSQL n1/n2, +20/+21 Patroni REST,
#   +80 the balancer, +81..+83 the phonghop nodes, +89 HAProxy stats,
#   +100.. Ceph (mon v2, mon v1, radosgw).
# $PHONGHOP_CLUSTER_NODE_ARGS: extra `phonghop serve` arguments for every
# node (kept for `start`), e.g. "--rate-per-ip 0 --rate-per-session 0" for a
# load generator that is one address and one session (bench/cluster.sh).
# $PHONGHOP_FAILPOINTS given to `start` reaches that node (fault test (c)).
# The nodes reach the Patroni primary with libpq's multi-host URL and
# target_session_attrs=read-write (decision 513). Packages (Debian 12):
# installed with apt-get when missing. Every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=${PHONGHOP_CLUSTER_DIR:-/tmp/phonghop-cluster}
BASE=${PHONGHOP_CLUSTER_PORT_BASE:-28400}
ETCD=$((BASE + 0)) ETCD_PEER=$((BASE + 1))
PG1=$((BASE + 10)) PG2=$((BASE + 11)) API1=$((BASE + 20)) API2=$((BASE + 21))
LB=$((BASE + 80)) STATS=$((BASE + 89))
NODES=(1 2 3)
node_port() { echo $((BASE + 80 + $1)); }
PGBIN=/usr/lib/postgresql/15/bin
PKGS=(patroni etcd-server haproxy ceph-mon ceph-osd radosgw uuid-runtime postgresql-15 curl python3)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'cluster.sh: %s\n' "$*" >&2; exit 1; }
# PostgreSQL refuses to run as root: its processes run as `postgres`. An
# array, not a function, so a background start's $! is the daemon itself.
AS_PG=()
[[ $(id -u) -eq 0 ]] && AS_PG=(setpriv --reuid=postgres --regid=postgres --init-groups env HOME="$DIR/pg")
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null || true; }
# wait_for SECONDS DESCRIPTION COMMAND...: polls every 0.5 s.
wait_for() {
  local limit=$1 what=$2
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { say "timed out after ${limit}s waiting for $what"; return 1; }
    sleep 0.5
  done
}
pidfile() { echo "$DIR/run/$1.pid"; }
# start NAME COMMAND...: in the background, output to DIR/log/NAME.log.
start_bg() {
  local name=$1
  shift
  "$@" >>"$DIR/log/$name.log" 2>&1 &
  echo $! >"$(pidfile "$name")"
}
alive() { [[ -f $(pidfile "$1") ]] && kill -0 "$(cat "$(pidfile "$1")")" 2>/dev/null; }
stop_pid() {  # NAME [signal]: TERM, up to 15 s, then KILL
  local f
  f=$(pidfile "$1")
  [[ -f $f ]] || return 0
  local pid
  pid=$(cat "$f")
  kill "${2:-TERM}" "$pid" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$f"
}

find_binary() {
  for b in "${PHONGHOP_BIN:-}" "$ROOT/build/release/phonghop" "$ROOT/build/debug/phonghop" "$ROOT/build/ci/phonghop"; do
    [[ -n $b && -x $b ]] && { echo "$b"; return; }
  done
  die "no phonghop binary: build it (cmake --build --preset release) or set PHONGHOP_BIN"
}

install_packages() {
  local missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

patroni_yml() {  # name pgport apiport
  cat >"$DIR/pg/$1.yml" <<Y
scope: phonghop
name: $1
restapi: {listen: 127.0.0.1:$3, connect_address: 127.0.0.1:$3}
etcd3: {hosts: 127.0.0.1:$ETCD}
bootstrap:
  # synchronous_mode: a commit is acknowledged only once the standby has it,
  # so an acknowledged check-in survives the primary's death.
  dcs: {ttl: 10, loop_wait: 2, retry_timeout: 4, maximum_lag_on_failover: 1048576, synchronous_mode: true,
        postgresql: {use_pg_rewind: true, parameters: {wal_level: replica, hot_standby: "on", wal_log_hints: "on",
                     max_connections: 100}}}
  initdb: [{encoding: UTF8}, {locale: C.UTF-8}, data-checksums]
postgresql:
  listen: 127.0.0.1:$2
  connect_address: 127.0.0.1:$2
  data_dir: $DIR/pg/$1
  bin_dir: $PGBIN
  parameters: {unix_socket_directories: '$DIR/pg', shared_buffers: 64MB}
  # Loopback trust: a trial cluster. A real one uses scram-sha-256 (docs/deployment.md).
  pg_hba: ["host replication replicator 127.0.0.1/32 trust", "host all all 127.0.0.1/32 trust", "local all all trust"]
  authentication:
    replication: {username: replicator, password: rep}
    superuser: {username: postgres, password: pg}
    rewind: {username: postgres, password: pg}
Y
}

leader() {
  [[ $(http_code "http://127.0.0.1:$API1/primary") == 200 ]] && { echo n1; return; }
  [[ $(http_code "http://127.0.0.1:$API2/primary") == 200 ]] && { echo n2; return; }
  return 1
}

haproxy_cfg() {
  cat >"$DIR/haproxy.cfg" <<H
global
  # A trial on one machine; a real balancer raises this with its fd limit.
  maxconn 4000
  stats socket $DIR/run/haproxy.sock mode 600 level admin
defaults
  mode http
  log global
  timeout connect 3s
  timeout client 1h
  timeout server 1h
  timeout http-request 15s
  timeout http-keep-alive 15s
  # The phones' address goes to the node in X-Forwarded-For.
  option forwardfor
  # A GET that reaches a node that just died (before the checks mark it
  # down) is tried again on another node each time, up to three times.
  retries 3
  option redispatch 1
frontend phonghop
  bind 127.0.0.1:$LB
  default_backend nodes
backend nodes
  # Event streams last hours: spread them by count, not by request.
  balance leastconn
  option httpchk GET /healthz
  http-check expect status 200
  # A dead node is out after 2 failed checks 1 s apart; its streams are cut
  # at once so phones reconnect (with Last-Event-ID) to a live node.
  default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
  # Replay a request that got no answer on another node, but only reads:
  # a check-in or an upload is never sent twice by the balancer.
  retry-on conn-failure empty-response response-timeout
  http-request disable-l7-retry if !METH_GET !METH_HEAD
H
  for n in "${NODES[@]}"; do echo "  server node$n 127.0.0.1:$(node_port "$n") check" >>"$DIR/haproxy.cfg"; done
  cat >>"$DIR/haproxy.cfg" <<H
listen stats
  bind 127.0.0.1:$STATS
  stats enable
  stats uri /
H
}

start_node() {  # n [--demo]
  local n=$1
  shift
  local data="$DIR/node$n"
  mkdir -p "$data"
  local extra=()
  [[ -f $DIR/node_args ]] && read -r -a extra <"$DIR/node_args"
  # Badges sealed on one node must be reprintable on every node; faces
  # sealed on one node must open on every node: one shared key folder
  # (decision 550; on real machines a shared mount, docs/deployment.md).
  [[ -f $DIR/badge-token.key && ! -f $data/badge-token.key ]] && install -m 600 "$DIR/badge-token.key" "$data/badge-token.key"
  start_bg "node$n" env PHONGHOP_S3_ACCESS_KEY=PHONGHOPTESTKEY PHONGHOP_S3_SECRET_KEY=phonghop-test-secret \
    "$BIN" serve --data "$data" --listen "127.0.0.1:$(node_port "$n")" \
    --database "$DB_URL" --blobs "$S3_URL" --db-pool 8 --face-keys "$DIR/face-keys" \
    --public-url "http://127.0.0.1:$LB" --quiet \
    --trusted-proxy 127.0.0.1 "${extra[@]}" "$@"
}

# A start that failed: keep the logs beside the state (which is removed).
fail_up() {
  rm -rf "$DIR.failed-logs"
  cp -r "$DIR/log" "$DIR.failed-logs" 2>/dev/null && cp "$DIR"/ceph/*.log "$DIR.failed-logs/" 2>/dev/null
  say "start failed; logs kept in $DIR.failed-logs"
  down_all
  exit 1
}

up() {
  install_packages
  BIN=$(find_binary)
  if [[ -f $DIR/run/up ]] && alive node1; then
    say "already up in $DIR (scripts/cluster.sh down first to start afresh)"
    echo "password: $(cat "$DIR/node1/demo-admin-password" 2>/dev/null)"
    echo "http://127.0.0.1:$LB"
    return
  fi
  [[ -d $DIR ]] && down_all
  mkdir -p "$DIR"/{run,log,pg}
  local t0=$SECONDS
  [[ $(id -u) -eq 0 ]] && chown postgres: "$DIR/pg"

  say "etcd on 127.0.0.1:$ETCD"
  start_bg etcd "${AS_PG[@]}" etcd --name e1 --data-dir "$DIR/pg/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD" --advertise-client-urls "http://127.0.0.1:$ETCD" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "e1=http://127.0.0.1:$ETCD_PEER"
  wait_for 30 etcd bash -c "curl -s --max-time 2 http://127.0.0.1:$ETCD/health | grep -q true" || { fail_up; }

  say "Patroni n1 (PostgreSQL 127.0.0.1:$PG1), then n2 (127.0.0.1:$PG2)"
  patroni_yml n1 "$PG1" "$API1"
  patroni_yml n2 "$PG2" "$API2"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$DIR"/pg/*.yml
  start_bg patroni-n1 "${AS_PG[@]}" patroni "$DIR/pg/n1.yml"
  wait_for 60 "n1 to lead" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:$API1/primary) == 200 ]]" || { fail_up; }
  start_bg patroni-n2 "${AS_PG[@]}" patroni "$DIR/pg/n2.yml"

  # Ceph meanwhile (the standby copies the primary in the background).
  say "Ceph: 1 monitor, 3 memstore OSDs, radosgw"
  S3_URL=$(PHONGHOP_CEPH_PORT_BASE=$((BASE + 100)) "$ROOT/scripts/ceph.sh" start "$DIR/ceph" 3) || { fail_up; }

  # Acknowledged writes must survive the primary: wait for the synchronous standby.
  wait_for 90 "n2 to be the synchronous standby" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:$API2/sync) == 200 ]]" || { fail_up; }
  "${AS_PG[@]}" "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PG1" -U postgres -d postgres -c "CREATE DATABASE phonghop" >/dev/null
  DB_URL="postgresql://postgres@127.0.0.1:$PG1,127.0.0.1:$PG2/phonghop?target_session_attrs=read-write&connect_timeout=3"
  echo "$DB_URL" >"$DIR/database_url"
  echo "$S3_URL" >"$DIR/blobs_url"
  echo "$BIN" >"$DIR/binary"
  echo "${PHONGHOP_CLUSTER_NODE_ARGS:-}" >"$DIR/node_args"

  say "phonghop node1 (migrates, loads the demo congress)"
  start_node 1 --demo
  wait_for 120 node1 bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:$(node_port 1)/healthz) == 200 ]]" ||
    { tail -20 "$DIR/log/node1.log" >&2; fail_up; }
  cp "$DIR/node1/badge-token.key" "$DIR/badge-token.key"
  for n in 2 3; do start_node "$n"; done
  for n in 2 3; do
    wait_for 60 "node$n" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:$(node_port "$n")/healthz) == 200 ]]" ||
      { tail -20 "$DIR/log/node$n.log" >&2; fail_up; }
  done

  say "HAProxy on 127.0.0.1:$LB (stats on :$STATS)"
  haproxy_cfg
  haproxy -c -q -f "$DIR/haproxy.cfg" || { fail_up; }
  start_bg haproxy haproxy -db -f "$DIR/haproxy.cfg"
  wait_for 20 "the balancer" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:$LB/healthz) == 200 ]]" || { fail_up; }
  touch "$DIR/run/up"
  say "up in $((SECONDS - t0)) s (Ceph alone: $(cat "$DIR/ceph/start_seconds" 2>/dev/null) s); state and logs in $DIR"
  echo "password: $(cat "$DIR/node1/demo-admin-password")"
  echo "http://127.0.0.1:$LB"
}

status() {
  [[ -d $DIR/run ]] || die "no cluster in $DIR (scripts/cluster.sh up)"
  for part in etcd patroni-n1 patroni-n2 haproxy node1 node2 node3; do
    if alive "$part"; then say "$part: running"; else say "$part: DOWN"; fi
  done
  say "PostgreSQL primary: $(leader || echo none)"
  say "Ceph: $(timeout 10 ceph -c "$DIR/ceph/ceph.conf" --connect-timeout 5 health 2>/dev/null || echo 'not answering')"
  for n in "${NODES[@]}"; do echo "http://127.0.0.1:$(node_port "$n")"; done
}

down_all() {
  for n in "${NODES[@]}"; do stop_pid "node$n"; done
  stop_pid haproxy
  # Patroni stops its PostgreSQL on TERM; a kill -9'd Patroni left one behind.
  stop_pid patroni-n2
  stop_pid patroni-n1
  for n in n1 n2; do
    if [[ -f $DIR/pg/$n/postmaster.pid ]]; then
      local pid
      pid=$(head -1 "$DIR/pg/$n/postmaster.pid")
      kill -QUIT "$pid" 2>/dev/null || true
    fi
  done
  stop_pid etcd
  [[ -d $DIR/ceph ]] && "$ROOT/scripts/ceph.sh" destroy "$DIR/ceph"
  rm -rf "$DIR"
}

kill_part() {
  case ${1:-} in
    node[123]) kill -9 "$(cat "$(pidfile "$1")")" 2>/dev/null || true; rm -f "$(pidfile "$1")" ;;
    osd[0-9]) "$ROOT/scripts/ceph.sh" kill-osd "$DIR/ceph" "${1#osd}" ;;
    leader)
      local l
      l=$(leader) || die "no Patroni primary to kill"
      local pgpid
      pgpid=$(head -1 "$DIR/pg/$l/postmaster.pid")
      # The leader's machine dies: Patroni and its PostgreSQL, no clean shutdown.
      kill -9 "$(cat "$(pidfile "patroni-$l")")" "$pgpid" 2>/dev/null || true
      rm -f "$(pidfile "patroni-$l")"
      echo "$l"
      ;;
    *) die "kill what? node1|node2|node3|leader|osd0|osd1|osd2" ;;
  esac
}

restart_node() {
  [[ ${1:-} =~ ^node([123])$ ]] || die "start what? node1|node2|node3"
  local n=${BASH_REMATCH[1]}
  alive "node$n" && return 0
  BIN=$(cat "$DIR/binary") DB_URL=$(cat "$DIR/database_url") S3_URL=$(cat "$DIR/blobs_url")
  start_node "$n"
  wait_for 60 "node$n" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 http://127.0.0.1:$(node_port "$n")/healthz) == 200 ]]"
}

case ${1:-} in
  up) up ;;
  start) restart_node "${2:-}" ;;
  status) status ;;
  down) down_all ;;
  kill) kill_part "${2:-}" ;;
  leader) leader || die "no primary" ;;
  *) echo "usage: $0 up|status|down|kill PART|start NODE|leader" >&2; exit 2 ;;
esac
