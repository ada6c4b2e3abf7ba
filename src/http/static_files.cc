#include "http/static_files.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "http/compression.h"
#include "http/error_mapping.h"
#include "http/file_response.h"

namespace phonghop::http {

StaticFiles::StaticFiles(std::string root) : root_(std::move(root)) {
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

std::string StaticFiles::ContentTypeFor(std::string_view p) {
  auto ends = [&](std::string_view ext) {
    return p.size() >= ext.size() && p.substr(p.size() - ext.size()) == ext;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json") || ends(".webmanifest")) return "application/json; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".jpg") || ends(".jpeg")) return "image/jpeg";
  if (ends(".webp")) return "image/webp";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  if (ends(".wasm")) return "application/wasm";
  if (ends(".pdf")) return "application/pdf";
  if (ends(".txt") || ends(".md")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool StaticFiles::IsTextType(std::string_view ct) {
  return ct.substr(0, 5) == "text/" || ct.find("json") != std::string_view::npos ||
         ct.find("svg") != std::string_view::npos;
}

std::shared_ptr<const StaticFiles::Cached> StaticFiles::Load(const std::string& rel) {
  std::string full = root_ + "/" + rel;
  struct stat st{};
  if (::stat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return nullptr;
  int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(rel);
    if (it != cache_.end() && it->second->mtime_ns == mtime &&
        it->second->size == static_cast<uint64_t>(st.st_size))
      return it->second;
  }
  auto c = std::make_shared<Cached>();
  c->mtime_ns = mtime;
  c->size = static_cast<uint64_t>(st.st_size);
  std::ostringstream tag;
  tag << '"' << std::hex << c->size << '-' << mtime << '"';
  c->etag = tag.str();
  c->content_type = ContentTypeFor(rel);
  if (IsTextType(c->content_type) && c->size <= (8u << 20)) {
    std::ifstream in(full, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    c->plain = ss.str();
    c->gzip = GzipCompress(c->plain);
  }
  std::lock_guard<std::mutex> lock(mu_);
  cache_[rel] = c;
  return c;
}

Response StaticFiles::Serve(const Request& req) {
  std::string rel = req.path;
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  // Refuse traversal and hidden files outright rather than normalising.
  if (rel.find("..") != std::string::npos || rel.find('\0') != std::string::npos ||
      rel.find("/.") != std::string::npos || (!rel.empty() && rel[0] == '.'))
    return ErrorResponse(404, "not_found", "không tìm thấy tệp");
  if (rel.empty() || rel.back() == '/') rel += "index.html";
  auto c = Load(rel);
  bool is_fallback = false;
  if (!c) {
    // Client-side routes ("/d/7Kp2xQ", "/programme") get the app shell;
    // a missing asset ("/assets/x.js") is a real 404.
    std::string_view last = std::string_view(rel).substr(rel.rfind('/') + 1);
    if (last.find('.') != std::string_view::npos)
      return ErrorResponse(404, "not_found", "không tìm thấy tệp");
    rel = "index.html";
    c = Load(rel);
    is_fallback = true;
    if (!c)
      return ErrorResponse(404, "not_found",
                           "chưa có giao diện web (hãy chạy scripts/setup.sh)");
  }
  // Hashed build assets never change; the shell must be revalidated.
  std::string cache_control = rel.rfind("assets/", 0) == 0
                                  ? "public, max-age=31536000, immutable"
                                  : "no-cache";
  (void)is_fallback;
  if (c->plain.empty() && c->size > 0) {
    return FileReply(req, root_ + "/" + rel, c->size, c->content_type, c->etag,
                     cache_control);
  }
  Response r;
  r.content_type = c->content_type;
  r.AddHeader("Cache-Control", cache_control);
  r.AddHeader("Vary", "Accept-Encoding");
  bool gzip = AcceptsGzip(req.Header("Accept-Encoding")) && !c->gzip.empty() &&
              c->gzip.size() < c->plain.size();
  // Each representation has its own strong validator.
  std::string etag = gzip ? c->etag.substr(0, c->etag.size() - 1) + "-gz\"" : c->etag;
  r.AddHeader("ETag", etag);
  if (EtagMatches(req.Header("If-None-Match"), etag)) {
    r.status = 304;
    return r;
  }
  r.compressible = false;  // already decided here
  if (gzip) {
    r.body = c->gzip;
    r.AddHeader("Content-Encoding", "gzip");
  } else {
    r.body = c->plain;
  }
  return r;
}

}  // namespace phonghop::http
