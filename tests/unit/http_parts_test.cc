#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <set>

#include "http/compression.h"
#include "http/error_mapping.h"
#include "http/file_response.h"
#include "http/immutable_fds.h"
#include "http/json_body.h"
#include "http/rate_limiter.h"
#include "http/router.h"

namespace phonghop::http {
namespace {

TEST(RangeTest, ParsesTheThreeForms) {
  ByteRange r;
  ASSERT_EQ(ParseRange("bytes=0-99", 1000, &r), RangeResult::kSatisfiable);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.last, 99u);
  ASSERT_EQ(ParseRange("bytes=900-", 1000, &r), RangeResult::kSatisfiable);
  EXPECT_EQ(r.last, 999u);
  ASSERT_EQ(ParseRange("bytes=-100", 1000, &r), RangeResult::kSatisfiable);
  EXPECT_EQ(r.first, 900u);
  ASSERT_EQ(ParseRange("bytes=990-5000", 1000, &r), RangeResult::kSatisfiable);
  EXPECT_EQ(r.last, 999u);
}

TEST(RangeTest, UnsatisfiableAndIgnoredForms) {
  ByteRange r;
  EXPECT_EQ(ParseRange("bytes=1000-", 1000, &r), RangeResult::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=-0", 1000, &r), RangeResult::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=5-1", 1000, &r), RangeResult::kNone);
  EXPECT_EQ(ParseRange("bytes=0-1,5-6", 1000, &r), RangeResult::kNone);
  EXPECT_EQ(ParseRange("items=0-1", 1000, &r), RangeResult::kNone);
  EXPECT_EQ(ParseRange("bytes=abc", 1000, &r), RangeResult::kNone);
  EXPECT_EQ(ParseRange("bytes=99999999999999999999999-", 1000, &r), RangeResult::kNone);
}

TEST(EtagTest, WeakComparisonAndLists) {
  EXPECT_TRUE(EtagMatches("\"a\"", "\"a\""));
  EXPECT_TRUE(EtagMatches("W/\"a\"", "\"a\""));
  EXPECT_TRUE(EtagMatches("\"x\", \"a\"", "\"a\""));
  EXPECT_TRUE(EtagMatches("*", "\"a\""));
  EXPECT_FALSE(EtagMatches("\"b\"", "\"a\""));
  EXPECT_FALSE(EtagMatches("", "\"a\""));
}

TEST(GzipTest, AcceptEncodingParsing) {
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, gzip;q=0.8"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip(""));
  std::string text(5000, 'a');
  EXPECT_LT(GzipCompress(text).size(), 200u);
}

TEST(JsonBodyTest, RejectsWhatWouldSilentlyLoseData) {
  EXPECT_FALSE(ParseJsonObject("").ok());
  EXPECT_FALSE(ParseJsonObject("{\"a\":1").ok());  // truncated
  EXPECT_FALSE(ParseJsonObject("[1,2]").ok());
  EXPECT_FALSE(ParseJsonObject("{\"a\":1,\"a\":2}").ok());
  EXPECT_FALSE(ParseJsonObject("{\"a\":{\"b\":1,\"b\":1}}").ok());
  EXPECT_FALSE(ParseJsonObject("{\"a\":\"\xff\"}").ok());
  std::string deep(100, '[');
  EXPECT_FALSE(ParseJsonObject("{\"a\":" + deep).ok());
  EXPECT_TRUE(ParseJsonObject("{\"a\":{\"b\":1},\"c\":{\"b\":2}}").ok());
}

TEST(JsonBodyTest, FieldsRejectUnknownKeysAndWrongTypes) {
  auto j = ParseJsonObject("{\"name\":\"A\",\"extra\":1}");
  ASSERT_TRUE(j.ok());
  std::string name;
  EXPECT_FALSE(JsonFields(*j, {"name"}).Str("name", name).status().ok());
  auto k = ParseJsonObject("{\"name\":5}");
  EXPECT_FALSE(JsonFields(*k, {"name"}).Str("name", name).status().ok());
  auto m = ParseJsonObject("{}");
  EXPECT_FALSE(JsonFields(*m, {"name"}).Str("name", name, true).status().ok());
}

TEST(ErrorMappingTest, CodesAndBody) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404u);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409u);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403u);
  Response r = ErrorResponse(Status::Internal("SELECT * FROM secret at /var/lib/x"));
  EXPECT_EQ(r.status, 500u);
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);  // no internals leak
  EXPECT_NE(r.body.find("\"code\":\"internal\""), std::string::npos);
}

// A database failover (or a full pool) is kUnavailable: 503 with a
// Retry-After the clients can follow, spread over 1–3 s (decision 531).
TEST(ErrorMappingTest, UnavailableSaysWhenToComeBack) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    Response r = ErrorResponse(Status::Unavailable("cơ sở dữ liệu tạm thời không sẵn sàng"));
    EXPECT_EQ(r.status, 503u);
    std::string after;
    for (const auto& [name, value] : r.headers)
      if (name == "Retry-After") after = value;
    ASSERT_FALSE(after.empty());
    int s = std::stoi(after);
    EXPECT_GE(s, 1);
    EXPECT_LE(s, 3);
    seen.insert(after);
  }
  EXPECT_GT(seen.size(), 1u);  // not every client told the same second
  Response conflict = ErrorResponse(Status::Conflict("x"));
  for (const auto& [name, value] : conflict.headers) EXPECT_NE(name, "Retry-After");
}

