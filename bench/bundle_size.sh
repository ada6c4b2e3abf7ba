#!/usr/bin/env bash
# The delegate app's first screen: what a phone downloads before any
# document (HTML, the entry script and style sheet, the manifest, icons),
# gzipped as the server sends it; the lazily loaded parts listed apart.
# Baseline: the issue's goal of 150 kB gzipped. Prints Markdown.
#
#   bench/bundle_size.sh            (after ./scripts/setup.sh built web/dist)
set -euo pipefail
cd "$(dirname "$0")/../web/dist"
gz() { gzip -9 -c "$1" | wc -c; }
first=0
rows=""
for f in index.html manifest.webmanifest icon.svg $(ls assets/index-*.js assets/index-*.css); do
  n=$(gz "$f"); first=$((first + n))
  rows+="| $f | $(stat -c %s "$f") | $n |"$'\n'
done
lazy=""
for f in $(ls assets/*.js assets/*.mjs 2>/dev/null | grep -v '/index-'); do
  lazy+="| $f | $(stat -c %s "$f") | $(gz "$f") |"$'\n'
done
cat <<MD
### Delegate app size

\`bench/bundle_size.sh\` — the first screen (home with programme, documents, search, province tab) before any document:
**$((first / 1024)) kB gzipped** (goal < 150 kB: $([[ $first -lt 153600 ]] && echo met || echo missed)).

| file (first screen) | bytes | gzipped |
|---|---:|---:|
${rows}
Loaded only when needed (viewer, PDF.js and its worker when a PDF opens, console, kiosk, chair…):

| file | bytes | gzipped |
|---|---:|---:|
${lazy}
MD
