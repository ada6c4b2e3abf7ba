#!/usr/bin/env bash
# Issue #14's figures, in one run on one machine, printed as a Markdown
# section for docs/BENCHMARKS.md:
#   1. the API (GET the congress's JSON, wrk) and badge check-ins (wrk,
#      bench/checkin.lua: every delegate once, a fresh Idempotency-Key each)
#      on one node on SQLite (the baseline), one node on PostgreSQL
#      (scripts/pg.sh) and three nodes behind HAProxy (scripts/cluster.sh:
#      Patroni with a synchronous standby, Ceph);
#   2. event fan-out across the nodes: STREAMS event streams spread evenly
#      over the three nodes, a change published through node 1, time from
#      the POST to each stream reading the event (bench/cluster_bench.py);
#   3. PostgreSQL failover windows: fault test (d) of
#      tests/cluster/cluster_faults.py, RUNS times (the first on the same
#      cluster, the others on fresh ones).
#
#   bench/cluster.sh [full|tiny] [RUNS]
#     full  10 s per load, 100 API connections, 8 kiosks, 20,000 delegates
#           (40 congresses of 500), 2,000 streams, 10 rounds, RUNS=3
#           (about 10 minutes on 2 cores)
#     tiny  3 s per load, 20 connections, 4 kiosks, 1,000 delegates (2
#           congresses), 100 streams, 3 rounds, RUNS=1: checks the script,
#           not the machine
#
# Uses the release binary when built (PHONGHOP_BIN to choose). Bounded:
# every load has its duration, every start a time limit; the cluster and
# the servers are stopped on exit, also on failure or Ctrl-C. Ports: the
# cluster at PHONGHOP_CLUSTER_PORT_BASE (default here 29600), the single
# nodes and their PostgreSQL on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-full}
case $SIZE in
  full) DUR=10 CONNS=100 KIOSKS=8 DELEGATES=20000 STREAMS=2000 ROUNDS=10 RUNS=${2:-3} ;;
  tiny) DUR=3 CONNS=20 KIOSKS=4 DELEGATES=1000 STREAMS=100 ROUNDS=3 RUNS=${2:-1} ;;
  *) echo "usage: $0 [full|tiny] [RUNS]" >&2; exit 2 ;;
esac
if [[ -n ${PHONGHOP_BIN:-} ]]; then BIN=$PHONGHOP_BIN
elif [[ -x build/release/phonghop ]]; then BIN=$PWD/build/release/phonghop
else BIN=$PWD/build/debug/phonghop; fi
export PHONGHOP_BIN=$BIN
source bench/lib.sh
# One load generator is one address and one session: no limits in the way.
NODE_ARGS="--rate-per-ip 0 --rate-per-session 0 --rate-per-venue 0 --max-connections-per-address 0"
# (start_phonghop of bench/lib.sh already gives the first and the last.)
SINGLE_ARGS="--rate-per-session 0 --rate-per-venue 0"
export PHONGHOP_CLUSTER_DIR=/tmp/phonghop-cluster-bench-$$
export PHONGHOP_CLUSTER_PORT_BASE=${PHONGHOP_CLUSTER_PORT_BASE:-29600}
PGDIR=$WORK/pg
bench_cleanup() {
  local rc=$?
  if ((rc)) && [[ -d $PHONGHOP_CLUSTER_DIR/log ]]; then
    rm -rf "$PHONGHOP_CLUSTER_DIR.failed-logs"
    cp -r "$PHONGHOP_CLUSTER_DIR/log" "$PHONGHOP_CLUSTER_DIR.failed-logs" &&
      echo "bench/cluster.sh failed; the cluster's logs are in $PHONGHOP_CLUSTER_DIR.failed-logs" >&2
  fi
  scripts/cluster.sh down >/dev/null 2>&1 || true
  [[ -d $PGDIR ]] && scripts/pg.sh destroy "$PGDIR" >/dev/null 2>&1 || true
  cleanup
}
trap bench_cleanup EXIT
PW=bench-cluster-password
PER=500   # delegates per congress (the season's congresses have ~200)

