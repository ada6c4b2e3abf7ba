// What may be written to a log about a request: secrets in a path (the
// personal badge link /t/TOKEN, set-up links /setup/TOKEN) are replaced by
// "[redacted]", so a log file read by someone else signs nobody in.
#pragma once

#include <string>
#include <string_view>

namespace phonghop::http {

// Returns `path` with every secret segment replaced. Thread-safe.
std::string RedactPath(std::string_view path);

}  // namespace phonghop::http
