#!/usr/bin/env bash
# Starts a fresh cluster (scripts/cluster.sh up), runs the fault tests named
# on the command line (default: all six, same_get resume osd events
# checkin_crash failover — failover last, it kills the PostgreSQL primary),
# and takes the cluster down again, also on failure or Ctrl-C. Bounded: each
# test has its own limit and the whole run is cut after
# PHONGHOP_CLUSTER_TEST_LIMIT seconds (default 900).
#
#   tests/cluster/run.sh                   all six
#   tests/cluster/run.sh same_get resume   some
#   tests/cluster/run.sh phones            two phones in Chromium through the
#                                          balancer while two nodes die
#                                          (tests/cluster/phones.mjs; not in
#                                          the default six)
#
# Uses its own state directory and ports (PHONGHOP_CLUSTER_DIR,
# PHONGHOP_CLUSTER_PORT_BASE; defaults below), so a cluster someone is
# trying out at the default place is not touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PHONGHOP_CLUSTER_DIR=${PHONGHOP_CLUSTER_DIR:-/tmp/phonghop-cluster-test-$$}
export PHONGHOP_CLUSTER_PORT_BASE=${PHONGHOP_CLUSTER_PORT_BASE:-29400}
LIMIT=${PHONGHOP_CLUSTER_TEST_LIMIT:-900}
trap './scripts/cluster.sh down >/dev/null 2>&1 || true' EXIT
t0=$SECONDS
out=$(timeout 300 ./scripts/cluster.sh up)
echo "cluster up in $((SECONDS - t0)) s"
export PHONGHOP_CLUSTER_LB=$(tail -1 <<<"$out")
export PHONGHOP_CLUSTER_PASSWORD=$(sed -n 's/^password: //p' <<<"$out")
tests=("$@")
((${#tests[@]})) || tests=(same_get resume osd events checkin_crash failover)
rc=0
faults=()
for t in "${tests[@]}"; do
  if [[ $t == phones ]]; then
    timeout 180 node tests/cluster/phones.mjs "$PHONGHOP_CLUSTER_LB" "$PHONGHOP_CLUSTER_PASSWORD" || rc=$?
  else
    faults+=("$t")
  fi
done
if ((${#faults[@]})); then
  timeout "$LIMIT" python3 tests/cluster/cluster_faults.py "${faults[@]}" || rc=$?
fi
if ((rc)); then
  # The cluster's state goes with it: keep every daemon's log for the reader.
  rm -rf "$PHONGHOP_CLUSTER_DIR.failed-logs"
  cp -r "$PHONGHOP_CLUSTER_DIR/log" "$PHONGHOP_CLUSTER_DIR.failed-logs" 2>/dev/null &&
    echo "logs of every part kept in $PHONGHOP_CLUSTER_DIR.failed-logs" >&2
fi
exit "$rc"
