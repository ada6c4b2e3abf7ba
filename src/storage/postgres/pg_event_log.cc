#include "storage/postgres/pg_event_log.h"

#include <algorithm>
#include <limits>

namespace phonghop::storage::pg {

Result<uint64_t> PgEventLog::Append(std::string_view topic, std::string_view event, std::string_view data,
                                    int64_t at) {
  return PgGuard([&]() -> Result<uint64_t> {
    return db_.Read([&](PgConnection& c) -> Result<uint64_t> {
      // One statement, so one round trip and one transaction; NOTIFY is
      // sent at COMMIT, after the row is visible.
      auto r = c.Q(
          "WITH s AS (INSERT INTO live_event_seq(topic, seq) VALUES ($1::text, 1) "
          "  ON CONFLICT (topic) DO UPDATE SET seq = live_event_seq.seq + 1 RETURNING seq), "
          "e AS (INSERT INTO live_events(topic, seq, event, data, at) "
          "  SELECT $1::text, seq, $2::text, $3::text, $4::bigint FROM s RETURNING seq), "
          "t AS (DELETE FROM live_events WHERE topic = $1::text AND (SELECT seq FROM s) % 100 = 0 "
          "  AND seq <= (SELECT seq FROM s) - $5::bigint) "
          "SELECT seq, pg_notify($6::text, $1::text) FROM e",
          topic, event, data, at, static_cast<int64_t>(kRetained), kEventChannel);
      if (r.empty()) return Status::Internal("live event not stored");
      return static_cast<uint64_t>(r.Int(0, 0));
    });
  });
}

std::vector<LiveEvent> PgEventLog::RangeOn(PgConnection& c, std::string_view topic, uint64_t after, uint64_t upto,
                                           size_t limit) {
  std::vector<LiveEvent> out;
  auto r = c.Q("SELECT seq, event, data FROM live_events WHERE topic = $1 AND seq > $2 AND seq <= $3 "
               "ORDER BY seq LIMIT $4",
               topic, static_cast<int64_t>(after),
               static_cast<int64_t>(std::min<uint64_t>(upto, std::numeric_limits<int64_t>::max())),
               static_cast<int64_t>(limit));
  for (int i = 0; i < r.size(); ++i)
    out.push_back({std::string(topic), static_cast<uint64_t>(r.Int(i, 0)), r.Text(i, 1), r.Text(i, 2)});
  return out;
}

std::vector<std::pair<std::string, uint64_t>> PgEventLog::PositionsOn(PgConnection& c) {
  std::vector<std::pair<std::string, uint64_t>> out;
  auto r = c.Q("SELECT topic, seq FROM live_event_seq");
  for (int i = 0; i < r.size(); ++i) out.emplace_back(r.Text(i, 0), static_cast<uint64_t>(r.Int(i, 1)));
  return out;
}

Result<std::vector<LiveEvent>> PgEventLog::Range(std::string_view topic, uint64_t after, uint64_t upto,
                                                 size_t limit) {
  return PgGuard([&]() -> Result<std::vector<LiveEvent>> {
    return db_.Read([&](PgConnection& c) { return RangeOn(c, topic, after, upto, limit); });
  });
}

Result<std::vector<std::pair<std::string, uint64_t>>> PgEventLog::Positions() {
  return PgGuard([&]() -> Result<std::vector<std::pair<std::string, uint64_t>>> {
    return db_.Read([&](PgConnection& c) { return PositionsOn(c); });
  });
}

}  // namespace phonghop::storage::pg
