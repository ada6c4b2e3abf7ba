// The live-event outbox on PostgreSQL (decision 532). Append is one
// statement (one transaction): it advances the topic's row in
// live_event_seq (its row lock, held to COMMIT, makes commit order the
// sequence order), stores the event and NOTIFYs channel kEventChannel with
// the topic as payload — the doorbell every node's PgEventListener hears.
#pragma once

#include "common/event_log.h"
#include "storage/postgres/pg_db.h"

namespace phonghop::storage::pg {

inline constexpr char kEventChannel[] = "phonghop_events";

class PgEventLog final : public EventLog {
 public:
  explicit PgEventLog(PgDatabase& db) : db_(db) {}
  Result<uint64_t> Append(std::string_view topic, std::string_view event, std::string_view data,
                          int64_t at) override;
  Result<std::vector<LiveEvent>> Range(std::string_view topic, uint64_t after, uint64_t upto,
                                       size_t limit) override;
  Result<std::vector<std::pair<std::string, uint64_t>>> Positions() override;

  // The same two reads on a given connection (the listener's own).
  static std::vector<LiveEvent> RangeOn(PgConnection& c, std::string_view topic, uint64_t after, uint64_t upto,
                                        size_t limit);
  static std::vector<std::pair<std::string, uint64_t>> PositionsOn(PgConnection& c);

 private:
  PgDatabase& db_;
};

}  // namespace phonghop::storage::pg
