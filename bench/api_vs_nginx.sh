#!/usr/bin/env bash
# GET /api/v1/congresses/demo at 1,000 concurrent keep-alive connections
# (wrk), phonghop against nginx serving the same JSON bytes as a static
# file, in the same run on the same machine. Prints a Markdown section.
#
#   bench/api_vs_nginx.sh [DURATION_S]     (needs ./scripts/setup.sh first)
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10}
CONNS=${CONNS:-1000}
BIN=./build/release/phonghop
[[ -x $BIN ]] || { echo "build first: ./scripts/setup.sh" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (scripts/setup.sh)" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

work=$(mktemp -d)
chmod 755 "$work"   # nginx workers run as www-data
cleanup() {
  [[ -n ${PH_PID:-} ]] && kill "$PH_PID" 2>/dev/null || true
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PH_PORT=$(free_port)
NG_PORT=$(free_port)

start_phonghop() {  # $1: extra args
  $BIN serve --data "$work/data" --listen 127.0.0.1:$PH_PORT --demo $1 2>"$work/ph.log" &
  PH_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PH_PORT/healthz" >/dev/null && return; sleep 0.05; done
  echo "phonghop did not start" >&2; cat "$work/ph.log" >&2; exit 1
}
stop_phonghop() { kill "$PH_PID"; wait "$PH_PID" 2>/dev/null || true; PH_PID=; }

# wrk summary → "rps p50_ms p99_ms"
measure() {
  local url=$1 out
  out=$(wrk -t2 -c"$CONNS" -d"${DUR}s" --latency -H 'Accept: application/json' "$url")
  echo "$out" > "$work/last-wrk.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "$rps $(to_ms "$p50") $(to_ms "$p99") ${errors:-none}"
}
to_ms() {  # wrk prints 1.23ms, 456.00us or 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v+0 } else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000 } else print v }'
}

start_phonghop "--quiet"
curl -sf "http://127.0.0.1:$PH_PORT/api/v1/congresses/demo" > "$work/congress.json"
BYTES=$(stat -c %s "$work/congress.json")

mkdir -p "$work/www"
cp "$work/congress.json" "$work/www/congress.json"
cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  types { application/json json; }
  server {
    listen 127.0.0.1:$NG_PORT;
    root $work/www;
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.3

read -r PH_RPS PH_P50 PH_P99 PH_ERR < <(measure "http://127.0.0.1:$PH_PORT/api/v1/congresses/demo")
stop_phonghop
start_phonghop ""   # request log on (default), written to a file
read -r PHL_RPS PHL_P50 PHL_P99 PHL_ERR < <(measure "http://127.0.0.1:$PH_PORT/api/v1/congresses/demo")
stop_phonghop
read -r NG_RPS NG_P50 NG_P99 NG_ERR < <(measure "http://127.0.0.1:$NG_PORT/congress.json")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a/b }'; }
cat <<MD
### API: \`GET /api/v1/congresses/demo\`, ${CONNS} keep-alive connections

Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r); wrk -t2 -c${CONNS} -d${DUR}s, client and server on the same cores.
Response: ${BYTES} bytes of JSON (the demo congress with its programme and delegations).

| server | requests/s | p50 ms | p99 ms | ratio to nginx | errors |
|---|---:|---:|---:|---:|---|
| nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') (same JSON as a static file) | ${NG_RPS} | ${NG_P50} | ${NG_P99} | 1.00 | ${NG_ERR} |
| phonghop \`--quiet\` | ${PH_RPS} | ${PH_P50} | ${PH_P99} | **$(ratio "$PH_RPS" "$NG_RPS")** | ${PH_ERR} |
| phonghop, request log on | ${PHL_RPS} | ${PHL_P50} | ${PHL_P99} | $(ratio "$PHL_RPS" "$NG_RPS") | ${PHL_ERR} |

Reproduce: \`bench/api_vs_nginx.sh ${DUR}\`
MD
