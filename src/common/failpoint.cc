#include "common/failpoint.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace phonghop {

namespace {
const std::vector<std::string>& Enabled() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    const char* env = std::getenv("PHONGHOP_FAILPOINTS");
    if (!env) return out;
    std::string_view s(env);
    while (!s.empty()) {
      size_t comma = s.find(',');
      std::string_view item = s.substr(0, comma);
      if (!item.empty()) out.emplace_back(item);
      if (comma == std::string_view::npos) break;
      s.remove_prefix(comma + 1);
    }
    return out;
  }();
  return names;
}
}  // namespace

bool FailpointOn(std::string_view name) {
  const auto& on = Enabled();
  if (on.empty()) return false;
  for (const auto& n : on)
    if (n == name) return true;
  return false;
}

}  // namespace phonghop
