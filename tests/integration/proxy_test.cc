// Behind a balancer every connection comes from the balancer's address. With
// --trusted-proxy the server limits and records each client by the address
// the balancer puts in X-Forwarded-For — and only for that balancer: a phone
// that writes the header itself changes nothing.
#include <gtest/gtest.h>

#include <algorithm>

#include "http_client.h"
#include "server_fixture.h"

namespace phonghop::testing {
namespace {

// Statuses of `n` quick anonymous requests that claim to come from `client`.
std::vector<int> Burst(uint16_t port, const std::string& client, int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i)
    out.push_back(HttpAnonymous(port, "GET", "/healthz", "", {{"X-Forwarded-For", client}}).status);
  return out;
}

int Count(const std::vector<int>& v, int status) { return int(std::count(v.begin(), v.end(), status)); }

TEST(ProxyTest, BehindATrustedBalancerEachClientHasItsOwnRateLimit) {
  ServerProcess s({"--quiet", "--trusted-proxy", "127.0.0.1", "--rate-per-ip", "1", "--rate-burst", "3"});
  auto a = Burst(s.port(), "203.0.113.1", 6);
  EXPECT_GE(Count(a, 429), 2) << "one client over its limit is held back";
  // Another phone behind the same balancer is not throttled by the first.
  auto b = Burst(s.port(), "198.51.100.7, 203.0.113.2", 3);
  EXPECT_EQ(Count(b, 200), 3);
}

TEST(ProxyTest, WithoutTrustAForgedHeaderDoesNotDodgeTheLimit) {
  ServerProcess s({"--quiet", "--rate-per-ip", "1", "--rate-burst", "3"});
  // Both "clients" are the same peer (127.0.0.1): one bucket of 3.
  Burst(s.port(), "203.0.113.1", 4);
  auto b = Burst(s.port(), "203.0.113.2", 4);
  EXPECT_GE(Count(b, 429), 3) << "the header of an untrusted peer must be ignored";
}

TEST(ProxyTest, ATrustedProxyMustBeAnAddress) {
  std::string tmp = MakeTempDir();
  auto r = RunCli({"serve", "--data", tmp, "--listen", "127.0.0.1:0", "--trusted-proxy", "balancer.local"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--trusted-proxy"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace phonghop::testing
