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

#include "common/event_log.h"
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
  // Events numbered at or below this are not sent to this subscriber (it
  // had them, or got them as its replay). Set by Subscribe under the hub's
  // lock before the subscriber becomes visible; read under that lock.
  uint64_t skip_through = 0;
};

// Event ids are per topic: the numbers the event log gives (decision 532),
// the same on every node, so a phone may resume on any node.
class SseHub final : public EventPublisher, public EventSink {
 public:
  explicit SseHub(size_t history_per_topic = 256)
      : history_limit_(history_per_topic) {}

  // Numbers the event here (the topic's last number + 1) and delivers it:
  // for a hub without an event log (tests, tools).
  void Publish(std::string_view topic, std::string_view event,
               std::string_view data_json) override;
  // An event numbered by the log: kept for replay and sent to the
  // subscribers; ignored when not newer than the topic's last.
  void Deliver(const LiveEvent& e) override;
  // Where replays older than the kept history come from (may be null);
  // set before serving.
  void SetArchive(EventLog* archive) { archive_ = archive; }
  // The last number of each topic when the server starts (so a phone's
  // Last-Event-ID can be compared before any new event arrives).
  void SetPositions(const std::vector<std::pair<std::string, uint64_t>>& positions);

  // Registers `sub` on `topic` and returns, atomically with the
  // registration, the events after `last_event_id` (empty or unparsable =
  // none) up to the topic's last, from the kept history or, when that does
  // not reach back far enough, from the archive; later events come through
  // the subscriber's queue. Nothing is lost or sent twice, also when the
  // phone was on another node that had already seen more than this one.
  std::vector<SsePayload> Subscribe(const std::string& topic,
                                    const std::shared_ptr<SseSubscriber>& sub,
                                    std::string_view last_event_id);
  void Unsubscribe(const std::string& topic, const SseSubscriber* sub);
  // Wakes and closes every subscriber (graceful shutdown).
  void CloseAll();
  size_t SubscriberCount() const;
  // The topic's last delivered number (0 when none).
  uint64_t LastSeq(const std::string& topic) const;

  // Formats one event in the text/event-stream wire format.
  static std::string Format(uint64_t id, std::string_view event,
                            std::string_view data);

 private:
  struct Topic {
    std::vector<std::weak_ptr<SseSubscriber>> subscribers;
    std::deque<std::pair<uint64_t, SsePayload>> history;
    uint64_t last = 0;
  };
  // With mu_ held: records event `seq` of `t` and returns who gets it.
  std::vector<std::shared_ptr<SseSubscriber>> AddLocked(Topic& t, uint64_t seq, const SsePayload& payload);
  static void Send(const std::vector<std::shared_ptr<SseSubscriber>>& targets, const SsePayload& payload);

  mutable std::mutex mu_;
  std::unordered_map<std::string, Topic> topics_;
  size_t history_limit_;
  EventLog* archive_ = nullptr;
};

}  // namespace phonghop::http
