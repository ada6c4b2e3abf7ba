// The one place where a Status becomes an HTTP status and the JSON error
// body {"error":{"code":"...","message":"..."}}.
#pragma once

#include "common/status.h"
#include "http/request.h"

namespace phonghop::http {

unsigned HttpStatusFor(StatusCode code);
Response ErrorResponse(const Status& status);
// For errors found by the HTTP layer itself (404 route, 413 body, ...).
Response ErrorResponse(unsigned http_status, std::string_view code,
                       std::string_view message);

}  // namespace phonghop::http
