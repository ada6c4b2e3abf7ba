// Conditional and ranged replies for files: ETag / If-None-Match (304),
// Range / If-Range (206, 416). Used for the web app's assets and, later,
// documents. The bytes go out zero-copy where the transport allows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "http/request.h"

namespace phonghop::http {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
};

enum class RangeResult { kNone, kSatisfiable, kUnsatisfiable };

// Parses a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range against a
// resource of `size` bytes. Multiple ranges and malformed headers yield
// kNone (serve the whole file, as RFC 9110 allows).
RangeResult ParseRange(std::string_view header, uint64_t size, ByteRange* out);

// True when If-None-Match lists `etag` (weak comparison) or is "*".
bool EtagMatches(std::string_view if_none_match, std::string_view etag);

// Builds the reply for a whole file of `size` bytes at `path`: 304, 206 with
// Content-Range, 416, or 200. HEAD is handled by the server.
Response FileReply(const Request& req, const std::string& path, uint64_t size,
                   const std::string& content_type, const std::string& etag,
                   const std::string& cache_control);

}  // namespace phonghop::http
