// Injectable wall clock so that domain code and tests are deterministic.
#pragma once

#include <cstdint>
#include <string>

namespace phonghop {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch (UTC).
  virtual int64_t NowUnix() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowUnix() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t t) : t_(t) {}
  int64_t NowUnix() const override { return t_; }
  void Set(int64_t t) { t_ = t; }

 private:
  int64_t t_;
};

// Formats a Unix time as ISO-8601 UTC ("2026-11-28T07:42:00Z").
std::string FormatIsoUtc(int64_t unix_seconds);

// Formats a Unix time as people at the venue write it, in Vietnam's time
// (UTC+7, no daylight saving): "17:42:05 ngày 28/11/2026".
std::string FormatVenueTimeVi(int64_t unix_seconds);

}  // namespace phonghop
