// The EventPublisher the services see when serving (decision 532): each
// event goes into the EventLog first, which numbers it per topic. With
// `deliver_here` (one process on SQLite) it is then handed to the local
// sink at once, in order; on PostgreSQL the sink is fed by the LISTEN/NOTIFY
// listener instead, the same way on every node (this one included), so the
// order is the log's order everywhere.
#pragma once

#include <mutex>

#include "common/clock.h"
#include "common/event_log.h"
#include "common/event_publisher.h"
#include "common/unit_of_work.h"

namespace phonghop {

class OutboxPublisher final : public EventPublisher {
 public:
  // `units`: the store's UnitOfWork (null: no transactions, as before
  // decision 552).
  OutboxPublisher(EventLog& log, EventSink& sink, const Clock& clock, bool deliver_here,
                  UnitOfWork* units = nullptr)
      : log_(log), sink_(sink), clock_(clock), deliver_here_(deliver_here), units_(units) {}
  // Stores and (with deliver_here) delivers. Inside a unit of work the
  // event is stored in the change's own transaction (decision 552): when it
  // can't be, the whole unit rolls back, change included; delivery here
  // waits for the commit. Outside a unit, when the store refuses (a
  // failover), the event is lost: it is logged and counted, and the phones
  // catch up by reloading when their stream reconnects. Thread-safe.
  void Publish(std::string_view topic, std::string_view event, std::string_view data_json) override;
  uint64_t lost() const;

 private:
  EventLog& log_;
  EventSink& sink_;
  const Clock& clock_;
  const bool deliver_here_;
  UnitOfWork* const units_;
  mutable std::mutex mu_;  // append + deliver in one step: delivery order = seq order
  uint64_t lost_ = 0;
};

}  // namespace phonghop
