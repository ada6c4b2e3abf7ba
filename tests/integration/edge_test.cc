// The HTTP edge (issue #16): every reply carries a request id; an internal
// error reaches the log exactly once, with its request id, route and cause,
// and never reaches the client.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "http_client.h"
#include "server_fixture.h"

namespace phonghop::testing {
namespace {

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

TEST(EdgeTest, InternalErrorIsLoggedOnceWithItsRequestId) {
  ::setenv("PHONGHOP_FAILPOINTS", "internal_error_on_congress_list", 1);
  ServerProcess s({"--demo"});
  ::unsetenv("PHONGHOP_FAILPOINTS");
  auto ok = HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo");
  EXPECT_EQ(ok.status, 200);
  EXPECT_FALSE(ok.Header("x-request-id").empty());
  auto r = HttpAnonymous(s.port(), "GET", "/api/v1/congresses");
  ASSERT_EQ(r.status, 500);
  const std::string rid = r.Header("x-request-id");
  ASSERT_FALSE(rid.empty());
  EXPECT_NE(rid, ok.Header("x-request-id"));
  EXPECT_EQ(r.body.find("fail point"), std::string::npos) << "the cause leaked to the client";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::string log = s.Log();
  EXPECT_EQ(Count(log, rid), 1u) << log;
  size_t at = log.find(rid);
  ASSERT_NE(at, std::string::npos);
  size_t bol = log.rfind('\n', at);
  std::string line = log.substr(bol == std::string::npos ? 0 : bol + 1, log.find('\n', at) - bol);
  EXPECT_NE(line.find("route=/api/v1/congresses"), std::string::npos) << line;
  EXPECT_NE(line.find("cause=\"fail point internal_error_on_congress_list\""), std::string::npos) << line;
  EXPECT_NE(line.find("status=500"), std::string::npos) << line;
}

TEST(EdgeTest, QuietServerStillLogsInternalErrors) {
  ::setenv("PHONGHOP_FAILPOINTS", "internal_error_on_congress_list", 1);
  ServerProcess s({"--quiet"});
  ::unsetenv("PHONGHOP_FAILPOINTS");
  auto r = HttpAnonymous(s.port(), "GET", "/api/v1/congresses");
  ASSERT_EQ(r.status, 500);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Count(s.Log(), r.Header("x-request-id")), 1u);
  EXPECT_EQ(Count(s.Log(), "path=/healthz"), 0u) << "--quiet logs ordinary requests";
}

}  // namespace
}  // namespace phonghop::testing
