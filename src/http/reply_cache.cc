#include "http/reply_cache.h"

#include <cstdio>

#include "http/compression.h"
#include "http/error_mapping.h"
#include "http/file_response.h"

namespace phonghop::http {

namespace {
std::string EtagOf(std::string_view body) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a: cheap and stable
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}
}  // namespace

Response ReplyCache::Serve(const Request& req, const std::string& key, uint64_t generation,
                           const std::function<Result<Response>()>& produce) {
  auto now = std::chrono::steady_clock::now();
  std::shared_ptr<const Entry> e;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(key);
    if (it != entries_.end() && it->second->generation == generation &&
        now - it->second->made < max_age_)
      e = it->second;
  }
  if (!e) {
    Result<Response> produced = produce();
    if (!produced.ok()) return ErrorResponse(produced.status());
    Response fresh = std::move(produced).value();
    if (fresh.status != 200 || fresh.file || !fresh.sse_topic.empty()) return fresh;
    auto made = std::make_shared<Entry>();
    made->generation = generation;
    made->made = now;
    made->content_type = fresh.content_type;
    made->body = std::move(fresh.body);
    if (made->body.size() > 1024) made->gzip = GzipCompress(made->body);
    made->etag = EtagOf(made->body);
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = made;
    e = std::move(made);
  }
  Response r;
  r.content_type = e->content_type;
  r.compressible = false;  // chosen here
  r.AddHeader("Cache-Control", "no-cache");
  r.AddHeader("Vary", "Accept-Encoding");
  bool gzip = !e->gzip.empty() && AcceptsGzip(req.Header("Accept-Encoding"));
  std::string etag = gzip ? e->etag.substr(0, e->etag.size() - 1) + "-gz\"" : e->etag;
  r.AddHeader("ETag", etag);
  if (EtagMatches(req.Header("If-None-Match"), etag) ||
      EtagMatches(req.Header("If-None-Match"), e->etag)) {
    r.status = 304;
    return r;
  }
  if (gzip) {
    r.body = e->gzip;
    r.AddHeader("Content-Encoding", "gzip");
  } else {
    r.body = e->body;
  }
  return r;
}

}  // namespace phonghop::http
