# Shared helpers for the load benchmarks (sourced). Every stage is bounded
# in time and runs against 127.0.0.1 only.
BIN=${BIN:-./build/release/phonghop}
[[ -x $BIN ]] || { echo "build first: ./scripts/setup.sh" >&2; exit 1; }
for t in wrk nginx curl python3; do command -v $t >/dev/null || { echo "needs $t (scripts/setup.sh)" >&2; exit 1; }; done
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

WORK=$(mktemp -d)
chmod 755 "$WORK"   # nginx workers run as www-data
cleanup() {
  [[ -n ${PH_PID:-} ]] && kill "$PH_PID" 2>/dev/null || true
  [[ -f $WORK/nginx.pid ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  cp "$WORK/ph.log" /tmp/phonghop-bench-last.log 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_phonghop DATA_DIR [extra args...]: sets PH_PORT, PH_PID
start_phonghop() {
  local data=$1; shift
  PH_PORT=$(free_port)
  # One load generator is one address: the per-address limit would throttle it.
  $BIN serve --data "$data" --listen 127.0.0.1:$PH_PORT --quiet --rate-per-ip 0 --max-connections-per-address 0 "$@" 2>"$WORK/ph.log" &
  PH_PID=$!
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PH_PORT/healthz" >/dev/null && return; sleep 0.05; done
  echo "phonghop did not start" >&2; cat "$WORK/ph.log" >&2; exit 1
}
stop_phonghop() { kill "$PH_PID"; wait "$PH_PID" 2>/dev/null || true; PH_PID=; }

# start_nginx ROOT_DIR: serves ROOT_DIR statically with sendfile; sets NG_PORT
start_nginx() {
  NG_PORT=$(free_port)
  cat > "$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 16384; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  types { application/json json; application/pdf pdf; }
  server { listen 127.0.0.1:$NG_PORT; root $1; }
}
NGINX
  nginx -c "$WORK/nginx.conf" -p "$WORK"
  sleep 0.3
}

to_ms() {  # wrk prints 1.23ms, 456.00us or 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v+0 } else if (v ~ /s$/) { sub(/s$/,"",v); print v*1000 } else print v }'
}

# wrk_measure URL CONNS DURATION [header] → "rps MBps p50_ms p99_ms errors"
wrk_measure() {
  local url=$1 conns=$2 dur=$3 header=${4:-}
  local out try
  # At 2,000 connections a run right after another one is sometimes refused
  # by the kernel (loopback SYN storm); one retry after a pause.
  for try in 1 2; do
    if [[ -n $header ]]; then
      out=$(wrk -t2 -c"$conns" -d"${dur}s" --timeout 10s --latency -H "$header" "$url" 2>&1 || true)
    else
      out=$(wrk -t2 -c"$conns" -d"${dur}s" --timeout 10s --latency "$url" 2>&1 || true)
    fi
    grep -q 'Requests/sec' <<<"$out" && break
    echo "wrk: $(head -1 <<<"$out"); retrying" >&2
    sleep 3
  done
  local rps mbps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  mbps=$(awk '/Transfer\/sec/ {v=$2; if (v ~ /GB$/) {sub(/GB$/,"",v); v*=1024} else if (v ~ /MB$/) {sub(/MB$/,"",v)} else if (v ~ /KB$/) {sub(/KB$/,"",v); v/=1024}; print v}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  echo "$rps $mbps $(to_ms "$p50") $(to_ms "$p99") ${errors:-none}"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f", a/b }'; }
machine() { echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), Linux $(uname -r)"; }
