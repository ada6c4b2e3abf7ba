#!/usr/bin/env bash
# Concurrent search through HTTP: a generated archive of DOCS × PAGES pages
# (bench/make_archive.py, ≈ 2,000 characters a page), 50 searchers (wrk,
# keep-alive, no pause) rotating 30 queries over both search routes
# (`/api/v1/congresses/{slug}/search` and `/api/v1/search`), while 5 other
# clients ask for the congress (`GET /api/v1/congresses/{slug}`) at a paced,
# fixed rate (OTHER_RATE requests/s each, default 100: a hall's phones
# reading the programme, not a flood) and their p50/p99 show the server
# keeps answering. Two runs on one server: the same 60 requests
# repeated (as a hall searching for the document the chair just named:
# mostly answered from the answer cache), then every request made unique by
# a tail of stray symbols the query parser ignores (same search, never a
# cache hit: the cost of computing every answer). Prints a Markdown section.
#
#   [OTHER_RATE=100] bench/search_http.sh [DOCS] [PAGES] [DURATION_S] [SEARCHERS]
set -euo pipefail
cd "$(dirname "$0")/.."
DOCS=${1:-10000}
PAGES=${2:-10}
DUR=${3:-20}
CONNS=${4:-50}
OTHER_RATE=${OTHER_RATE:-100}  # requests/s per "other" connection (5 of them)
source bench/lib.sh
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

$BIN congress create --data "$WORK/data" --slug arch --name "Lưu trữ" >/dev/null
t0=$(date +%s.%N)
python3 bench/make_archive.py "$WORK/data" arch "$DOCS" "$PAGES" 290
t1=$(date +%s.%N)
start_phonghop "$WORK/data"
# The first search loads the in-memory index from the stored pages.
t2=$(date +%s.%N)
curl -sf "http://127.0.0.1:$PH_PORT/api/v1/search?q=thanh%20nien" >/dev/null
t3=$(date +%s.%N)
RSS=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$PH_PID/status)

