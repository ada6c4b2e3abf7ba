#!/usr/bin/env bash
# A private Ceph on loopback for tests and for trying the S3 blob store:
# 1 monitor, N memstore OSDs (RAM only, replica size 2), one radosgw with the
# S3 API, an S3 user and the bucket. No cephx (loopback only), no systemd,
# no system-wide /etc/ceph or /var/lib/ceph touched: everything is in DIR.
#
#   scripts/ceph.sh start DIR [OSDS]  start (default 3 OSDs), print the --blobs URL
#   scripts/ceph.sh url DIR           print the --blobs URL (s3://…)
#   scripts/ceph.sh env DIR           print the credentials as shell exports
#   scripts/ceph.sh kill-osd DIR N    kill -9 OSD N (fault tests) and mark it down
#   scripts/ceph.sh stop DIR          stop every daemon (memstore: data are gone)
#   scripts/ceph.sh destroy DIR       stop and delete DIR
#
# Needs the Debian packages ceph-mon ceph-osd radosgw uuid-runtime (apt-get
# install --no-install-recommends; scripts/setup.sh --ceph installs them).
# Every wait is bounded (PHONGHOP_CEPH_WAIT, 90 s in all). Ports: three free
# loopback ports picked at start (mon v2, mon v1, radosgw) from a base derived
# from DIR or $PHONGHOP_CEPH_PORT_BASE, kept in DIR.
set -euo pipefail

WAIT=${PHONGHOP_CEPH_WAIT:-90}
cmd=${1:-}
dir=${2:-}
usage() { echo "usage: $0 start|url|env|kill-osd|stop|destroy DIR [OSDS|N]" >&2; exit 2; }
[[ -z $cmd || -z $dir ]] && usage

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# A free port near a base derived from DIR (so parallel runs differ).
free_port() {
  local p=$1
  for _ in $(seq 300); do
    if port_free "$p" && ! grep -qx "$p" "$dir/ports" 2>/dev/null; then echo "$p"; return; fi
    p=$((p + 1))
  done
  echo "ceph.sh: no free port near $1" >&2
  exit 1
}

conf() { echo "$dir/ceph.conf"; }
# The ceph CLI never waits longer than this for the monitor.
cephq() { timeout 20 ceph -c "$(conf)" --connect-timeout 10 "$@"; }

url() {
  [[ -f $dir/rgw_port ]] || { echo "ceph.sh: no Ceph set up in $dir" >&2; exit 1; }
  echo "s3://phonghop?endpoint=http://127.0.0.1:$(cat "$dir/rgw_port")&region=us-east-1"
}

