// Port through which domain code announces live events ("attendance
// changed", "document pushed") without knowing about SSE or HTTP.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

namespace phonghop {

class EventPublisher {
 public:
  virtual ~EventPublisher() = default;
  // Delivers `data_json` as event `event` to every subscriber of `topic`
  // (a congress slug). Thread-safe, non-blocking.
  virtual void Publish(std::string_view topic, std::string_view event,
                       std::string_view data_json) = 0;
};

// Forwards to a target set later (the SSE hub exists only while serving);
// drops events while no target is set.
class ForwardingPublisher final : public EventPublisher {
 public:
  void SetTarget(EventPublisher* target) { target_.store(target); }
  void Publish(std::string_view topic, std::string_view event,
               std::string_view data_json) override {
    if (auto* t = target_.load()) t->Publish(topic, event, data_json);
  }

 private:
  std::atomic<EventPublisher*> target_{nullptr};
};

class NullPublisher final : public EventPublisher {
 public:
  void Publish(std::string_view, std::string_view, std::string_view) override {}
};

}  // namespace phonghop