ROWS=()
BASE_API= BASE_CHECKIN=
# measure URL USER PASSWORD LABEL: the congress `tai-cum` with DELEGATES
# delegates, then wrk on the API and on check-ins; adds a table row.
measure() {
  local url=$1 user=$2 pw=$3 label=$4 cookie csrf count out present rate p50 p99 errors note=""
  # The API first, on the demo congress alone (the same state in all three
  # setups), then the check-in congresses.
  read -r a_rps _ a_p50 a_p99 a_err <<<"$(wrk_measure "$url/api/v1/congresses/demo" "$CONNS" "$DUR")"
  read -r cookie csrf count < <(python3 bench/cluster_bench.py prepare "$url" "$user" "$pw" "$DELEGATES" "$PER")
  out=$(PH_COOKIE=$cookie PH_CSRF=$csrf PH_WRK_THREADS=2 PH_CONGRESSES=$count \
        wrk -t2 -c"$KIOSKS" -d"${DUR}s" --timeout 10s --latency -s bench/checkin.lua "$url" 2>&1 || true)
  present=$(python3 bench/cluster_bench.py present "$url" "$cookie" "$count")
  rate=$(awk -v n="$present" -v d="$DUR" 'BEGIN { printf "%.0f", n / d }')
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  errors=$(awk '/Non-2xx|Socket errors/' <<<"$out" | tr '\n' ' ')
  ((present >= DELEGATES)) && note=" (all $DELEGATES checked in before the end: more than this)"
  [[ -z $BASE_API ]] && BASE_API=$a_rps BASE_CHECKIN=$rate
  [[ $a_err == none ]] && a_err=
  ROWS+=("| $label | $(printf '%.0f' "$a_rps") | $a_p50 / $a_p99 | $(ratio "$a_rps" "$BASE_API") | $rate$note | $p50 / $p99 | $(ratio "$rate" "$BASE_CHECKIN") | ${errors:-none}${a_err:+ / API: $a_err} |")
  echo "  $label: API $a_rps req/s, check-ins $rate/s ($present in ${DUR} s)" >&2
}

echo "bench/cluster.sh $SIZE: one node on SQLite" >&2
data=$WORK/sqlite
echo "$PW" | $BIN user add --data "$data" --role admin --name bench --password-stdin >/dev/null 2>&1
start_phonghop "$data" --demo $SINGLE_ARGS
measure "http://127.0.0.1:$PH_PORT" bench "$PW" "1 node, SQLite (baseline)"
stop_phonghop

echo "bench/cluster.sh $SIZE: one node on PostgreSQL" >&2
PGURL=$(scripts/pg.sh start "$PGDIR")
data=$WORK/pgnode
echo "$PW" | PHONGHOP_DATABASE=$PGURL $BIN user add --data "$data" --role admin --name bench --password-stdin >/dev/null 2>&1
start_phonghop "$data" --demo --database "$PGURL" $SINGLE_ARGS
measure "http://127.0.0.1:$PH_PORT" bench "$PW" "1 node, PostgreSQL (one server, no standby)"
stop_phonghop
scripts/pg.sh destroy "$PGDIR" >/dev/null

echo "bench/cluster.sh $SIZE: three nodes behind HAProxy" >&2
t0=$SECONDS
up=$(PHONGHOP_CLUSTER_NODE_ARGS=$NODE_ARGS timeout 300 scripts/cluster.sh up)
UP_S=$((SECONDS - t0))
LB=$(tail -1 <<<"$up")
ADMIN_PW=$(sed -n 's/^password: //p' <<<"$up")
measure "$LB" admin "$ADMIN_PW" "3 nodes behind HAProxy (Patroni, synchronous standby)"
NODES=$(scripts/cluster.sh status 2>/dev/null | grep '^http' | paste -sd,)
echo "bench/cluster.sh $SIZE: fan-out, $STREAMS streams over 3 nodes" >&2
FANOUT=$(timeout 600 python3 bench/cluster_bench.py fanout --nodes "$NODES" --user admin --password "$ADMIN_PW" \
  --clients "$STREAMS" --rounds "$ROUNDS")

