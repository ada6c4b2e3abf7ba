#!/usr/bin/env bash
# Installs everything phonghop needs on Debian 12 and builds it: Debian
# packages, the pinned npm packages of the web app (checked against the
# integrity hashes in web/package-lock.json), the web app, and a release
# binary at build/release/phonghop. Safe to run again: it only does what is
# missing or out of date.
#
#   ./scripts/setup.sh            everything (release build)
#   ./scripts/setup.sh --deps     packages only (used by scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DEPS_ONLY=0
[[ "${1:-}" == "--deps" ]] && DEPS_ONLY=1

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"

# Build tools and libraries (see docs/architecture.md for why each).
PKGS=(
  build-essential cmake ninja-build ccache pkg-config git curl
  libboost-dev libboost-program-options-dev nlohmann-json3-dev
  libsqlite3-dev sqlite3 libsodium-dev libssl-dev zlib1g-dev libpq-dev libcurl4-openssl-dev
  libzip-dev libpugixml-dev libmagic-dev
  libpoppler-cpp-dev libqrencode-dev libcairo2-dev libpango1.0-dev libcmark-dev
  libtesseract-dev tesseract-ocr-vie tesseract-ocr-eng
  fonts-noto-core fonts-noto-mono
  libgtest-dev libgmock-dev libbenchmark-dev
  libopencv-dev prometheus-cpp-dev
  nodejs
)
# For tests, benchmarks and looking at pages as a user would.
TEST_PKGS=(chromium nginx-light wrk zbar-tools poppler-utils tesseract-ocr clang libclang-rt-14-dev libxapian-dev python3-prometheus-client postgresql-15
  # The S3 blob store's contract tests on a private Ceph (scripts/ceph.sh).
  ceph-mon ceph-osd radosgw uuid-runtime)

missing=()
for p in "${PKGS[@]}" "${TEST_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's nodejs ships npm separately; a nodejs from elsewhere bundles it.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  say "Debian packages: all present"
fi

# npm packages, pinned with integrity hashes; reinstalled only when the lock
# file changes.
stamp=web/node_modules/.phonghop-lock-sha256
want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
  say "installing npm packages (npm ci)"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
else
  say "npm packages: up to date"
fi

# Face models (ONNX) from the npm registry: only the package tarball is
# fetched (`npm pack`, none of its JavaScript dependencies), checked against
# pinned SHA-256s, and the four models the server uses (detector, landmarks, embedding,
# liveness) are kept in models/.
MODEL_DIR=models/face
declare -A MODEL_SHA=(
  [fr_detect.onnx]=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
  [fr_landmark.onnx]=f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258
  [fr_feature.onnx]=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
  [fr_liveness.onnx]=afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d
)
FACE_PKG=faceplugin-face-recognition-js@0.0.1
FACE_TGZ_SHA=7ea06031d9a3f83753254fcff60506a07b81b46fc84d4ee024cd041f260ec1ba
models_ok() {
  local f
  for f in "${!MODEL_SHA[@]}"; do
    [[ -f $MODEL_DIR/$f ]] || return 1
    [[ "$(sha256sum "$MODEL_DIR/$f" | cut -d' ' -f1)" == "${MODEL_SHA[$f]}" ]] || return 1
  done
}
if models_ok; then
  say "face models: present and verified"
else
  say "fetching face models ($FACE_PKG, 41 MB, npm registry)"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "$FACE_PKG" --silent >/dev/null)
  tgz=$(ls "$tmp"/*.tgz)
  got=$(sha256sum "$tgz" | cut -d' ' -f1)
  if [[ $got != "$FACE_TGZ_SHA" ]]; then
    echo "face model package checksum mismatch: $got" >&2; rm -rf "$tmp"; exit 1
  fi
  members=()
  for f in "${!MODEL_SHA[@]}"; do members+=("package/model/$f"); done
  tar -xzf "$tgz" -C "$tmp" "${members[@]}"
  mkdir -p "$MODEL_DIR"
  for f in "${!MODEL_SHA[@]}"; do
    got=$(sha256sum "$tmp/package/model/$f" | cut -d' ' -f1)
    if [[ $got != "${MODEL_SHA[$f]}" ]]; then
      echo "face model $f checksum mismatch: $got" >&2; rm -rf "$tmp"; exit 1
    fi
    mv "$tmp/package/model/$f" "$MODEL_DIR/$f"
  done
  rm -rf "$tmp"
  say "face models: installed in $MODEL_DIR"
fi

[[ $DEPS_ONLY == 1 ]] && exit 0

say "building the web app"
(cd web && npm run --silent build >/dev/null)

export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}
say "building build/release/phonghop"
cmake --preset release >/dev/null
cmake --build --preset release
say "ready: ./build/release/phonghop serve --demo --data ./data --listen 0.0.0.0:8080"
