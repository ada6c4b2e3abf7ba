#include "common/outbox_publisher.h"

#include "common/log.h"

namespace phonghop {

void OutboxPublisher::Publish(std::string_view topic, std::string_view event, std::string_view data_json) {
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
