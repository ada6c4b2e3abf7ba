#!/usr/bin/env bash
# Runs every benchmark against its baseline and writes docs/BENCHMARKS.md.
# Needs a release build and the tools (./scripts/setup.sh). Each stage is
# bounded in time and uses 127.0.0.1 only.
#
#   bench/run.sh            (about 15 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/BENCHMARKS.md
tmp=$(mktemp)
{
  cat <<'EOF2'
# Benchmarks

Every figure is measured in the same run as its named baseline, on the same
machine, and given as a ratio. Timings are never asserted in tests. Written
by `bench/run.sh`; each section names the command that reproduces it.

EOF2
  bench/edge_vs_nginx.sh 10 4
  echo
  bench/download_vs_nginx.sh 10 500
  echo
  bench/ingest.sh 20 3
  echo
  python3 bench/search_quality.py --bin build/release/phonghop
  echo
  build/release/bench/search_speed 10000 10 290
  echo
  build/release/bench/search_speed 1000 10 290
  echo
  bench/search_http.sh 10000 10 20 50
  echo
  bench/face.sh 500 4
  echo
  bench/load.sh 2000 1000
  echo
  bench/vote_rush.sh 1000
  echo
  bench/hostile.sh 15
  echo
  bench/bundle_size.sh
  echo
  cat bench/NOTES.md
} > "$tmp"
mv "$tmp" "$out"
echo "wrote $out"
