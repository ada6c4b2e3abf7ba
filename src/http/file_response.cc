#include "http/file_response.h"

#include <charconv>

namespace phonghop::http {
namespace {
bool ParseU64(std::string_view s, uint64_t* v) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}
std::string_view StripWeak(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (t.substr(0, 2) == "W/") t.remove_prefix(2);
  return t;
}
}  // namespace

RangeResult ParseRange(std::string_view h, uint64_t size, ByteRange* out) {
  if (h.substr(0, 6) != "bytes=") return RangeResult::kNone;
  h.remove_prefix(6);
  if (h.find(',') != std::string_view::npos) return RangeResult::kNone;
  size_t dash = h.find('-');
  if (dash == std::string_view::npos) return RangeResult::kNone;
  std::string_view a = h.substr(0, dash), b = h.substr(dash + 1);
  uint64_t first = 0, last = 0;
  if (a.empty()) {  // suffix range: the last n bytes
    uint64_t n;
    if (!ParseU64(b, &n)) return RangeResult::kNone;
    if (n == 0 || size == 0) return RangeResult::kUnsatisfiable;
    first = n >= size ? 0 : size - n;
    last = size - 1;
  } else {
    if (!ParseU64(a, &first)) return RangeResult::kNone;
    if (b.empty()) {
      last = size ? size - 1 : 0;
    } else {
      if (!ParseU64(b, &last) || last < first) return RangeResult::kNone;
      if (last >= size) last = size ? size - 1 : 0;
    }
    if (first >= size) return RangeResult::kUnsatisfiable;
  }
  out->first = first;
  out->last = last;
  return RangeResult::kSatisfiable;
}

bool EtagMatches(std::string_view inm, std::string_view etag) {
  if (inm.empty()) return false;
  std::string_view want = StripWeak(etag);
  while (!inm.empty()) {
    size_t comma = inm.find(',');
    std::string_view tag = StripWeak(inm.substr(0, comma));
    if (tag == "*" || tag == want) return true;
    if (comma == std::string_view::npos) break;
    inm.remove_prefix(comma + 1);
  }
  return false;
}

Response FileReply(const Request& req, const std::string& path, uint64_t size,
                   const std::string& content_type, const std::string& etag,
                   const std::string& cache_control) {
  Response r;
  r.content_type = content_type;
  r.compressible = false;
  r.AddHeader("ETag", etag);
  r.AddHeader("Accept-Ranges", "bytes");
  if (!cache_control.empty()) r.AddHeader("Cache-Control", cache_control);
  if (EtagMatches(req.Header("If-None-Match"), etag)) {
    r.status = 304;
    return r;
  }
  std::string_view range = req.Header("Range");
  std::string_view if_range = req.Header("If-Range");
  // A range is honoured only while the client's copy is still current.
  if (!range.empty() && (if_range.empty() || StripWeak(if_range) == StripWeak(etag))) {
    ByteRange br;
    switch (ParseRange(range, size, &br)) {
      case RangeResult::kSatisfiable:
        r.status = 206;
        r.AddHeader("Content-Range", "bytes " + std::to_string(br.first) + "-" +
                                         std::to_string(br.last) + "/" +
                                         std::to_string(size));
        r.file = FileSpan{path, br.first, br.last - br.first + 1};
        return r;
      case RangeResult::kUnsatisfiable:
        r.status = 416;
        r.AddHeader("Content-Range", "bytes */" + std::to_string(size));
        return r;
      case RangeResult::kNone:
        break;
    }
  }
  r.file = FileSpan{path, 0, size};
  return r;
}

}  // namespace phonghop::http