# failover_row RUN LOG UP_SECONDS: a table row from fault test (d)'s output.
FAILOVER=()
failover_row() {
  local run=$1 log=$2 up=$3 line ack refused statuses window lost
  line=$(grep "killed Patroni leader" <<<"$log" || true)
  ack=$(sed -n 's/.*; \([0-9]*\) acknowledged.*/\1/p' <<<"$line")
  refused=$(sed -n 's/.*acknowledged, \([0-9]*\) refused.*/\1/p' <<<"$line")
  statuses=$(sed -n 's/.*(statuses \(\[[^]]*\]\).*/\1/p' <<<"$line")
  window=$(sed -n 's/.*from \([0-9.-]*\) s to \([0-9.-]*\) s after.*/\1 – \2/p' <<<"$line")
  lost=$(grep -q "acknowledged check-ins lost" <<<"$log" && echo yes || echo none)
  grep -q "^PASS failover" <<<"$log" || lost="$lost (test failed: $(grep '^FAIL' <<<"$log" | head -1))"
  FAILOVER+=("| $run | ${up:-?} | ${ack:-?} | ${refused:-?} | ${window:-?} | ${statuses:-?} | $lost |")
}
echo "bench/cluster.sh $SIZE: failover run 1" >&2
log=$(PHONGHOP_CLUSTER_LB=$LB PHONGHOP_CLUSTER_PASSWORD=$ADMIN_PW timeout 300 \
      python3 tests/cluster/cluster_faults.py failover 2>&1 || true)
failover_row 1 "$log" "$UP_S"
scripts/cluster.sh down >/dev/null
for i in $(seq 2 "$RUNS"); do
  echo "bench/cluster.sh $SIZE: failover run $i (fresh cluster)" >&2
  log=$(PHONGHOP_CLUSTER_DIR=$PHONGHOP_CLUSTER_DIR-$i timeout 600 tests/cluster/run.sh failover 2>&1 || true)
  failover_row "$i" "$log" "$(sed -n 's/^cluster up in \([0-9]*\) s$/\1/p' <<<"$log")"
done

cat <<EOF
## The cluster (#14): one node on SQLite vs one on PostgreSQL vs three behind HAProxy

\`bench/cluster.sh $SIZE\` on $(machine), $(date -u +%Y-%m-%d), \`$(basename "$(dirname "$BIN")")\` build.
All three setups in the same run, on the same machine; the three nodes,
HAProxy, two PostgreSQL (Patroni, synchronous standby), etcd and Ceph share
its cores with the load generators, so the cluster row shows the cost of
the extra hops, not the capacity of three machines. API: \`wrk -c$CONNS\`
for ${DUR} s on \`GET /api/v1/congresses/demo\`. Check-ins: $KIOSKS wrk
connections (kiosks) for ${DUR} s on \`POST …/checkin/badge\` spread over
$((DELEGATES / PER)) congresses of $PER delegates, each delegate once, a fresh
\`Idempotency-Key\` each (\`bench/checkin.lua\`); the rate is the delegates
present afterwards (roll calls) over the ${DUR} s. A check-in writes the
attendance and audit rows in one transaction, appends its \`attendance\`
event (a second one) and recomputes the congress's roll for that event. Limits off for the one-address load
generator (\`$NODE_ARGS\`).

| setup | API req/s | API p50 / p99 ms | API vs SQLite | check-ins/s | check-in p50 / p99 ms | check-ins vs SQLite | errors |
|---|---:|---|---:|---:|---|---:|---|
$(printf '%s\n' "${ROWS[@]}")

### Event fan-out across nodes: $STREAMS streams over 3 nodes

\`bench/cluster_bench.py fanout --clients $STREAMS --rounds $ROUNDS\`: the
streams are spread evenly over the three nodes (connected to each node
directly, not through HAProxy); each round adds a delegation through node 1
and times, from sending the POST, each stream reading its
\`delegates_changed\` event. Two thirds of the streams get it across
nodes (PostgreSQL outbox row, NOTIFY, the node's listener reads it).
The reader is one Python selector loop on the same cores.

$FANOUT

### PostgreSQL failover windows

Fault test (d) (\`tests/cluster/cluster_faults.py failover\`): two kiosks
check delegates in through HAProxy while the Patroni leader (Patroni and
its PostgreSQL) is killed with \`kill -9\`. Run 1 on the cluster above,
the others on fresh clusters (\`tests/cluster/run.sh failover\`).

| run | cluster up (s) | acknowledged check-ins | refused | refusals from – to, s after the kill | statuses | acknowledged lost |
|---|---:|---:|---:|---|---|---|
$(printf '%s\n' "${FAILOVER[@]}")
EOF
