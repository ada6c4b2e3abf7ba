// Port through which domain code announces live events ("attendance
// changed", "document pushed") without knowing about SSE or HTTP.
#pragma once

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

class NullPublisher final : public EventPublisher {
 public:
  void Publish(std::string_view, std::string_view, std::string_view) override {}
};

}  // namespace phonghop
