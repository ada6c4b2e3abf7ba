// Per-address token buckets: one phone (or a script) flooding the server
// gets 429s while everyone else is served. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
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

// The limits in front of dispatch (decision 533). A venue reaches a central
// service through one NAT address: 200 phones there are one address, and
// one phone opening a PDF makes dozens of Range requests. So a request that
// carries a session cookie (a signed-in delegate, kiosk or staff device) is
// counted against its session (`per_session`: one device) and against its
// address's venue ceiling (`per_venue`, so forged cookies from one address
// cannot bypass the limit); a request without one against its address
// (`per_address`). Limits are per node (not shared across nodes).
// Thread-safe.
class ClientRateLimits {
 public:
  struct Config {
    double per_address = 200, address_burst = 600;
    double per_session = 200, session_burst = 600;
    double per_venue = 2000, venue_burst = 6000;
  };
  explicit ClientRateLimits(const Config& c)
      : address_(c.per_address, c.address_burst),
        session_(c.per_session, c.session_burst),
        venue_(c.per_venue, c.venue_burst) {}
  // True if the request may proceed now. `session_token` "" = none.
  bool Allow(const std::string& address, std::string_view session_token);

 private:
  RateLimiter address_, session_, venue_;
};

}  // namespace phonghop::http
