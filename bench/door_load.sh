#!/usr/bin/env bash
# The door while the secretariat works (issue #13): the 500-delegate
# check-in rush through 4 kiosks, 3 frames per check-in as the kiosk sends
# them, first alone (the baseline), then while a 150 MB PDF is uploaded and
# parsed on the blocking pool and the badge sheet is printed. Face work has
# its own pool (docs/decisions.md 104). Prints Markdown. Called by
# bench/load.sh; runs alone too.
#
#   bench/door_load.sh [DELEGATES] [KIOSKS]      (about 4 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
DELEGATES=${1:-500}
KIOSKS=${2:-4}
SHARED=${SHARED:-../shared}
source bench/lib.sh
data=$WORK/data
PW=bench-password-door
echo "$PW" | $BIN user add --data "$data" --role admin --name cua --password-stdin >/dev/null 2>&1
python3 bench/make_pdf.py "$WORK/big.pdf" 150 40
# --no-liveness: the rush enrols and checks in LFW press photos, which the
# liveness check rightly refuses; each check-in still reads three frames.
start_phonghop "$data" --demo --no-liveness
CODE=$(curl -s -c "$WORK/jar" -H 'Content-Type: application/json' -d "{\"name\":\"cua\",\"password\":\"$PW\"}" \
  "http://127.0.0.1:$PH_PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
python3 bench/checkin_rush.py --url "http://127.0.0.1:$PH_PORT" --user cua --password "$PW" \
  --lfw "$SHARED/faces/lfw/images" --delegates "$DELEGATES" --kiosks "$KIOSKS" --frames 3 --slug door-alone \
  --title "The door alone: $DELEGATES delegates, $KIOSKS kiosks, 3 frames per check-in (baseline)"
UPLOAD="curl -s -o /dev/null -w 'upload HTTP %{http_code} in %{time_total} s; ' -b $WORK/jar -H 'X-CSRF-Token: $CODE' \
  -F 'file=@$WORK/big.pdf;type=application/pdf' http://127.0.0.1:$PH_PORT/api/v1/congresses/demo/documents; \
  curl -s -o /dev/null -w 'badge sheet HTTP %{http_code} in %{time_total} s' -b $WORK/jar -H 'X-CSRF-Token: $CODE' \
  -H 'Content-Type: application/json' -d '{}' 'http://127.0.0.1:$PH_PORT/api/v1/congresses/demo/badges'"
python3 bench/checkin_rush.py --url "http://127.0.0.1:$PH_PORT" --user cua --password "$PW" \
  --lfw "$SHARED/faces/lfw/images" --delegates "$DELEGATES" --kiosks "$KIOSKS" --frames 3 --slug door-upload \
  --title "The door while a 150 MB PDF uploads and the badge sheet prints: $DELEGATES delegates, $KIOSKS kiosks, 3 frames" \
  --background "$UPLOAD" \
  --background-note "the secretariat uploads a 150 MB PDF (streamed to disk, then parsed on the blocking pool) and prints the demo congress's badge sheet"
kill -0 "$PH_PID" 2>/dev/null || { echo "phonghop died during the run" >&2; exit 1; }
stop_phonghop
echo "Reproduce: \`bench/door_load.sh $DELEGATES $KIOSKS\` (also run by \`bench/load.sh\`)."
echo
