#!/usr/bin/env bash
# Issue #18's attacks while 100 phones read and a kiosk checks in: the
# server runs with its default protections (rate limit, per-address cap).
#   bench/hostile.sh [PHASE_SECONDS]      (about 1.5 minutes) → Markdown
set -euo pipefail
cd "$(dirname "$0")/.."
PHASE=${1:-15}
BIN=${BIN:-./build/release/phonghop}
[[ -x $BIN ]] || { echo "build first: ./scripts/setup.sh" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
WORK=$(mktemp -d)
trap '[[ -n ${PID:-} ]] && kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PW=bench-password-hostile
echo "$PW" | $BIN user add --data "$WORK/data" --role admin --name thu-ky --password-stdin >/dev/null 2>&1
python3 bench/make_pdf.py "$WORK/doc.pdf" 5 10
$BIN serve --data "$WORK/data" --listen 127.0.0.1:$PORT --demo --quiet 2>"$WORK/ph.log" &
PID=$!
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.05; done
CSRF=$(curl -s -c "$WORK/jar" -H 'Content-Type: application/json' -d "{\"name\":\"thu-ky\",\"password\":\"$PW\"}" \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
DOC=$(curl -s -b "$WORK/jar" -H "X-CSRF-Token: $CSRF" -F "file=@$WORK/doc.pdf;type=application/pdf" \
  "http://127.0.0.1:$PORT/api/v1/congresses/demo/documents" | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
python3 bench/hostile.py --url "http://127.0.0.1:$PORT" --user thu-ky --password "$PW" --doc "$DOC" \
  --size "$(stat -c %s "$WORK/doc.pdf")" --phase "$PHASE"
kill -0 $PID || { echo "phonghop died during the attacks" >&2; exit 1; }
echo
echo "Server: default limits. Machine: $(nproc) cores. Command: \`bench/hostile.sh $PHASE\`."
