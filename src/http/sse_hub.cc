#include "http/sse_hub.h"

#include <boost/asio/post.hpp>
#include <algorithm>
#include <charconv>

namespace phonghop::http {

std::string SseHub::Format(uint64_t id, std::string_view event,
                           std::string_view data) {
  std::string out = "id: " + std::to_string(id) + "\nevent: ";
  out += event;
  out += '\n';
  // Each line of the payload needs its own "data:" prefix.
  size_t start = 0;
  while (start <= data.size()) {
    size_t nl = data.find('\n', start);
    if (nl == std::string_view::npos) nl = data.size();
    out += "data: ";
    out += data.substr(start, nl - start);
    out += '\n';
    start = nl + 1;
  }
  out += '\n';
  return out;
}

std::vector<std::shared_ptr<SseSubscriber>> SseHub::AddLocked(Topic& t, uint64_t seq, const SsePayload& payload) {
  t.last = seq;
  t.history.emplace_back(seq, payload);
  while (t.history.size() > history_limit_) t.history.pop_front();
  std::vector<std::shared_ptr<SseSubscriber>> targets;
  targets.reserve(t.subscribers.size());
  auto& subs = t.subscribers;
  for (size_t i = 0; i < subs.size();) {
    if (auto s = subs[i].lock()) {
      if (s->skip_through < seq) targets.push_back(std::move(s));
      ++i;
    } else {
      subs[i] = std::move(subs.back());
      subs.pop_back();
    }
  }
  return targets;
}

void SseHub::Send(const std::vector<std::shared_ptr<SseSubscriber>>& targets, const SsePayload& payload) {
  // Delivered on each subscriber's own io_context (one thread): no locks on
  // the write path.
  for (auto& s : targets) {
    boost::asio::post(s->executor, [s, payload] {
      s->queue.push_back(payload);
      s->wake.cancel();
    });
  }
}

void SseHub::Publish(std::string_view topic, std::string_view event,
                     std::string_view data_json) {
  std::vector<std::shared_ptr<SseSubscriber>> targets;
  SsePayload payload;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Topic& t = topics_[std::string(topic)];
    const uint64_t seq = t.last + 1;
    payload = std::make_shared<const std::string>(Format(seq, event, data_json));
    targets = AddLocked(t, seq, payload);
  }
  Send(targets, payload);
}

void SseHub::Deliver(const LiveEvent& e) {
  // Formatted before the lock; most events are new.
  auto payload = std::make_shared<const std::string>(Format(e.seq, e.event, e.data));
  std::vector<std::shared_ptr<SseSubscriber>> targets;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Topic& t = topics_[e.topic];
    if (e.seq <= t.last) return;
    targets = AddLocked(t, e.seq, payload);
  }
  Send(targets, payload);
}

void SseHub::SetPositions(const std::vector<std::pair<std::string, uint64_t>>& positions) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [topic, seq] : positions) {
    Topic& t = topics_[topic];
    if (seq > t.last) t.last = seq;
  }
}

uint64_t SseHub::LastSeq(const std::string& topic) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = topics_.find(topic);
  return it == topics_.end() ? 0 : it->second.last;
}

std::vector<SsePayload> SseHub::Subscribe(
    const std::string& topic, const std::shared_ptr<SseSubscriber>& sub,
    std::string_view last_event_id) {
  uint64_t last = 0;
  bool has_last = false;
  if (!last_event_id.empty()) {
    auto r = std::from_chars(last_event_id.data(),
                             last_event_id.data() + last_event_id.size(), last);
    has_last = r.ec == std::errc() && r.ptr == last_event_id.data() + last_event_id.size();
  }
  std::vector<SsePayload> replay;
  uint64_t upto = 0;
  bool from_archive = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Topic& t = topics_[topic];
    upto = t.last;
    // A phone that saw more than this node has yet (it came from a node
    // whose listener was ahead) waits for this one to catch up, without
    // repeats.
    sub->skip_through = has_last ? std::max(last, upto) : upto;
    t.subscribers.push_back(sub);
    if (has_last && last < upto) {
      const bool covered = !t.history.empty() && t.history.front().first <= last + 1;
      if (covered || !archive_) {
        for (const auto& [id, p] : t.history)
          if (id > last) replay.push_back(p);
      } else {
        from_archive = true;
      }
    }
  }
  if (from_archive) {
    // Older than this node's memory (it started later, or the gap is
    // long): the log has it. Events after `upto` come through the queue.
    // A gap wider than the log keeps gets the newest kRetained events, not
    // the oldest: the app re-reads its state on reconnect anyway, and what
    // happened last (a ballot opened) matters more than what came first.
    const uint64_t from = upto > EventLog::kRetained ? std::max(last, upto - EventLog::kRetained) : last;
    auto events = archive_->Range(topic, from, upto, EventLog::kRetained);
    if (events.ok())
      for (const auto& e : *events)
        replay.push_back(std::make_shared<const std::string>(Format(e.seq, e.event, e.data)));
  }
  return replay;
}

void SseHub::Unsubscribe(const std::string& topic, const SseSubscriber* sub) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = topics_.find(topic);
  if (it == topics_.end()) return;
  auto& subs = it->second.subscribers;
  for (size_t i = 0; i < subs.size(); ++i) {
    auto s = subs[i].lock();
    if (!s || s.get() == sub) {
      subs[i] = std::move(subs.back());
      subs.pop_back();
      --i;
    }
  }
}

void SseHub::CloseAll() {
  std::vector<std::shared_ptr<SseSubscriber>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [name, t] : topics_)
      for (auto& w : t.subscribers)
        if (auto s = w.lock()) all.push_back(std::move(s));
  }
  for (auto& s : all) {
    boost::asio::post(s->executor, [s] {
      s->closed = true;
      s->wake.cancel();
    });
  }
}

size_t SseHub::SubscriberCount() const {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (const auto& [name, t] : topics_)
    for (const auto& w : t.subscribers)
      if (!w.expired()) ++n;
  return n;
}

}  // namespace phonghop::http