cat > "$WORK/search.lua" <<'LUA'
local queries = {
  "chuyen doi so", "\"chuyển đổi số\"", "dai hoi doan", "quy che bau cu", "bản", "tin đồn", "người Dao",
  "khởi ngh*", "\"dịch vụ công trực tuyến\"", "homestay", "hdnd", "1.529 tổ", "khóa XVIII",
  "lễ hội Gầu Tào", "đèo Khau Phạ", "thanh nien tinh nguyen", "hiến máu", "sàn thương mại điện tử",
  "giá vàng hôm nay", "bitcoin", "du lich cong dong", "Mù Cang Chai ruộng bậc thang", "tham luận",
  "ban chap hanh", "nông thôn mới", "an ninh quốc phòng biên giới", "dân tộc Thái xòe", "chè Suối Giàng",
  "livestream", "bảo vệ môi trường",
}
local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local paths = {}
for i, q in ipairs(queries) do
  paths[#paths + 1] = "/api/v1/congresses/arch/search?limit=10&q=" .. encode(q)
  paths[#paths + 1] = "/api/v1/search?limit=10&q=" .. encode(q)
end
local unique = os.getenv("SEARCH_UNIQUE") == "1"
local marks = { "!", "~", "^", "@", "$", "(", ")", ";", "=", "[", "]", "{" }
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 0
request = function()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  if unique then
    -- " " followed by symbols spelling n in base 12: ignored by the parser,
    -- but a different text, so never answered from the cache.
    local tail, k = "", n * 8 + (tid or 0)
    while k > 0 do
      tail = tail .. marks[(k % 12) + 1]
      k = math.floor(k / 12)
    end
    path = path .. encode(" " .. tail)
  end
  return wrk.format("GET", path)
end
LUA

# The other clients: each waits 1000/OTHER_RATE ms after an answer before
# its next request (wrk's delay()), so 5 connections ask at most
# 5 × OTHER_RATE requests/s — a realistic background, not a flood that
# takes a core from the searches.
cat > "$WORK/other.lua" <<LUA
function delay()
  return $(awk -v r="$OTHER_RATE" 'BEGIN { printf "%d", 1000 / r }')
end
LUA

# One run: searches (SEARCH_UNIQUE=$1) and the other requests at once;
# prints two table rows.
server_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.0f", ($14 + $15) * 1000 / hz}' "/proc/$PH_PID/stat"; }
run_mix() {
  local label=$1 other_out="$WORK/other.txt" out cpu0 cpu1
  cpu0=$(server_cpu_ms)
  wrk -t1 -c5 -d"${DUR}s" --timeout 10s --latency -s "$WORK/other.lua" "http://127.0.0.1:$PH_PORT/api/v1/congresses/arch" > "$other_out" 2>&1 &
  local other=$!
  out=$(SEARCH_UNIQUE=$2 wrk -t2 -c"$CONNS" -d"${DUR}s" --timeout 10s --latency -s "$WORK/search.lua" "http://127.0.0.1:$PH_PORT" 2>&1 || true)
  wait $other || true
  cpu1=$(server_cpu_ms)
  local n_search cpu_per
  n_search=$(awk '/requests in/ {print $1}' <<<"$out")
  # The server's CPU (every thread) over the run ÷ searches answered: the
  # cost of one search through HTTP, the paced other requests' small share
  # included (an upper bound).
  cpu_per=$(awk -v a="$cpu0" -v b="$cpu1" -v n="${n_search:-0}" 'BEGIN { if (n > 0) printf "%.2f", (b - a) / n; else print "-" }')
  local rps p50 p99 errs o_rps o_p50 o_p99 o_errs
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' <<<"$out")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")
  errs=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
  o_rps=$(awk '/Requests\/sec/ {print $2}' "$other_out")
  o_p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$other_out")")
  o_p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$other_out")")
  o_errs=$(awk '/Non-2xx|Socket errors/ {print}' "$other_out" | tr '\n' ' ')
  echo "| ${label}: searches (${CONNS} connections) | **${rps}** | ${p50} | **${p99}** | ${cpu_per} | ${errs:-none} |"
  echo "| ${label}: other requests meanwhile (5 connections, paced at ${OTHER_RATE}/s each) | ${o_rps} | ${o_p50} | ${o_p99} | | ${o_errs:-none} |"
}
ROWS_REPEATED=$(run_mix "60 requests repeated (answer cache)" 0)
ROWS_UNIQUE=$(run_mix "every request unique (no cache hit)" 1)
RSS2=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$PH_PID/status)
stop_phonghop

cat <<MD
### Search through HTTP: ${CONNS} concurrent searchers on $(( DOCS * PAGES )) pages

Machine: $(machine); client (wrk) and server on the same cores. Archive: ${DOCS} documents × ${PAGES} pages of generated
Vietnamese-like text (≈ 2,000 characters a page), written in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.0f", b-a}') s;
the server loaded the in-memory index at start; the first search answered after $(awk -v a="$t2" -v b="$t3" 'BEGIN{printf "%.1f", b-a}') s
(resident memory then ${RSS} MB, ${RSS2} MB after the run). wrk -t2 -c${CONNS} -d${DUR}s, each connection searching
without pause, rotating 30 queries over \`/api/v1/congresses/arch/search\` and \`/api/v1/search\`; at the same time
wrk -t1 -c5 asks for \`GET /api/v1/congresses/arch\`, paced: each of the 5 connections waits
$(awk -v r="$OTHER_RATE" 'BEGIN { printf "%d", 1000 / r }') ms after each answer (at most ${OTHER_RATE} requests/s per connection, $(( 5 * OTHER_RATE ))/s in all; wrk's \`delay()\`).
Load average at the start: ${LOAD0}; at the end: $(cut -d' ' -f1-3 /proc/loadavg).

| traffic | requests/s | p50 ms | p99 ms | server CPU ms per search | errors |
|---|---:|---:|---:|---:|---|
${ROWS_REPEATED}
${ROWS_UNIQUE}

Goal: p99 ≤ 300 ms and ≥ 150 searches/s with 50 searchers on 2 cores, while the other requests keep being answered.
Reproduce: \`OTHER_RATE=${OTHER_RATE} bench/search_http.sh ${DOCS} ${PAGES} ${DUR} ${CONNS}\`
MD
