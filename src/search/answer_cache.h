// Recent answers of the search service, keyed by everything an answer
// depends on: the query text, the filters and limit, the caller's
// visibility class and the index generation (the position of the change
// log the index has applied). A new upload, version or deletion moves the
// generation, so an old answer is never served after a change; entries of
// old generations simply age out. Least recently used entries go first.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace phonghop::search {

template <typename Answer>
class AnswerCache {
 public:
  explicit AnswerCache(size_t capacity = 2048) : capacity_(capacity) {}

  std::optional<Answer> Get(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) {
      ++misses_;
      return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    ++hits_;
    return it->second->second;
  }

  void Put(const std::string& key, Answer answer) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mu_);
    if (auto it = map_.find(key); it != map_.end()) {
      it->second->second = std::move(answer);
      lru_.splice(lru_.begin(), lru_, it->second);
      return;
    }
    lru_.emplace_front(key, std::move(answer));
    map_.emplace(key, lru_.begin());
    if (map_.size() > capacity_) {
      map_.erase(lru_.back().first);
      lru_.pop_back();
    }
  }

  uint64_t hits() const {
    std::lock_guard lock(mu_);
    return hits_;
  }
  uint64_t misses() const {
    std::lock_guard lock(mu_);
    return misses_;
  }

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::list<std::pair<std::string, Answer>> lru_;
  std::unordered_map<std::string, typename std::list<std::pair<std::string, Answer>>::iterator> map_;
  uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace phonghop::search
