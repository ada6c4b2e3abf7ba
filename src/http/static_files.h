// Serves the built web app (web/dist): text assets from an in-memory cache,
// gzipped once; other files zero-copy from disk; unknown app paths fall back
// to index.html so client-side routes survive a reload.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/request.h"

namespace phonghop::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root);
  // Replies to GET/HEAD for `req.path`; 404 JSON error when nothing fits.
  // Thread-safe.
  Response Serve(const Request& req);
  const std::string& root() const { return root_; }

  static std::string ContentTypeFor(std::string_view path);
  static bool IsTextType(std::string_view content_type);

 private:
  struct Cached {
    int64_t mtime_ns = 0;
    uint64_t size = 0;
    std::string etag;
    std::string content_type;
    std::string plain;  // text assets only
    std::string gzip;   // text assets only
  };
  std::shared_ptr<const Cached> Load(const std::string& rel_path);

  std::string root_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Cached>> cache_;
};

}  // namespace phonghop::http