// A venue behind one NAT address (decision 533): 200 signed-in phones each
// opening a PDF (30 Range requests at once) are all served; one device
// flooding with its own session is cut at its burst; anonymous requests
// from one address keep the per-address limit; forged cookies from one
// address stop at the venue ceiling.
TEST(RateLimitsTest, AVenueBehindOneAddressIsNotThrottledAsOneDevice) {
  ClientRateLimits limits({200, 600, 200, 600, 2000, 6000});
  int refused = 0;
  for (int phone = 0; phone < 200; ++phone)
    for (int range = 0; range < 30; ++range)
      refused += !limits.Allow("203.0.113.7", "session-" + std::to_string(phone));
  EXPECT_EQ(refused, 0);

  ClientRateLimits one({200, 600, 200, 600, 2000, 6000});
  int allowed = 0;
  for (int i = 0; i < 1000; ++i) allowed += one.Allow("203.0.113.7", "session-x");
  EXPECT_GE(allowed, 600);
  EXPECT_LT(allowed, 700);

  int anonymous = 0;
  for (int i = 0; i < 1000; ++i) anonymous += one.Allow("198.51.100.1", "");
  EXPECT_GE(anonymous, 600);
  EXPECT_LT(anonymous, 700);

  ClientRateLimits forged({200, 600, 200, 600, 2000, 6000});
  int through = 0;
  for (int i = 0; i < 10000; ++i) through += forged.Allow("192.0.2.66", "forged-" + std::to_string(i));
  EXPECT_GE(through, 6000);
  EXPECT_LT(through, 7000);
}

TEST(RouterTest, CapturesParamsAndDistinguishes404From405) {
  Router router;
  router.Add(Verb::get, "/api/v1/congresses/{slug}/delegates", Access::Public(), [](Request& r) {
    Response res;
    res.body = std::string(r.Param("slug"));
    return res;
  });
  BeastRequest raw;
  Request req;
  req.raw = &raw;
  req.method = Verb::get;
  req.path = "/api/v1/congresses/demo/delegates";
  EXPECT_EQ(router.Dispatch(req).body, "demo");
  req.method = Verb::head;
  EXPECT_EQ(router.Dispatch(req).status, 200u);
  req.method = Verb::post;
  EXPECT_EQ(router.Dispatch(req).status, 405u);
  req.method = Verb::get;
  req.path = "/api/v1/congresses/demo";
  EXPECT_EQ(router.Dispatch(req).status, 404u);
}

TEST(RouterTest, DeniesByDefaultAndAsksTheAuthorizer) {
  Router router;
  router.Add(Verb::post, "/x", Access::Staff(), [](Request&) { return Response{}; });
  BeastRequest raw;
  Request req;
  req.raw = &raw;
  req.method = Verb::post;
  req.path = "/x";
  EXPECT_EQ(router.Dispatch(req).status, 403u);  // no authorizer: closed
  int asked = 0;
  router.SetAuthorizer([&](Request&, const Access& a) -> std::optional<Response> {
    ++asked;
    EXPECT_FALSE(a.open);
    EXPECT_TRUE(a.Allows(congress::Role::kSecretariat));
    EXPECT_FALSE(a.Allows(congress::Role::kDelegate));
    return ErrorResponse(401, "unauthenticated", "x");
  });
  EXPECT_EQ(router.Dispatch(req).status, 401u);
  EXPECT_EQ(asked, 1);
}

TEST(RequestTest, QueryDecoding) {
  BeastRequest raw;
  Request req;
  req.raw = &raw;
  req.query = "q=%C4%91%E1%BA%A1i+h%E1%BB%99i&flag&bad=%zz";
  EXPECT_EQ(req.Query("q"), "đại hội");
  EXPECT_EQ(req.Query("flag"), "");
  EXPECT_FALSE(req.Query("missing").has_value());
  EXPECT_FALSE(req.Query("bad").has_value());
  EXPECT_FALSE(PercentDecode("%4", false).has_value());
}

// Kept-open document files: the same descriptor serves every range of a
// document, the oldest is closed when the cache is full (so a deleted
// document's disk space comes back), and a missing file is an error.
TEST(ImmutableFdsTest, ReusesOneDescriptorAndClosesTheOldest) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("ph-fds-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto write = [&](const char* name, const char* text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  std::string a = write("a", "first"), b = write("b", "second"), c = write("c", "third");
  {
    ImmutableFds fds(2);
    int fa = fds.Get(a);
    ASSERT_GE(fa, 0);
    EXPECT_EQ(fds.Get(a), fa) << "a second request for the same file opens it again";
    char buf[8] = {};
    ASSERT_EQ(::pread(fa, buf, 5, 0), 5);
    EXPECT_EQ(std::string(buf, 5), "first");
    int fb = fds.Get(b);
    ASSERT_GE(fb, 0);
    EXPECT_NE(fb, fa);
    EXPECT_EQ(fds.Get(a), fa);  // a is now the most recently used
    fs::remove(b);              // b deleted: its descriptor still reads...
    int fc = fds.Get(c);        // ...until c pushes the least recently used (b) out
    ASSERT_GE(fc, 0);
    EXPECT_EQ(fds.size(), 2u);
    EXPECT_EQ(::fcntl(fb, F_GETFD), -1) << "the evicted descriptor must be closed";
    EXPECT_GE(::fcntl(fa, F_GETFD), 0);
    EXPECT_EQ(fds.Get((dir / "missing").string()), -1);
    EXPECT_EQ(fds.size(), 2u);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace phonghop::http
