#include "http/log_redaction.h"

#include <array>

namespace phonghop::http {

std::string RedactPath(std::string_view path) {
  // A segment that follows one of these is a bearer secret.
  static constexpr std::array<std::string_view, 3> kSecretAfter = {"t", "setup", "screen"};
  std::string out;
  out.reserve(path.size());
  size_t pos = 0;
  bool redact_next = false;
  while (pos <= path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view seg = path.substr(pos, end - pos);
    if (redact_next && !seg.empty()) {
      out += "[redacted]";
    } else {
      out += seg;
    }
    redact_next = false;
    for (auto s : kSecretAfter)
      if (seg == s) redact_next = true;
    if (end == path.size()) break;
    out += '/';
    pos = end + 1;
  }
  return out;
}

}  // namespace phonghop::http
