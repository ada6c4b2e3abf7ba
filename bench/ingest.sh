#!/usr/bin/env bash
# Ingest throughput: `phonghop import` of text PDFs (pages/s, including the
# sandboxed extraction child, hashing, blob store and SQLite), against
# poppler's own `pdftotext` on the same files; and OCR of scanned pages
# against the `tesseract` command on the same images.
#
#   bench/ingest.sh [N_PDFS] [N_SCANS]
set -euo pipefail
cd "$(dirname "$0")/.."
NPDF=${1:-20}
NSCAN=${2:-3}
source bench/lib.sh
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null && command -v tesseract >/dev/null ||
  { echo "needs poppler-utils and tesseract-ocr (scripts/setup.sh)" >&2; exit 1; }

mkdir -p "$WORK/pdf" "$WORK/scan"
for i in $(seq "$NPDF"); do python3 bench/make_pdf.py "$WORK/pdf/doc-$i.pdf" 0.05 20; done
PAGES=$((NPDF * 20))
# "Scans": distinct pages of a typeset Vietnamese report (the demo
# congress's political report) rendered to 300 dpi images.
$BIN serve --data "$WORK/demo" --listen 127.0.0.1:0 --demo --quiet 2>"$WORK/demo.log" &
DEMO=$!
for _ in $(seq 100); do grep -q listening "$WORK/demo.log" && break; sleep 0.1; done
kill $DEMO; wait $DEMO 2>/dev/null || true
REPORT=$(ls -S "$WORK"/demo/blobs/*/* | head -1)
for i in $(seq "$NSCAN"); do
  pdftoppm -r 300 -png -f "$i" -l "$i" -singlefile "$REPORT" "$WORK/scan/page-$i" 2>/dev/null
done
NSCAN=$(ls "$WORK"/scan/*.png | wc -l)

t0=$(date +%s.%N)
for f in "$WORK"/pdf/*.pdf; do pdftotext "$f" /dev/null; done
t1=$(date +%s.%N)
$BIN congress create --data "$WORK/data" --slug bench --name Bench >/dev/null 2>&1
$BIN import --data "$WORK/data" --congress bench "$WORK/pdf" --no-ocr --json >/dev/null 2>&1
t2=$(date +%s.%N)
for f in "$WORK"/scan/*.png; do tesseract "$f" - -l vie+eng >/dev/null 2>&1; done
t3=$(date +%s.%N)
$BIN import --data "$WORK/data" --congress bench "$WORK/scan" --json >/dev/null 2>&1
t4=$(date +%s.%N)

rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", n/(b-a) }'; }
PT=$(rate $PAGES $t0 $t1); PH=$(rate $PAGES $t1 $t2)
TS=$(rate $NSCAN $t2 $t3); PO=$(rate $NSCAN $t3 $t4)
cat <<MD
### Ingest: text extraction and OCR

Machine: $(machine). ${NPDF} text PDFs of 20 pages (${PAGES} pages); ${NSCAN} scanned A4 pages (300 dpi PNG of a typeset Vietnamese report).

| work | phonghop | baseline | pages/s phonghop | pages/s baseline | ratio |
|---|---|---|---:|---:|---:|
| text PDF | \`phonghop import\` (sniff, SHA-256, sandboxed poppler child per file, blob fsync, SQLite) | \`pdftotext\` per file | ${PH} | ${PT} | **$(ratio "$PH" "$PT")** |
| scanned page OCR | \`phonghop import\` (Tesseract vie+eng, sandboxed child per page) | \`tesseract -l vie+eng\` per page | ${PO} | ${TS} | **$(ratio "$PO" "$TS")** |

Reproduce: \`bench/ingest.sh ${NPDF} ${NSCAN}\`
MD
