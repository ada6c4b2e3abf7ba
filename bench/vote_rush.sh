#!/usr/bin/env bash
# The vote rush (design V17) against the release binary: prints a Markdown
# section for docs/BENCHMARKS.md. Bounded: about a minute.
#   bench/vote_rush.sh [DELEGATES]
set -euo pipefail
cd "$(dirname "$0")/.."
DELEGATES=${1:-1000}
source bench/lib.sh
data=$WORK/data
PW=bench-password-vote
echo "$PW" | $BIN user add --data "$data" --role admin --name rush --password-stdin >/dev/null
start_phonghop "$data"
timeout 600 python3 bench/vote_rush.py --url "http://127.0.0.1:$PH_PORT" --user rush --password "$PW" \
  --data "$data" --delegates "$DELEGATES"
stop_phonghop
