// A size bound on this node's read-through cache of the S3 store (decision
// 551): DATA/blobs and DATA/page-images hold copies of bucket objects, and
// without a bound they grow to the bucket's size. Files are content
// addressed (never stale), so dropping one only costs a fetch later.
//
// Least recently used first, never a file used in the last `pin` seconds:
// a route hands out a cached path and the network thread opens it a moment
// later (after writing the headers); once opened, unlinking is harmless on
// Linux (the open descriptor keeps the bytes until it is closed — the
// per-thread descriptor cache of http/immutable_fds.h included), so only
// that gap needs the pin. When everything left is pinned the cache stays
// over its bound until the pins age out (logged, never an error).
//
// Thread-safe (one mutex; Touch is a map lookup and a list splice, cheap
// enough for the network threads).
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace phonghop::storage::s3 {

class CacheBudget {
 public:
  // `max_bytes` 0 = no bound (nothing is ever evicted). `clock` must outlive this.
  CacheBudget(uint64_t max_bytes, int64_t pin_seconds, const Clock& clock)
      : max_(max_bytes), pin_(pin_seconds), clock_(clock) {}

  // Takes in the files already under `root` (a node restarting with a full
  // cache), oldest modification first. Call before serving.
  void AddExisting(const std::string& root);
  // `path` (of `size` bytes) was just stored or handed out: most recent now.
  // A path not known yet is added with `size`; 0 = read it from the disk.
  void Touch(const std::string& path, uint64_t size = 0);
  // `path` was removed by its store.
  void Forget(const std::string& path);
  // Unlinks least recently used, unpinned files until the total is within
  // the bound. Returns how many files went.
  int Evict();

  uint64_t bytes() const;
  size_t files() const;
  uint64_t max_bytes() const { return max_; }

 private:
  struct Entry {
    std::string path;
    uint64_t size;
    int64_t used_at;
  };
  void TouchLocked(const std::string& path, uint64_t size, int64_t at);
  const uint64_t max_;
  const int64_t pin_;
  const Clock& clock_;
  mutable std::mutex mu_;
  std::list<Entry> lru_;  // least recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  uint64_t bytes_ = 0;
};

}  // namespace phonghop::storage::s3
