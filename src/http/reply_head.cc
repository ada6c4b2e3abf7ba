#include "http/reply_head.h"

#include <boost/beast/http/status.hpp>
#include <charconv>
#include <strings.h>

namespace phonghop::http {

namespace {

void AppendClean(std::string& out, std::string_view v) {
  const size_t at = out.size();
  out.append(v);
  for (size_t i = at; i < out.size(); ++i)
    if (out[i] == '\r' || out[i] == '\n' || out[i] == '\0') out[i] = ' ';
}

void AppendLine(std::string& out, std::string_view name, std::string_view value) {
  AppendClean(out, name);
  out.append(": ");
  AppendClean(out, value);
  out.append("\r\n");
}

void AppendNumber(std::string& out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

bool Repeated(const Response& res, size_t i) {
  for (size_t j = i + 1; j < res.headers.size(); ++j)
    if (strcasecmp(res.headers[i].first.c_str(), res.headers[j].first.c_str()) == 0) return true;
  return false;
}

}  // namespace

void AppendStatusLine(std::string& out, unsigned version, unsigned status) {
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  AppendNumber(out, status);
  out.push_back(' ');
  auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  out.append(reason.data(), reason.size());
  out.append("\r\n");
}

void AppendHeaderList(std::string& out, const Response& res) {
  for (size_t i = 0; i < res.headers.size(); ++i)
    if (!Repeated(res, i)) AppendLine(out, res.headers[i].first, res.headers[i].second);
}

void AppendFields(std::string& out, const Response& res, uint64_t content_length) {
  const bool body = StatusHasBody(res.status);
  if (body) AppendLine(out, "Content-Type", res.content_type);
  AppendHeaderList(out, res);
  out.append(
      "X-Content-Type-Options: nosniff\r\n"
      "Referrer-Policy: same-origin\r\n"
      "X-Frame-Options: DENY\r\n");
  if (std::string_view(res.content_type).substr(0, 9) == "text/html") {
    out.append(
        "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self' "
        "'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; worker-src 'self' "
        "blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'\r\n");
  }
  if (body) {
    out.append("Content-Length: ");
    AppendNumber(out, content_length);
    out.append("\r\n");
  }
}

void AppendConnectionAndEnd(std::string& out, unsigned version, bool keep_alive) {
  if (version == 10 && keep_alive) out.append("Connection: keep-alive\r\n");
  if (version != 10 && !keep_alive) out.append("Connection: close\r\n");
  out.append("\r\n");
}

}  // namespace phonghop::http
