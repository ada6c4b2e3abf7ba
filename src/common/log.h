// Minimal thread-safe line logger to stderr: one line per event, key=value
// pairs, so that request logs can be grepped and parsed.
#pragma once

#include <string_view>

namespace phonghop::log {

enum class Level { kDebug, kInfo, kWarn, kError };

void SetLevel(Level level);
bool Enabled(Level level);
// Writes "<iso-time> <LEVEL> <message>\n" atomically.
void Write(Level level, std::string_view message);

inline void Info(std::string_view m) { Write(Level::kInfo, m); }
inline void Warn(std::string_view m) { Write(Level::kWarn, m); }
inline void Error(std::string_view m) { Write(Level::kError, m); }

}  // namespace phonghop::log
