#include "common/log.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "common/utf8.h"

namespace phonghop::log {
namespace {
std::atomic<Level> g_level{Level::kInfo};
std::atomic<Format> g_format{Format::kText};

void AppendJsonString(std::string& out, std::string_view raw) {
  // JSON text must be UTF-8 (RFC 8259): a bad byte becomes U+FFFD.
  std::string fixed;
  std::string_view s = raw;
  if (!utf8::IsValid(raw)) {
    for (size_t i = 0; i < raw.size();) utf8::Append(fixed, utf8::Next(raw, i));
    s = fixed;
  }
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          out += b;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

bool IsKey(std::string_view k) {
  if (k.empty()) return false;
  for (char c : k)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// "http method=GET path=/x cause=\"a b\"" -> ,"event":"http","method":"GET",...
// Words that are not key=value stay only in "msg".
void AppendFields(std::string& out, std::string_view m) {
  std::vector<std::string_view> seen;  // a key given twice keeps its first value
  size_t i = 0;
  bool first_word = true;
  while (i < m.size()) {
    while (i < m.size() && m[i] == ' ') ++i;
    if (i >= m.size()) break;
    size_t eq = std::string_view::npos;
    size_t j = i;
    while (j < m.size() && m[j] != ' ' && m[j] != '=') ++j;
    if (j < m.size() && m[j] == '=') eq = j;
    if (eq == std::string_view::npos) {
      std::string_view word = m.substr(i, j - i);
      if (first_word && IsKey(word)) {
        out += ",\"event\":";
        AppendJsonString(out, word);
      }
      first_word = false;
      i = j;
      continue;
    }
    first_word = false;
    std::string_view key = m.substr(i, eq - i);
    size_t v = eq + 1;
    std::string_view value;
    if (v < m.size() && m[v] == '"') {
      size_t close = m.find('"', v + 1);
      if (close == std::string_view::npos) close = m.size();
      value = m.substr(v + 1, close - v - 1);
      i = close + 1;
    } else {
      size_t end = m.find(' ', v);
      if (end == std::string_view::npos) end = m.size();
      value = m.substr(v, end - v);
      i = end;
    }
    if (!IsKey(key) || key == "time" || key == "level" || key == "msg" || key == "event") continue;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    out += ',';
    AppendJsonString(out, key);
    out += ':';
    AppendJsonString(out, value);
  }
}
const char* Name(Level l) {
  switch (l) {
    case Level::kDebug: return "DEBUG";
    case Level::kInfo: return "INFO";
    case Level::kWarn: return "WARN";
    case Level::kError: return "ERROR";
  }
  return "INFO";
}
}  // namespace

void SetLevel(Level level) { g_level = level; }
void SetFormat(Format format) { g_format = format; }
bool Enabled(Level level) { return level >= g_level.load(); }

void Write(Level level, std::string_view message) {
  if (!Enabled(level)) return;
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char ts[96];
  std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  std::string line;
  line.reserve(message.size() * 2 + 64);
  if (g_format.load() == Format::kJson) {
    line += "{\"time\":\"";
    line += ts;
    line += "\",\"level\":\"";
    for (const char* n = Name(level); *n; ++n) line += static_cast<char>(std::tolower(*n));
    line += '"';
    AppendFields(line, message);
    line += ",\"msg\":";
    AppendJsonString(line, message);
    line += "}\n";
    ssize_t r = ::write(STDERR_FILENO, line.data(), line.size());
    (void)r;
    return;
  }
  line += ts;
  line += ' ';
  line += Name(level);
  line += ' ';
  line += message;
  line += '\n';
  // A single write(2) keeps lines from different threads whole.
  ssize_t r = ::write(STDERR_FILENO, line.data(), line.size());
  (void)r;
}

}  // namespace phonghop::log
