#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs one, or all,
# for SECONDS each from the seed corpus in fuzz/corpus/TARGET. New inputs
# found go to build/fuzz/corpus/TARGET; a crash leaves crash-* and fails.
#
#   scripts/fuzz.sh TARGET|all [SECONDS]
#   targets: multipart csv xlsx office query normaliser http_request image
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${1:?usage: scripts/fuzz.sh TARGET|all [SECONDS]}
SECONDS_EACH=${2:-60}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
cmake -S fuzz -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build/fuzz
targets=(multipart csv xlsx office query normaliser http_request image)
[[ $TARGET != all ]] && targets=("$TARGET")
for t in "${targets[@]}"; do
  mkdir -p "build/fuzz/corpus/$t" "build/fuzz/crashes/$t"
  echo "== fuzz_$t for ${SECONDS_EACH}s"
  status=0
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "build/fuzz/fuzz_$t" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="build/fuzz/crashes/$t/" -print_final_stats=1 \
    "build/fuzz/corpus/$t" "fuzz/corpus/$t" >"build/fuzz/$t.log" 2>&1 || status=$?
  # The summary lines only; the whole output stays in build/fuzz/$t.log.
  grep -E "^#[0-9]+.*(DONE|INITED)|ERROR|SUMMARY|stat::number_of_executed_units" "build/fuzz/$t.log" || true
  if ((status != 0)) || compgen -G "build/fuzz/crashes/$t/*" >/dev/null; then
    echo "fuzz_$t failed (exit $status):"; tail -n 40 "build/fuzz/$t.log"
    ls "build/fuzz/crashes/$t" 2>/dev/null; exit 1
  fi
done
