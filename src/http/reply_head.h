// The bytes before a reply's body, written by hand: the status line and the
// header lines as one string. Replaces Beast's field container and
// serializer on the way out (a profile of the API benchmark showed them
// walking and allocating fields on every reply). Every header value is
// cleaned of CR, LF and NUL here, once (#18.7).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/request.h"

namespace phonghop::http {

// "HTTP/1.1 200 OK\r\n" for `version` 10 or 11.
void AppendStatusLine(std::string& out, unsigned version, unsigned status);

// The fixed header lines of `res` (Content-Type unless the status has no
// body, its headers — when a name repeats the last one wins —, the security
// headers and Content-Length), each ending in CRLF; no blank line.
void AppendFields(std::string& out, const Response& res, uint64_t content_length);

// Only the headers listed in res.headers (the per-request ones of a
// prepared reply), same rules.
void AppendHeaderList(std::string& out, const Response& res);

// "Connection: close" / "Connection: keep-alive" where HTTP/1.x needs it to
// say what the server will do, then the blank line ending the head.
void AppendConnectionAndEnd(std::string& out, unsigned version, bool keep_alive);

// Whether a status may carry a body (1xx, 204 and 304 may not).
inline bool StatusHasBody(unsigned status) {
  return status >= 200 && status != 204 && status != 304;
}

}  // namespace phonghop::http
