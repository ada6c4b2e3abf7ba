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
source bench/lib.sh

start_phonghop "$WORK/data" --demo ${PH_EXTRA_ARGS:-}
curl -sf "http://127.0.0.1:$PH_PORT/api/v1/congresses/demo" > "$WORK/congress.json"
BYTES=$(stat -c %s "$WORK/congress.json")
mkdir -p "$WORK/www"
cp "$WORK/congress.json" "$WORK/www/congress.json"
start_nginx "$WORK/www"
H='Accept: application/json'

read -r PH_RPS _ PH_P50 PH_P99 PH_ERR < <(wrk_measure "http://127.0.0.1:$PH_PORT/api/v1/congresses/demo" "$CONNS" "$DUR" "$H")
stop_phonghop
# The default configuration logs one line per request.
PH_PORT=$(free_port)
$BIN serve --data "$WORK/data" --listen 127.0.0.1:$PH_PORT --rate-per-ip 0 --max-connections-per-address 0 2>"$WORK/ph-log.log" &
PH_PID=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PH_PORT/healthz" >/dev/null && break; sleep 0.05; done
read -r PHL_RPS _ PHL_P50 PHL_P99 PHL_ERR < <(wrk_measure "http://127.0.0.1:$PH_PORT/api/v1/congresses/demo" "$CONNS" "$DUR" "$H")
stop_phonghop
read -r NG_RPS _ NG_P50 NG_P99 NG_ERR < <(wrk_measure "http://127.0.0.1:$NG_PORT/congress.json" "$CONNS" "$DUR" "$H")

cat <<MD
### API: \`GET /api/v1/congresses/demo\`, ${CONNS} keep-alive connections

Machine: $(machine); wrk -t2 -c${CONNS} -d${DUR}s, client and server on the same cores.
Response: ${BYTES} bytes of JSON (the demo congress with its programme and delegations).

| server | requests/s | p50 ms | p99 ms | ratio to nginx | errors |
|---|---:|---:|---:|---:|---|
| nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') (same JSON as a static file) | ${NG_RPS} | ${NG_P50} | ${NG_P99} | 1.00 | ${NG_ERR} |
| phonghop \`--quiet\` | ${PH_RPS} | ${PH_P50} | ${PH_P99} | **$(ratio "$PH_RPS" "$NG_RPS")** | ${PH_ERR} |
| phonghop, request log on | ${PHL_RPS} | ${PHL_P50} | ${PHL_P99} | $(ratio "$PHL_RPS" "$NG_RPS") | ${PHL_ERR} |

Reproduce: \`bench/api_vs_nginx.sh ${DUR}\`
MD
