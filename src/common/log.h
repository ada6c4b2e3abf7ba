// Minimal thread-safe line logger to stderr: one line per event, key=value
// pairs, so that request logs can be grepped and parsed.
#pragma once

#include <string_view>

namespace phonghop::log {

enum class Level { kDebug, kInfo, kWarn, kError };

enum class Format {
  kText,  // "<iso-time> <LEVEL> <message>"
  kJson,  // one JSON object a line: {"time","level","event", the message's
          // key=value pairs as fields, "msg": the whole message}
};

void SetLevel(Level level);
void SetFormat(Format format);
bool Enabled(Level level);
// Writes one line in the chosen format, atomically.
void Write(Level level, std::string_view message);

inline void Info(std::string_view m) { Write(Level::kInfo, m); }
inline void Warn(std::string_view m) { Write(Level::kWarn, m); }
inline void Error(std::string_view m) { Write(Level::kError, m); }

}  // namespace phonghop::log
