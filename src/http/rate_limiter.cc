#include "http/rate_limiter.h"

#include <algorithm>

namespace phonghop::http {

bool RateLimiter::Allow(const std::string& address) {
  if (rate_ <= 0) return true;
  auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  // Bounded memory: idle addresses are forgotten when the table grows.
  if (buckets_.size() > 50000) {
    for (auto it = buckets_.begin(); it != buckets_.end();)
      it = now - it->second.last > std::chrono::seconds(60) ? buckets_.erase(it) : std::next(it);
  }
  auto [it, fresh] = buckets_.try_emplace(address, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.last = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

bool ClientRateLimits::Allow(const std::string& address, std::string_view session_token) {
  if (session_token.empty()) return address_.Allow(address);
  // The venue ceiling first: a forged cookie costs its sender a token too.
  if (!venue_.Allow(address)) return false;
  return session_.Allow(std::string(session_token));
}

}  // namespace phonghop::http
