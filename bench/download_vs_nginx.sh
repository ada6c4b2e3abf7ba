#!/usr/bin/env bash
# A 5 MB PDF fetched by N concurrent keep-alive clients (the chair says
# "open document 3"): phonghop's /api/v1/documents/CODE/file against nginx
# serving the same bytes, whole and as 64 KiB Range chunks (what PDF.js
# asks for). Prints a Markdown section.
#
#   bench/download_vs_nginx.sh [DURATION_S] [CONNS]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10}
CONNS=${2:-500}
source bench/lib.sh

python3 bench/make_pdf.py "$WORK/doc.pdf" 5 10
SIZE=$(stat -c %s "$WORK/doc.pdf")
$BIN congress create --data "$WORK/data" --slug bench --name "Benchmark" >/dev/null 2>&1
CODE=$($BIN import --data "$WORK/data" --congress bench "$WORK/doc.pdf" --json --no-ocr 2>/dev/null |
       python3 -c 'import json,sys; print(json.load(sys.stdin)["imported"][0]["code"])')
mkdir -p "$WORK/www"
cp "$WORK/doc.pdf" "$WORK/www/doc.pdf"
start_nginx "$WORK/www"
start_phonghop "$WORK/data"
PH_URL="http://127.0.0.1:$PH_PORT/api/v1/documents/$CODE/file"
NG_URL="http://127.0.0.1:$NG_PORT/doc.pdf"
cmp <(curl -s "$PH_URL") "$WORK/doc.pdf" || { echo "phonghop served different bytes" >&2; exit 1; }

read -r NG_RPS NG_MB NG_P50 NG_P99 NG_ERR < <(wrk_measure "$NG_URL" "$CONNS" "$DUR")
read -r PH_RPS PH_MB PH_P50 PH_P99 PH_ERR < <(wrk_measure "$PH_URL" "$CONNS" "$DUR")
RANGE="Range: bytes=1048576-1114111"
read -r NGR_RPS NGR_MB NGR_P50 NGR_P99 NGR_ERR < <(wrk_measure "$NG_URL" "$CONNS" "$DUR" "$RANGE")
read -r PHR_RPS PHR_MB PHR_P50 PHR_P99 PHR_ERR < <(wrk_measure "$PH_URL" "$CONNS" "$DUR" "$RANGE")
kill -0 "$PH_PID" 2>/dev/null || { echo "phonghop died during the run:" >&2; tail -5 "$WORK/ph.log" >&2; exit 1; }
RSS=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$PH_PID/status)

cat <<MD
### Download: a ${SIZE}-byte PDF, ${CONNS} concurrent keep-alive clients

Machine: $(machine); wrk -t2 -c${CONNS} -d${DUR}s, client and servers on the same cores (so absolute numbers are lower than on a dedicated server; the ratio is the figure).
phonghop sends files with \`sendfile(2)\` (zero copy) from its content-addressed blob store.

| what | server | requests/s | MB/s | p50 ms | p99 ms | ratio to nginx | errors |
|---|---|---:|---:|---:|---:|---:|---|
| whole file | nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') | ${NG_RPS} | ${NG_MB} | ${NG_P50} | ${NG_P99} | 1.00 | ${NG_ERR} |
| whole file | phonghop | ${PH_RPS} | ${PH_MB} | ${PH_P50} | ${PH_P99} | **$(ratio "$PH_MB" "$NG_MB")** | ${PH_ERR} |
| 64 KiB Range | nginx | ${NGR_RPS} | ${NGR_MB} | ${NGR_P50} | ${NGR_P99} | 1.00 | ${NGR_ERR} |
| 64 KiB Range | phonghop | ${PHR_RPS} | ${PHR_MB} | ${PHR_P50} | ${PHR_P99} | **$(ratio "$PHR_RPS" "$NGR_RPS")** | ${PHR_ERR} |

Peak resident memory of phonghop during the run: ${RSS} MB. Goal ≥ 0.9× nginx.
Reproduce: \`bench/download_vs_nginx.sh ${DUR} ${CONNS}\`
MD
