#include "storage/postgres/pg_event_listener.h"

#include <poll.h>

#include <cerrno>

#include <limits>
#include <set>

#include "common/log.h"
#include "storage/postgres/pg_db.h"
#include "storage/postgres/pg_event_log.h"

namespace phonghop::storage::pg {

namespace {
constexpr size_t kBatch = 500;

// Sleeps up to `d`, waking early when asked to stop.
void Pause(std::stop_token& stop, std::chrono::milliseconds d) {
  auto until = std::chrono::steady_clock::now() + d;
  while (!stop.stop_requested() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}
}  // namespace

PgEventListener::PgEventListener(std::string url, EventSink& sink,
                                 const std::vector<std::pair<std::string, uint64_t>>& positions)
    : url_(std::move(url)), sink_(sink), last_(positions.begin(), positions.end()) {}

PgEventListener::~PgEventListener() { Stop(); }

void PgEventListener::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void PgEventListener::Stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void PgEventListener::CatchUp(PgConnection& c, const std::string& topic) {
  uint64_t& last = last_[topic];
  for (;;) {
    auto events = PgEventLog::RangeOn(c, topic, last, std::numeric_limits<int64_t>::max(), kBatch);
    for (const auto& e : events) {
      sink_.Deliver(e);
      last = e.seq;
    }
    if (events.size() < kBatch) return;
  }
}

void PgEventListener::CatchUpAll(PgConnection& c) {
  for (const auto& [topic, seq] : PgEventLog::PositionsOn(c)) {
    auto it = last_.find(topic);
    if (it == last_.end() || it->second < seq) CatchUp(c, topic);
  }
}

void PgEventListener::Run(std::stop_token stop) {
  std::chrono::milliseconds backoff(200);
  bool first = true;
  while (!stop.stop_requested()) {
    try {
      PgConnection c(url_);
      c.Exec(std::string("LISTEN ") + kEventChannel);
      if (!first) reconnects_.fetch_add(1);
      first = false;
      // Listening first, then catching up: an event committed in between
      // is both rung and read, and delivered once (numbers decide).
      CatchUpAll(c);
      listening_ = true;
      backoff = std::chrono::milliseconds(200);
      log::Info("live events: listening on the database");
      auto next_sweep = std::chrono::steady_clock::now() + kCatchUpEvery;
      while (!stop.stop_requested()) {
        pollfd p{PQsocket(c.raw()), POLLIN, 0};
        int n = ::poll(&p, 1, 250);
        if (n < 0 && errno != EINTR) throw PgError("", "poll on the listener connection failed");
        if (n > 0 && !PQconsumeInput(c.raw())) throw PgError("", PQerrorMessage(c.raw()));
        std::set<std::string> rung;
        while (PGnotify* note = PQnotifies(c.raw())) {
          rung.insert(note->extra ? note->extra : "");
          PQfreemem(note);
        }
        for (const auto& topic : rung)
          if (!topic.empty()) CatchUp(c, topic);
        if (std::chrono::steady_clock::now() >= next_sweep) {
          CatchUpAll(c);  // also notices a dead connection
          next_sweep = std::chrono::steady_clock::now() + kCatchUpEvery;
        }
      }
    } catch (const PgError& e) {
      listening_ = false;
      log::Warn(std::string("live events: database listener lost, reconnecting: ") +
                std::string(std::string_view(e.what()).substr(0, 200)));
      Pause(stop, backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(3000));
    }
  }
  listening_ = false;
}

}  // namespace phonghop::storage::pg
