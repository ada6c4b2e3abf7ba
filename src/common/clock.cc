#include "common/clock.h"

#include <chrono>
#include <ctime>

namespace phonghop {

int64_t SystemClock::NowUnix() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatIsoUtc(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string FormatVenueTimeVi(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::strftime(buf, sizeof buf, "%H:%M:%S ngày %d/%m/%Y", &tm);
  return buf;
}

}  // namespace phonghop
