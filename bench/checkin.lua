-- wrk script of bench/cluster.sh: badge check-ins of the congresses
-- `tai-cum-1`…`tai-cum-K` (bench/cluster_bench.py prepare), each delegate
-- once: request n of thread k (of T) is delegate number m = k+1+n*T, sent to
-- congress (m-1) % K + 1 as badge floor((m-1) / K) + 1, with a fresh
-- Idempotency-Key, as a kiosk does. Session cookie, CSRF token and K come
-- from PH_COOKIE, PH_CSRF and PH_CONGRESSES.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  stride = tonumber(os.getenv("PH_WRK_THREADS") or "2")
  congresses = tonumber(os.getenv("PH_CONGRESSES") or "1")
  m = id + 1
  headers = {
    ["Content-Type"] = "application/json",
    ["Cookie"] = os.getenv("PH_COOKIE"),
    ["X-CSRF-Token"] = os.getenv("PH_CSRF"),
  }
end

function request()
  local congress = (m - 1) % congresses + 1
  local badge = string.format("%05d", math.floor((m - 1) / congresses) + 1)
  m = m + stride
  headers["Idempotency-Key"] = "wrk-" .. congress .. "-" .. badge
  return wrk.format("POST", "/api/v1/congresses/tai-cum-" .. congress .. "/checkin/badge", headers,
                    '{"badge":"' .. badge .. '","kiosk":"wrk"}')
end
