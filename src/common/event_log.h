// The live-event outbox (decision 532): every event a service publishes is
// numbered per topic (a congress slug) by the store, so the ids of the event
// streams are the same on every phonghop node and a phone reconnecting to
// any node resumes from its Last-Event-ID. Ports only: the store implements
// EventLog, the SSE hub implements EventSink.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace phonghop {

struct LiveEvent {
  std::string topic;  // congress slug
  uint64_t seq = 0;   // 1, 2, 3 ... per topic, in commit order
  std::string event;  // "attendance", "announcement", ...
  std::string data;   // JSON
};

class EventLog {
 public:
  virtual ~EventLog() = default;
  // Stores the event as the next of `topic`'s sequence and returns its
  // number. Numbers become visible in order: once seq N can be read, every
  // smaller one of the topic can too. On a shared store it also rings the
  // other nodes' doorbell. kUnavailable when the store is away. Thread-safe.
  virtual Result<uint64_t> Append(std::string_view topic, std::string_view event, std::string_view data,
                                  int64_t at) = 0;
  // The retained events of `topic` with after < seq <= upto, oldest first,
  // at most `limit` (old events are trimmed: see kRetained).
  virtual Result<std::vector<LiveEvent>> Range(std::string_view topic, uint64_t after, uint64_t upto,
                                               size_t limit) = 0;
  // The last number given out in every topic.
  virtual Result<std::vector<std::pair<std::string, uint64_t>>> Positions() = 0;
  // Events kept per topic for replay (older ones are deleted as new come).
  static constexpr uint64_t kRetained = 1000;
};

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Hands one stored event to this process's subscribers. Called in `seq`
  // order per topic; an event at or below one already delivered is
  // ignored. Thread-safe, non-blocking.
  virtual void Deliver(const LiveEvent& e) = 0;
};

}  // namespace phonghop
