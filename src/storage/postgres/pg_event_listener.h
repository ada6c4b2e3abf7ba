// The doorbell of live events across nodes (decision 532): one connection
// per process, of its own (not from the pool: LISTEN is session state), that
// LISTENs on the primary for PgEventLog's NOTIFY and hands every new event
// of every topic to the local sink in sequence order. After a lost
// connection (a restart, a failover: LISTEN is refused on a standby, so a
// multi-host URL with target_session_attrs=read-write finds the new primary)
// it reconnects with a growing pause and catches up from the last number it
// delivered, so nothing is lost; it also catches up every few seconds, in
// case a notification went missing.
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "common/event_log.h"

namespace phonghop::storage::pg {

class PgConnection;

class PgEventListener {
 public:
  // `positions`: the last number of each topic the sink already knows
  // (EventLog::Positions() at start); events after them are delivered.
  PgEventListener(std::string url, EventSink& sink, const std::vector<std::pair<std::string, uint64_t>>& positions);
  ~PgEventListener();  // stops and joins
  PgEventListener(const PgEventListener&) = delete;
  PgEventListener& operator=(const PgEventListener&) = delete;

  void Start();
  void Stop();
  // Connections made after the first (reconnects), and whether it is
  // listening now. Thread-safe.
  uint64_t reconnects() const { return reconnects_.load(); }
  bool listening() const { return listening_.load(); }

  static constexpr std::chrono::seconds kCatchUpEvery{5};

 private:
  void Run(std::stop_token stop);
  void CatchUp(PgConnection& c, const std::string& topic);
  void CatchUpAll(PgConnection& c);

  std::string url_;
  EventSink& sink_;
  std::map<std::string, uint64_t> last_;  // touched by the thread only
  std::atomic<uint64_t> reconnects_{0};
  std::atomic<bool> listening_{false};
  std::jthread thread_;
};

}  // namespace phonghop::storage::pg
