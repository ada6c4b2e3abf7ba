#!/usr/bin/env bash
# A private PostgreSQL 15 for tests and for trying phonghop on PostgreSQL:
# its own data directory, a free loopback port and a unix socket in DIR; no
# systemd, no system-wide cluster touched. As root the server runs as the
# `postgres` user (initdb refuses root); otherwise as the current user.
#
#   scripts/pg.sh start DIR [PORT]   initdb if needed, start, print the URL
#   scripts/pg.sh url DIR            print the connection URL
#   scripts/pg.sh stop DIR           stop the server (fast shutdown)
#   scripts/pg.sh destroy DIR        stop it and delete DIR
#
# The URL (postgresql://postgres@127.0.0.1:PORT/phonghop) uses `trust` on
# 127.0.0.1 only: for tests and trials, never for a real deployment (see
# docs/deployment.md). Every wait is bounded (PHONGHOP_PG_WAIT, 30 s).
set -euo pipefail

BIN=${PHONGHOP_PG_BIN:-/usr/lib/postgresql/15/bin}
WAIT=${PHONGHOP_PG_WAIT:-30}
cmd=${1:-}
dir=${2:-}
if [[ -z $cmd || -z $dir ]]; then
  echo "usage: $0 start|stop|url|destroy DIR [PORT]" >&2
  exit 2
fi
if [[ ! -x $BIN/initdb ]]; then
  echo "pg.sh: PostgreSQL 15 server binaries not found in $BIN (apt-get install postgresql-15)" >&2
  exit 1
fi

run_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    setpriv --reuid=postgres --regid=postgres --init-groups env HOME="$dir" "$@"
  else
    "$@"
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

url() {
  local port
  port=$(cat "$dir/port" 2>/dev/null) || { echo "pg.sh: no server set up in $dir" >&2; exit 1; }
  echo "postgresql://postgres@127.0.0.1:$port/phonghop"
}

case $cmd in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    # The socket path must fit in sun_path (107 bytes).
    if ((${#dir} > 90)); then echo "pg.sh: $dir is too long for a unix socket" >&2; exit 1; fi
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    if [[ ! -f $dir/data/PG_VERSION ]]; then
      run_pg "$BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
      port=${3:-}
      if [[ -z $port ]]; then
        # A free port, different for different directories when possible.
        port=$((55432 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 2000))
        for _ in $(seq 200); do port_free "$port" && break; port=$((port + 1)); done
      fi
      cat >>"$dir/data/postgresql.conf" <<EOF
# phonghop scripts/pg.sh: private, loopback only
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 100
shared_buffers = 64MB
fsync = on
synchronous_commit = on
log_min_messages = warning
EOF
      echo "$port" >"$dir/port"
    fi
    port=$(cat "$dir/port")
    if ! run_pg "$BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      if ! port_free "$port"; then echo "pg.sh: port $port is taken" >&2; exit 1; fi
      run_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t "$WAIT" start >/dev/null ||
        { echo "pg.sh: the server did not start within ${WAIT}s:" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    # The database phonghop uses (created once).
    if ! run_pg "$BIN/psql" -X -q -h "$dir" -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'phonghop'" | grep -q 1; then
      run_pg "$BIN/createdb" -h "$dir" -p "$port" -U postgres phonghop
    fi
    url | tee "$dir/url"
    ;;
  url) url ;;
  stop|destroy)
    if [[ -f $dir/data/PG_VERSION ]] && run_pg "$BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      run_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w -t "$WAIT" stop >/dev/null ||
        { echo "pg.sh: the server did not stop within ${WAIT}s" >&2; exit 1; }
    fi
    if [[ $cmd == destroy ]]; then rm -rf "$dir"; fi
    ;;
  *) echo "usage: $0 start|stop|url|destroy DIR [PORT]" >&2; exit 2 ;;
esac
