// Escaping for HTML and XML text and attribute values.
#pragma once

#include <string>
#include <string_view>

namespace phonghop {

// Replaces & < > " with entities. Control characters other than tab, LF and
// CR are dropped when `xml_safe` (XML 1.0 forbids them).
inline std::string HtmlEscape(std::string_view s, bool xml_safe = false) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (xml_safe && static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

}  // namespace phonghop
