#!/usr/bin/env bash
# The HTTP edge against nginx on the same bytes (#16): the congress JSON
# (`GET /api/v1/congresses/demo`, what every phone asks first) and 64 KiB
# Range requests of a 5 MB PDF (what PDF.js asks for), each at 200, 1,000
# and 2,000 keep-alive connections. Both servers run side by side; the runs
# alternate (nginx, phonghop, nginx, phonghop, ...) so a load change on the
# machine falls on both; requests/s is the mean of the rounds, p99 the worst
# round's. Prints a Markdown section.
#
#   bench/edge_vs_nginx.sh [DURATION_S] [ROUNDS] [CONNS...]
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10}
ROUNDS=${2:-4}
CONN_LIST=(200 1000 2000)
if [[ $# -gt 2 ]]; then CONN_LIST=("${@:3}"); fi
source bench/lib.sh

python3 bench/make_pdf.py "$WORK/doc.pdf" 5 10
$BIN congress create --data "$WORK/data" --slug bench --name "Benchmark" >/dev/null 2>&1
CODE=$($BIN import --data "$WORK/data" --congress bench "$WORK/doc.pdf" --json --no-ocr 2>/dev/null |
       python3 -c 'import json,sys; print(json.load(sys.stdin)["imported"][0]["code"])')
start_phonghop "$WORK/data" --demo
mkdir -p "$WORK/www"
curl -sf "http://127.0.0.1:$PH_PORT/api/v1/congresses/demo" > "$WORK/www/congress.json"
cp "$WORK/doc.pdf" "$WORK/www/doc.pdf"
start_nginx "$WORK/www"
PH_API="http://127.0.0.1:$PH_PORT/api/v1/congresses/demo"
NG_API="http://127.0.0.1:$NG_PORT/congress.json"
PH_PDF="http://127.0.0.1:$PH_PORT/api/v1/documents/$CODE/file"
NG_PDF="http://127.0.0.1:$NG_PORT/doc.pdf"
cmp <(curl -s "$PH_PDF") "$WORK/doc.pdf" || { echo "phonghop served different bytes" >&2; exit 1; }
cmp <(curl -s "$PH_API") "$WORK/www/congress.json" || { echo "phonghop served different JSON" >&2; exit 1; }
JSON_BYTES=$(stat -c %s "$WORK/www/congress.json")
RANGE='Range: bytes=1048576-1114111'

# measure URL_NG URL_PH CONNS HEADER → "ng_rps ng_p99 ph_rps ph_p99 errors"
measure() {
  local ng=$1 ph=$2 conns=$3 header=$4
  local ng_sum=0 ph_sum=0 ng_p99=0 ph_p99=0 errs="" r
  for ((r = 0; r < ROUNDS; r++)); do
    read -r rps _ _ p99 err < <(wrk_measure "$ng" "$conns" "$DUR" "$header")
    ng_sum=$(awk -v a="$ng_sum" -v b="$rps" 'BEGIN{print a+b}')
    ng_p99=$(awk -v a="$ng_p99" -v b="$p99" 'BEGIN{print (b>a)?b:a}')
    [[ $err != none ]] && errs+="nginx: $err "
    read -r rps _ _ p99 err < <(wrk_measure "$ph" "$conns" "$DUR" "$header")
    ph_sum=$(awk -v a="$ph_sum" -v b="$rps" 'BEGIN{print a+b}')
    ph_p99=$(awk -v a="$ph_p99" -v b="$p99" 'BEGIN{print (b>a)?b:a}')
    [[ $err != none ]] && errs+="phonghop: $err "
  done
  echo "$(awk -v s="$ng_sum" -v n="$ROUNDS" 'BEGIN{printf "%.0f", s/n}') $ng_p99 $(awk -v s="$ph_sum" -v n="$ROUNDS" 'BEGIN{printf "%.0f", s/n}') $ph_p99 ${errs:-none}"
}

cat <<MD
### HTTP edge against nginx: API JSON and 64 KiB ranges at 200, 1,000 and 2,000 connections

Machine: $(machine); load average at the start $(cut -d' ' -f1-3 /proc/loadavg); wrk -t2 -d${DUR}s, ${ROUNDS} alternating rounds per row, client and servers on the same cores.
API: \`GET /api/v1/congresses/demo\` (${JSON_BYTES} bytes of JSON; nginx serves the same bytes as a file). Range: \`${RANGE}\` of a 5 MB PDF (nginx: the same file).
Goal (#16): requests/s ≥ 0.95× nginx and p99 ≤ 1.2× nginx's on every row.

| what | connections | nginx req/s | nginx p99 ms | phonghop req/s | phonghop p99 ms | req/s ratio | p99 ratio | errors |
|---|---:|---:|---:|---:|---:|---:|---:|---|
MD
for c in "${CONN_LIST[@]}"; do
  read -r nr np pr pp err < <(measure "$NG_API" "$PH_API" "$c" "Accept: application/json")
  echo "| API JSON | $c | $nr | $np | $pr | $pp | **$(ratio "$pr" "$nr")** | $(ratio "$pp" "$np") | $err |"
done
for c in "${CONN_LIST[@]}"; do
  read -r nr np pr pp err < <(measure "$NG_PDF" "$PH_PDF" "$c" "$RANGE")
  echo "| 64 KiB Range | $c | $nr | $np | $pr | $pp | **$(ratio "$pr" "$nr")** | $(ratio "$pp" "$np") | $err |"
done
echo
echo "Reproduce: \`bench/edge_vs_nginx.sh ${DUR} ${ROUNDS}\`"
