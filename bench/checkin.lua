-- wrk script of bench/cluster.sh: badge check-ins of the congress `tai-cum`
-- (bench/cluster_bench.py prepare), each delegate once: thread k of T sends
-- badges k+1, k+1+T, k+1+2T, … with a fresh Idempotency-Key each, as a kiosk
-- does. Session cookie and CSRF token come from PH_COOKIE / PH_CSRF.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  stride = tonumber(os.getenv("PH_WRK_THREADS") or "2")
  n = id + 1
  headers = {
    ["Content-Type"] = "application/json",
    ["Cookie"] = os.getenv("PH_COOKIE"),
    ["X-CSRF-Token"] = os.getenv("PH_CSRF"),
  }
end

function request()
  local badge = string.format("%05d", n)
  n = n + stride
  headers["Idempotency-Key"] = "wrk-" .. id .. "-" .. badge
  return wrk.format("POST", "/api/v1/congresses/tai-cum/checkin/badge", headers,
                    '{"badge":"' .. badge .. '","kiosk":"wrk"}')
end
