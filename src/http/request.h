// The request and response values that handlers see. Handlers never touch
// sockets: the server turns a Response into bytes (string, file range or an
// event stream).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/auth.h"

namespace phonghop::http {

using BeastRequest =
    boost::beast::http::request<boost::beast::http::string_body>;
using Verb = boost::beast::http::verb;

struct Request {
  const BeastRequest* raw = nullptr;
  Verb method = Verb::get;
  std::string path;   // percent-decoded, without the query
  std::string query;  // raw query string, without '?'
  std::string remote_ip;
  bool secure = false;  // arrived over TLS
  std::map<std::string, std::string> params;  // from the route pattern
  // For routes that stream their body to disk (uploads): the temp file
  // holding the raw body; body() is then empty. The server removes the file
  // after the reply unless the handler moved it.
  std::string body_path;
  // Set when the server already ran the body policy (rate limit, route and
  // access) on the header before reading the body.
  bool prechecked = false;
  // The matched route's pattern ("/api/v1/documents/{code}"), set by the
  // router; empty for static files and unmatched paths. For logs/metrics.
  std::string_view route;
  // Unique per request; sent back as X-Request-Id and in every log line
  // about this request.
  std::string request_id;
  // Who is asking, when a valid session cookie came with the request.
  std::optional<auth::Principal> principal;
  // A session cookie came but no longer resolves (signed out elsewhere,
  // expired, badge revoked): replies say so, so the app and the service
  // worker drop what that person left on the device.
  bool session_ended = false;

  std::string_view Header(std::string_view name) const;
  // Percent-decoded value of a query parameter, if present.
  std::optional<std::string> Query(std::string_view name) const;
  const std::string& body() const { return raw->body(); }
  std::string_view Param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string_view() : std::string_view(it->second);
  }
  // The path parameter as a positive decimal id; nullopt otherwise (the
  // handler answers 404: no record has that id).
  std::optional<int64_t> IdParam(const std::string& name) const;
};

// A byte range of a file on disk, sent without copying through user space
// where the transport allows (sendfile on plain TCP).
struct FileSpan {
  std::string path;
  uint64_t offset = 0;
  uint64_t length = 0;
  // The bytes behind `path` never change (content-addressed documents): the
  // server may keep the file open across requests (http/immutable_fds.h).
  bool immutable = false;
};

enum class Pool { kBlocking, kFace };

// A reply serialised once and sent many times (the reply cache): its fixed
// header lines (http/reply_head: Content-Type, ETag, security headers,
// Content-Length, ...) and body. The server writes the status line, these,
// the per-request headers of Response::headers (X-Request-Id,
// Cache-Control) and the body in one gathered write.
struct PreparedReply {
  std::string fields;
  std::string body;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, status 200 and this replaces content_type/body; `headers`
  // holds only the per-request additions.
  std::shared_ptr<const PreparedReply> prepared;
  std::optional<FileSpan> file;   // when set, the body is this file range
  std::string sse_topic;          // when set, the reply is an event stream
  std::string sse_last_event_id;
  bool compressible = true;       // gzip allowed for a text body
  // When set, the server runs this on its blocking-work pool (parsing
  // uploads, rendering) and sends what it returns, so network threads never
  // wait on disk-heavy or CPU-heavy work.
  std::function<Response()> deferred;
  // Why a 5xx happened (never sent to the client; logged once with the
  // request id).
  std::string cause;
  // Which pool runs `deferred`: kFace (the door's face work: its own
  // threads, sized from the cores) never queues behind an upload being
  // parsed on kBlocking.
  Pool pool = Pool::kBlocking;

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// Decodes %XX and (when plus_as_space) '+'; returns nullopt for a bad escape.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_as_space);

}  // namespace phonghop::http
