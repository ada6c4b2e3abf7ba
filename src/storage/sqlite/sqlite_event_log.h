// The live-event outbox on SQLite (decision 532): one process serves, so
// the publisher delivers in-process right after the append; the table
// keeps the numbers going across restarts and serves replays.
#pragma once

#include "common/event_log.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {

class SqliteEventLog final : public EventLog {
 public:
  explicit SqliteEventLog(SqliteDatabase& db) : db_(db) {}
  Result<uint64_t> Append(std::string_view topic, std::string_view event, std::string_view data,
                          int64_t at) override;
  Result<std::vector<LiveEvent>> Range(std::string_view topic, uint64_t after, uint64_t upto,
                                       size_t limit) override;
  Result<std::vector<std::pair<std::string, uint64_t>>> Positions() override;

 private:
  SqliteDatabase& db_;
};

}  // namespace phonghop::storage
