// The one place where a Status becomes an HTTP status and the JSON error
// body {"error":{"code":"...","message":"..."}}.
#pragma once

#include <functional>

#include "common/status.h"
#include "http/request.h"

namespace phonghop::http {

unsigned HttpStatusFor(StatusCode code);
// kUnavailable replies carry `Retry-After` (1–3 s, random per reply).
Response ErrorResponse(const Status& status);
// A whole number uniform in [lo, hi]; thread-safe. Spreads the
// retries of many clients (Retry-After, the event stream's `retry:`).
int RandomBetween(int lo, int hi);
// For errors found by the HTTP layer itself (404 route, 413 body, ...).
Response ErrorResponse(unsigned http_status, std::string_view code,
                       std::string_view message);

// A reply computed off the network threads: the server runs `work` on
// `pool` and sends what it returns; a Status becomes the error reply here,
// so deferred handlers use PH_ASSIGN_OR_RETURN like the others.
Response DeferredReply(std::function<Result<Response>()> work, Pool pool = Pool::kBlocking);

}  // namespace phonghop::http
