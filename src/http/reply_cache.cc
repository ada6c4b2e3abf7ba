#include "http/reply_cache.h"

#include <cstdio>

#include "http/compression.h"
#include "http/error_mapping.h"
#include "http/file_response.h"
#include "http/reply_head.h"

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
std::string GzipEtag(std::string_view etag) {
  return std::string(etag.substr(0, etag.size() - 1)) + "-gz\"";
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
    made->etag = EtagOf(fresh.body);
    // Serialised once per variant: the server sends the bytes as they are.
    auto prepare = [&](std::string body, std::string_view etag, bool gzip) {
      Response h;
      h.content_type = fresh.content_type;
      h.AddHeader("Vary", "Accept-Encoding");
      h.AddHeader("ETag", std::string(etag));
      if (gzip) h.AddHeader("Content-Encoding", "gzip");
      auto p = std::make_shared<PreparedReply>();
      AppendFields(p->fields, h, body.size());
      p->body = std::move(body);
      return p;
    };
    if (fresh.body.size() > 1024) {
      std::string z = GzipCompress(fresh.body);
      if (!z.empty() && z.size() < fresh.body.size())
        made->gzip = prepare(std::move(z), GzipEtag(made->etag), true);
    }
    made->plain = prepare(std::move(fresh.body), made->etag, false);
    std::lock_guard<std::mutex> lock(mu_);
    entries_[key] = made;
    e = std::move(made);
  }
  Response r;
  r.compressible = false;  // chosen here
  r.AddHeader("Cache-Control", "no-cache");
  const bool gzip = e->gzip && AcceptsGzip(req.Header("Accept-Encoding"));
  const std::string_view inm = req.Header("If-None-Match");
  if (!inm.empty()) {
    const std::string etag = gzip ? GzipEtag(e->etag) : e->etag;
    if (EtagMatches(inm, etag) || EtagMatches(inm, e->etag)) {
      r.AddHeader("ETag", etag);
      r.AddHeader("Vary", "Accept-Encoding");
      r.status = 304;
      return r;
    }
  }
  r.prepared = gzip ? e->gzip : e->plain;
  return r;
}

}  // namespace phonghop::http