stop_all() {
  local pids=()
  for f in "$dir"/*.pid; do
    [[ -f $f ]] || continue
    pids+=("$(cat "$f")")
  done
  ((${#pids[@]})) || return 0
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 50); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.2
  done
  kill -9 "${pids[@]}" 2>/dev/null || true
  rm -f "$dir"/*.pid
}

# Starts a daemon in the foreground mode (-f) in the background; its pid goes to DIR/NAME.pid.
daemon() {
  local name=$1
  shift
  "$@" >>"$dir/$name.out" 2>&1 &
  echo $! >"$dir/$name.pid"
}

start() {
  local osds=${1:-3}
  for b in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph-authtool uuidgen; do
    command -v "$b" >/dev/null || { echo "ceph.sh: $b not found (apt-get install ceph-mon ceph-osd radosgw uuid-runtime)" >&2; exit 1; }
  done
  if [[ -f $dir/rgw_port ]] && curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$(cat "$dir/rgw_port")/"; then
    url
    return
  fi
  stop_all
  rm -rf "$dir"
  mkdir -p "$dir/run"
  dir=$(cd "$dir" && pwd)
  local t0 base
  t0=$(date +%s.%N)
  base=${PHONGHOP_CEPH_PORT_BASE:-$((20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 9000))}
  : >"$dir/ports"
  local mon2 mon1 rgw
  mon2=$(free_port "$base"); echo "$mon2" >>"$dir/ports"
  mon1=$(free_port $((mon2 + 1))); echo "$mon1" >>"$dir/ports"
  rgw=$(free_port $((mon1 + 1))); echo "$rgw" >>"$dir/ports"
  local fsid
  fsid=$(uuidgen)
  cat >"$(conf)" <<CONF
[global]
fsid = $fsid
mon_host = [v2:127.0.0.1:$mon2,v1:127.0.0.1:$mon1]
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
auth_supported = none
keyring = $dir/keyring
run_dir = $dir/run
admin_socket = $dir/run/\$name.asok
log_file = $dir/\$name.log
mon_data = $dir/mon.\$id
osd_data = $dir/osd.\$id
osd_objectstore = memstore
memstore_device_bytes = 268435456
osd_pool_default_size = 2
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
# A killed OSD is noticed within seconds (fault tests), not minutes.
osd_heartbeat_grace = 6
osd_heartbeat_interval = 2
mon_osd_down_out_interval = 60
ms_bind_ipv4 = true
ms_bind_ipv6 = false
public_addr = 127.0.0.1
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$rgw
rgw_dns_name = localhost
# Without cephx the gateway must not ask the monitor for a secure session.
ms_mon_client_mode = crc
rgw_enable_usage_log = false
CONF
  ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  ceph-authtool "$dir/keyring" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' >/dev/null
  ceph-authtool "$dir/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
  monmaptool --create --addv a "[v2:127.0.0.1:$mon2,v1:127.0.0.1:$mon1]" --fsid "$fsid" "$dir/monmap" >/dev/null
  ceph-mon -c "$(conf)" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring" >>"$dir/mkfs.out" 2>&1
  daemon mon.a ceph-mon -c "$(conf)" -i a -f
  local deadline=$((SECONDS + WAIT))
  until cephq -s >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { echo "ceph.sh: the monitor did not come up" >&2; tail -5 "$dir/mon.a.log" >&2; stop_all; exit 1; }
    sleep 0.5
  done
  for i in $(seq 0 $((osds - 1))); do
    local u id
    u=$(uuidgen)
    id=$(cephq osd new "$u")
    mkdir -p "$dir/osd.$id"
    ceph-osd -c "$(conf)" -i "$id" --mkfs --osd-uuid "$u" >>"$dir/mkfs.out" 2>&1
    daemon "osd.$id" ceph-osd -c "$(conf)" -i "$id" -f
  done
  until [[ $(cephq osd stat -f json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["num_up_osds"])' 2>/dev/null) == "$osds" ]]; do
    ((SECONDS < deadline)) || { echo "ceph.sh: the OSDs did not come up" >&2; stop_all; exit 1; }
    sleep 0.5
  done
  daemon rgw.a radosgw -c "$(conf)" -n client.rgw.a -f
  until curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$rgw/"; do
    ((SECONDS < deadline)) || { echo "ceph.sh: radosgw did not answer" >&2; tail -5 "$dir/client.rgw.a.log" >&2; stop_all; exit 1; }
    sleep 0.5
  done
  # Test credentials (loopback only); a real installation makes its own.
  timeout 30 radosgw-admin -c "$(conf)" user create --uid=phonghop --display-name=phonghop \
    --access-key=PHONGHOPTESTKEY --secret-key=phonghop-test-secret >/dev/null
  echo "$rgw" >"$dir/rgw_port"
  # The bucket (S3 PUT bucket, signed with SigV4 by curl itself).
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 --aws-sigv4 "aws:amz:us-east-1:s3" \
    --user "PHONGHOPTESTKEY:phonghop-test-secret" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -X PUT "http://127.0.0.1:$rgw/phonghop" >"$dir/bucket.code" || true
  grep -qE '^(200|409)$' "$dir/bucket.code" || { echo "ceph.sh: could not create the bucket (HTTP $(cat "$dir/bucket.code"))" >&2; stop_all; exit 1; }
  awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f\n", a - b }' >"$dir/start_seconds"
  url >"$dir/url"
  url
}

case $cmd in
  start) start "${3:-3}" ;;
  url) url ;;
  env)
    echo "export PHONGHOP_S3_ACCESS_KEY=PHONGHOPTESTKEY"
    echo "export PHONGHOP_S3_SECRET_KEY=phonghop-test-secret"
    ;;
  kill-osd)
    n=${3:-0}
    [[ -f $dir/osd.$n.pid ]] || { echo "ceph.sh: no osd.$n in $dir" >&2; exit 1; }
    kill -9 "$(cat "$dir/osd.$n.pid")" 2>/dev/null || true
    rm -f "$dir/osd.$n.pid"
    cephq osd down "$n" >/dev/null 2>&1 || true
    ;;
  stop) [[ -d $dir ]] && stop_all ;;
  destroy)
    if [[ -d $dir ]]; then stop_all; rm -rf "$dir"; fi
    ;;
  *) usage ;;
esac
