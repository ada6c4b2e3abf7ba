#!/usr/bin/env bash
# The one-machine cluster's start-up and PostgreSQL failover windows, over
# RUNS fresh clusters (scripts/cluster.sh; fault test (d) of
# tests/cluster/cluster_faults.py each time): prints a Markdown table for
# docs/BENCHMARKS.md. Bounded: about 2 minutes a run.
#   bench/cluster.sh [RUNS]
# Uses the release binary when built (PHONGHOP_BIN to choose).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
[[ -x build/release/phonghop ]] && export PHONGHOP_BIN=${PHONGHOP_BIN:-$PWD/build/release/phonghop}
echo "| run | cluster up (s) | Ceph start (s) | acknowledged check-ins | refused | refusal window after the kill (s) | statuses | lost |"
echo "|---|---|---|---|---|---|---|---|"
for i in $(seq "$RUNS"); do
  dir=/tmp/phonghop-cluster-bench-$$-$i
  log=$(PHONGHOP_CLUSTER_DIR=$dir PHONGHOP_CLUSTER_PORT_BASE=29600 \
        timeout 600 tests/cluster/run.sh failover 2>&1 || true)
  up=$(sed -n 's/^cluster up in \([0-9]*\) s$/\1/p' <<<"$log")
  ceph=$(sed -n 's/.*(Ceph alone: \([0-9.]*\) s).*/\1/p' <<<"$log")
  line=$(grep "killed Patroni leader" <<<"$log" || true)
  ack=$(sed -n 's/.*; \([0-9]*\) acknowledged.*/\1/p' <<<"$line")
  refused=$(sed -n 's/.*acknowledged, \([0-9]*\) refused.*/\1/p' <<<"$line")
  statuses=$(sed -n 's/.*(statuses \(\[[^]]*\]\).*/\1/p' <<<"$line")
  window=$(sed -n 's/.*from \([0-9.-]*\) s to \([0-9.-]*\) s after.*/\1 – \2/p' <<<"$line")
  lost=$(grep -q "acknowledged check-ins lost" <<<"$log" && echo yes || echo none)
  echo "| $i | ${up:-?} | ${ceph:-?} | ${ack:-?} | ${refused:-?} | ${window:-?} | ${statuses:-?} | $lost |"
done
