// Server-Sent-Events hub: topics (one per congress), subscribers (one per
// open app), a short history per topic so a phone that reconnects with
// Last-Event-ID gets what it missed.
#pragma once

#include <utility>  // before Asio: Boost 1.74's awaitable.hpp needs std::exchange

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/event_publisher.h"

namespace phonghop::http {

using SsePayload = std::shared_ptr<const std::string>;

// One connected client. All fields except `executor` are touched only on
// that executor (the connection's io_context, run by one thread).
struct SseSubscriber {
  explicit SseSubscriber(boost::asio::any_io_executor ex)
      : executor(ex), wake(ex) {}
  boost::asio::any_io_executor executor;
  boost::asio::steady_timer wake;  // cancelled to wake the writer
  std::deque<SsePayload> queue;
  bool closed = false;
};

class SseHub final : public EventPublisher {
 public:
  explicit SseHub(size_t history_per_topic = 256)
      : history_limit_(history_per_topic) {}

  void Publish(std::string_view topic, std::string_view event,
               std::string_view data_json) override;

  // Registers `sub` on `topic` and returns, atomically with the
  // registration, the retained events newer than `last_event_id` (empty or
  // unparsable = none) so nothing is lost or duplicated between the two.
  std::vector<SsePayload> Subscribe(const std::string& topic,
                                    const std::shared_ptr<SseSubscriber>& sub,
                                    std::string_view last_event_id);
  void Unsubscribe(const std::string& topic, const SseSubscriber* sub);
  // Wakes and closes every subscriber (graceful shutdown).
  void CloseAll();
  size_t SubscriberCount() const;

  // Formats one event in the text/event-stream wire format.
  static std::string Format(uint64_t id, std::string_view event,
                            std::string_view data);

 private:
  struct Topic {
    std::vector<std::weak_ptr<SseSubscriber>> subscribers;
    std::deque<std::pair<uint64_t, SsePayload>> history;
  };
  mutable std::mutex mu_;
  std::unordered_map<std::string, Topic> topics_;
  uint64_t next_id_ = 0;
  size_t history_limit_;
};

}  // namespace phonghop::http
