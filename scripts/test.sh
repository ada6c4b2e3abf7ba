#!/usr/bin/env bash
# Runs every test suite: installs what the tests need (scripts/setup.sh
# --deps), builds the web app and a debug build with tests, then runs ctest.
#
#   ./scripts/test.sh                 all suites
#   ./scripts/test.sh -L unit         only one label (unit, integration, e2e, slow)
#   PRESET=asan ./scripts/test.sh     under AddressSanitizer + UBSan
#   TARGET="unit_tests voting_unit_tests" ...   build only those targets
set -euo pipefail
cd "$(dirname "$0")/.."
PRESET=${PRESET:-debug}
# Let ccache hit across clones in other folders (CI builds a fresh clone).
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

if [[ $PRESET == asan ]]; then
  # Leaks are not checked: fontconfig/pango keep process-lifetime caches.
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
fi
./scripts/setup.sh --deps
(cd web && npm run --silent build >/dev/null)
cmake --preset "$PRESET" >/dev/null
# TARGET may name several targets ("unit_tests voting_unit_tests").
build_args=()
if [[ -n ${TARGET:-} ]]; then
  read -r -a targets <<<"$TARGET"
  build_args=(--target "${targets[@]}")
fi
cmake --build --preset "$PRESET" "${build_args[@]}"
cd "build/$PRESET"
ctest --output-on-failure -j"$(nproc)" "$@"
