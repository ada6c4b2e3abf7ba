// Caches the serialised JSON of hot GET endpoints: when the chair says
// "open the programme", a thousand phones ask for the same bytes at once.
// An entry is valid while the data generation is unchanged and it is younger
// than `max_age` (so a change made by another process, e.g. a CLI import,
// shows within that time). Replies carry a strong ETag; a phone that has
// the current version gets 304.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/status.h"
#include "http/request.h"

namespace phonghop::http {

class ReplyCache {
 public:
  explicit ReplyCache(std::chrono::milliseconds max_age = std::chrono::milliseconds(1000))
      : max_age_(max_age) {}

  // Returns the cached reply for `key` or builds it with `produce`. Only
  // 200 replies are cached; errors pass through. Thread-safe.
  Response Serve(const Request& req, const std::string& key, uint64_t generation,
                 const std::function<Result<Response>()>& produce);

 private:
  struct Entry {
    uint64_t generation = 0;
    std::chrono::steady_clock::time_point made;
    std::string etag;
    std::shared_ptr<const PreparedReply> plain;
    std::shared_ptr<const PreparedReply> gzip;  // null when not worth it
  };
  std::chrono::milliseconds max_age_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

}  // namespace phonghop::http
