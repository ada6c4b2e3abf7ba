#!/usr/bin/env bash
# A congress morning under load (issue #8 stages 3, 4 and 6): 2,000 phones on
# the event stream while the chair presents; face check-ins with 1,000
# enrolled delegates while 500 clients download the same 5 MB PDF; the
# server's resident memory through it all; the door's check-in rush alone and
# while a 150 MB PDF uploads (issue #13). Prints Markdown.
#
#   bench/load.sh [PHONES] [ENROLLED]      (about 7 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
PHONES=${1:-2000}
ENROLLED=${2:-1000}
SHARED=${SHARED:-../shared}
source bench/lib.sh
data=$WORK/data
PW=bench-password-load
echo "$PW" | $BIN user add --data "$data" --role admin --name chu-toa --password-stdin >/dev/null 2>&1
python3 bench/make_pdf.py "$WORK/doc.pdf" 5 10
# --no-liveness: the rush enrols and checks in LFW press photos, which the
# liveness check rightly refuses (bench/face.sh measures liveness on its own).
start_phonghop "$data" --demo --no-liveness
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$PH_PID/status; }
RSS0=$(rss)
python3 bench/sse_fanout.py --url "http://127.0.0.1:$PH_PORT" --pid "$PH_PID" --user chu-toa --password "$PW" \
  --clients "$PHONES" --rounds 5
RSS1=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$PH_PID/status)
# The PDF everybody opens, in its own congress.
CODE=$(curl -s -c "$WORK/jar" -H 'Content-Type: application/json' -d "{\"name\":\"chu-toa\",\"password\":\"$PW\"}" \
  "http://127.0.0.1:$PH_PORT/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
DOC=$(curl -s -b "$WORK/jar" -H "X-CSRF-Token: $CODE" -F "file=@$WORK/doc.pdf;type=application/pdf" \
  "http://127.0.0.1:$PH_PORT/api/v1/congresses/demo/documents" | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
URL="http://127.0.0.1:$PH_PORT/api/v1/documents/$DOC/file"
python3 bench/checkin_rush.py --url "http://127.0.0.1:$PH_PORT" --user chu-toa --password "$PW" \
  --lfw "$SHARED/faces/lfw/images" --delegates "$ENROLLED" --kiosks 4 --slug load \
  --title "Check-in while 500 phones download the 5 MB PDF ($ENROLLED delegates imported)" \
  --background "wrk -t1 -c500 -d60s $URL"
RSS2=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$PH_PID/status)
kill -0 "$PH_PID" 2>/dev/null || { echo "phonghop died during the run" >&2; exit 1; }
cat <<MD
### Resident memory of the server

| moment | MB |
|---|---:|
| started with the demo congress | ${RSS0} |
| peak with ${PHONES} event streams and 5 presentations | ${RSS1} |
| peak after enrolment, the check-in rush and 500 downloaders | ${RSS2} |

Reproduce: \`bench/load.sh ${PHONES} ${ENROLLED}\` on $(machine).
MD

# The door alone and while a 150 MB PDF uploads (its own server).
stop_phonghop
bench/door_load.sh
