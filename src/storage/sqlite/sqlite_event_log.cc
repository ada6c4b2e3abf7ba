#include "storage/sqlite/sqlite_event_log.h"

namespace phonghop::storage {

Result<uint64_t> SqliteEventLog::Append(std::string_view topic, std::string_view event, std::string_view data,
                                        int64_t at) {
  return Guard([&]() -> Result<uint64_t> {
    return db_.Write([&](Connection& c) -> Result<uint64_t> {
      auto s = c.Prepare(
          "INSERT INTO live_event_seq(topic, seq) VALUES (?, 1) "
          "ON CONFLICT(topic) DO UPDATE SET seq = seq + 1 RETURNING seq");
      s.Bind(1, topic);
      if (!s.Step()) return Status::Internal("live event sequence not advanced");
      const int64_t seq = s.Int(0);
      s.Reset();
      c.Prepare("INSERT INTO live_events(topic, seq, event, data, at) VALUES (?,?,?,?,?)")
          .Bind(1, topic).Bind(2, seq).Bind(3, event).Bind(4, data).Bind(5, at).Exec();
      // Trim now and then: replays reach back kRetained events.
      if (seq % 100 == 0)
        c.Prepare("DELETE FROM live_events WHERE topic = ? AND seq <= ?")
            .Bind(1, topic).Bind(2, seq - static_cast<int64_t>(kRetained)).Exec();
      return static_cast<uint64_t>(seq);
    });
  });
}

Result<std::vector<LiveEvent>> SqliteEventLog::Range(std::string_view topic, uint64_t after, uint64_t upto,
                                                     size_t limit) {
  return Guard([&]() -> Result<std::vector<LiveEvent>> {
    return db_.Read([&](Connection& c) {
      std::vector<LiveEvent> out;
      auto s = c.Prepare(
          "SELECT seq, event, data FROM live_events WHERE topic = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?");
      s.Bind(1, topic).Bind(2, static_cast<int64_t>(after)).Bind(3, static_cast<int64_t>(upto))
          .Bind(4, static_cast<int64_t>(limit));
      while (s.Step()) out.push_back({std::string(topic), static_cast<uint64_t>(s.Int(0)), s.Text(1), s.Text(2)});
      return out;
    });
  });
}

Result<std::vector<std::pair<std::string, uint64_t>>> SqliteEventLog::Positions() {
  return Guard([&]() -> Result<std::vector<std::pair<std::string, uint64_t>>> {
    return db_.Read([&](Connection& c) {
      std::vector<std::pair<std::string, uint64_t>> out;
      auto s = c.Prepare("SELECT topic, seq FROM live_event_seq");
      while (s.Step()) out.emplace_back(s.Text(0), static_cast<uint64_t>(s.Int(1)));
      return out;
    });
  });
}

}  // namespace phonghop::storage
