#include "http/sse_hub.h"

#include <boost/asio/post.hpp>
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

void SseHub::Publish(std::string_view topic, std::string_view event,
                     std::string_view data_json) {
  std::vector<std::shared_ptr<SseSubscriber>> targets;
  SsePayload payload;
  {
    std::lock_guard<std::mutex> lock(mu_);
    Topic& t = topics_[std::string(topic)];
    uint64_t id = ++next_id_;
    payload = std::make_shared<const std::string>(Format(id, event, data_json));
    t.history.emplace_back(id, payload);
    while (t.history.size() > history_limit_) t.history.pop_front();
    targets.reserve(t.subscribers.size());
    auto& subs = t.subscribers;
    for (size_t i = 0; i < subs.size();) {
      if (auto s = subs[i].lock()) {
        targets.push_back(std::move(s));
        ++i;
      } else {
        subs[i] = std::move(subs.back());
        subs.pop_back();
      }
    }
  }
  // Delivered on each subscriber's own io_context (one thread): no locks on
  // the write path.
  for (auto& s : targets) {
    boost::asio::post(s->executor, [s, payload] {
      s->queue.push_back(payload);
      s->wake.cancel();
    });
  }
}

std::vector<SsePayload> SseHub::Subscribe(
    const std::string& topic, const std::shared_ptr<SseSubscriber>& sub,
    std::string_view last_event_id) {
  uint64_t last = 0;
  bool has_last = false;
  if (!last_event_id.empty()) {
    auto r = std::from_chars(last_event_id.data(),
                             last_event_id.data() + last_event_id.size(), last);
    has_last = r.ec == std::errc();
  }
  std::lock_guard<std::mutex> lock(mu_);
  Topic& t = topics_[topic];
  t.subscribers.push_back(sub);
  std::vector<SsePayload> replay;
  if (has_last) {
    for (const auto& [id, p] : t.history)
      if (id > last) replay.push_back(p);
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
