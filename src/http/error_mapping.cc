#include "http/error_mapping.h"

#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace phonghop::http {

int RandomBetween(int lo, int hi) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

unsigned HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kConflict: return 409;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(unsigned http_status, std::string_view code,
                       std::string_view message) {
  Response r;
  r.status = http_status;
  nlohmann::json j = {{"error", {{"code", code}, {"message", message}}}};
  // Replace, never throw, if a message carries invalid UTF-8.
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.compressible = false;
  return r;
}

Response ErrorResponse(const Status& status) {
  // Internal details stay in the log; the client gets a generic message.
  std::string_view message = status.code() == StatusCode::kInternal
                                 ? std::string_view("lỗi máy chủ nội bộ")
                                 : std::string_view(status.message());
  std::string_view code = status.reason().empty() ? std::string_view(StatusCodeName(status.code()))
                                                  : std::string_view(status.reason());
  Response r = ErrorResponse(HttpStatusFor(status.code()), code, message);
  if (r.status >= 500) r.cause = status.message();
  // kUnavailable is temporary (a database failover, a full pool): say when
  // to come back, spread over 1–3 s so the clients of a failed-over
  // database do not all return in the same second (decision 531).
  if (status.code() == StatusCode::kUnavailable)
    r.AddHeader("Retry-After", std::to_string(RandomBetween(1, 3)));
  return r;
}

Response DeferredReply(std::function<Result<Response>()> work, Pool pool) {
  Response r;
  r.pool = pool;
  r.deferred = [work = std::move(work)]() -> Response {
    Result<Response> out = work();
    if (!out.ok()) return ErrorResponse(out.status());
    return std::move(out).value();
  };
  return r;
}

}  // namespace phonghop::http
