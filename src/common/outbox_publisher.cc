#include "common/outbox_publisher.h"

#include <cstdlib>

#include "common/failpoint.h"
#include "common/log.h"

namespace phonghop {

void OutboxPublisher::Publish(std::string_view topic, std::string_view event, std::string_view data_json) {
  // Fault tests: the node dies after a change was written and before its
  // event is stored (OutboxTest): only events published inside a change's
  // unit of work, so nothing else (timers, progress events) trips it.
  if (unit_of_work::Active() && FailpointOn("crash_before_event_append")) std::_Exit(70);
  if (units_ && (deliver_here_ || unit_of_work::Active())) {
    // One process on SQLite, or a change's own transaction: the event is
    // stored inside a unit (the caller's, or one of its own) and delivered
    // here after the commit, under the store's writer serialisation, so
    // delivery order is sequence order.
    Status st = units_->Run([&]() -> Status {
      auto seq = log_.Append(topic, event, data_json, clock_.NowUnix());
      if (!seq.ok()) return seq.status();
      if (deliver_here_)
        unit_of_work::AfterCommit([this, e = LiveEvent{std::string(topic), *seq, std::string(event),
                                                      std::string(data_json)}] { sink_.Deliver(e); });
      return Status::Ok();
    });
    if (!st.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      ++lost_;
      log::Warn("live event not stored topic=" + std::string(topic) + " event=" + std::string(event) +
                " cause=" + st.message());
    }
    return;
  }
  if (!deliver_here_) {
    // The listener delivers (ours included): nothing to order here.
    auto seq = log_.Append(topic, event, data_json, clock_.NowUnix());
    if (!seq.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      ++lost_;
      log::Warn("live event not stored topic=" + std::string(topic) + " event=" + std::string(event) +
                " cause=" + seq.status().message());
    }
    return;
  }
  std::lock_guard<std::mutex> lock(mu_);
  auto seq = log_.Append(topic, event, data_json, clock_.NowUnix());
  if (!seq.ok()) {
    ++lost_;
    log::Warn("live event not stored topic=" + std::string(topic) + " event=" + std::string(event) +
              " cause=" + seq.status().message());
    return;
  }
  sink_.Deliver(LiveEvent{std::string(topic), *seq, std::string(event), std::string(data_json)});
}

uint64_t OutboxPublisher::lost() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lost_;
}

}  // namespace phonghop
