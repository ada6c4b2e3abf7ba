// One strict number parser for text that comes from outside (query
// parameters, form fields, dates, command-line values): the whole string
// must be the number — "12abc", " 12", "+12", "" and out-of-range values
// are refused — instead of std::sto* (which accepts a prefix and throws).
#pragma once

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace phonghop {

template <typename T>
std::optional<T> ParseNumber(std::string_view s) {
  static_assert(std::is_arithmetic_v<T>);
  if (s.empty()) return std::nullopt;
  T v{};
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

}  // namespace phonghop
