// Per-address token buckets: one phone (or a script) flooding the server
// gets 429s while everyone else is served. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace phonghop::http {

class RateLimiter {
 public:
  // `per_second` sustained, `burst` at once; per_second <= 0 disables.
  RateLimiter(double per_second, double burst) : rate_(per_second), burst_(burst) {}
  // True if a request from `address` may proceed now.
  bool Allow(const std::string& address);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace phonghop::http
