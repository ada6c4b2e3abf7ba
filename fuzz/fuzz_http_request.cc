// Raw HTTP requests: Beast's parser with the server's limits, then the
// router, query decoding, Range/ETag headers and strict JSON bodies.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/error_mapping.h"
#include "http/file_response.h"
#include "http/json_body.h"
#include "http/router.h"

namespace bhttp = boost::beast::http;
using namespace phonghop::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Router router = [] {
    Router r;
    r.Add(Verb::get, "/api/v1/congresses/{slug}", Access::Public(), [](Request& req) {
      Response res;
      res.body = std::string(req.Param("slug"));
      (void)req.Query("q");
      return res;
    });
    r.Add(Verb::post, "/api/v1/congresses", Access::Public(), [](Request& req) {
      auto j = ParseJsonObject(req.body());
      if (!j.ok()) return ErrorResponse(j.status());
      return JsonReply(*j);
    });
    return r;
  }();
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1 << 20);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  auto msg = parser.release();
  Request req;
  req.raw = &msg;
  req.method = msg.method();
  std::string_view target(msg.target().data(), msg.target().size());
  size_t q = target.find('?');
  auto path = PercentDecode(target.substr(0, q), false);
  if (!path || path->empty() || (*path)[0] != '/') return 0;
  req.path = *path;
  if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
  (void)router.Dispatch(req);
  ByteRange br;
  (void)ParseRange(req.Header("Range"), 5u << 20, &br);
  (void)EtagMatches(req.Header("If-None-Match"), "\"abc\"");
  return 0;
}
