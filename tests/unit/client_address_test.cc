#include <gtest/gtest.h>

#include "http/client_address.h"

namespace phonghop::http {
namespace {

const std::vector<std::string> kProxies = {"127.0.0.1", "10.0.0.2"};

TEST(ClientAddressTest, ThePeerUnlessItIsATrustedProxy) {
  // A phone talking to the node directly cannot pick its own address.
  EXPECT_EQ(ClientAddress("192.168.1.20", "1.2.3.4", kProxies), "192.168.1.20");
  EXPECT_EQ(ClientAddress("127.0.0.1", "", kProxies), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", {}), "127.0.0.1") << "no proxy configured";
}

TEST(ClientAddressTest, TheRightmostAddressThatIsNotAProxy) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7", kProxies), "203.0.113.7");
  // The client wrote "6.6.6.6" itself; HAProxy appended the real address.
  EXPECT_EQ(ClientAddress("127.0.0.1", "6.6.6.6, 203.0.113.7", kProxies), "203.0.113.7");
  // Two proxies in a row (a TLS terminator, then the balancer).
  EXPECT_EQ(ClientAddress("127.0.0.1", "6.6.6.6,203.0.113.7, 10.0.0.2", kProxies), "203.0.113.7");
  EXPECT_EQ(ClientAddress("127.0.0.1", "2001:db8::5", kProxies), "2001:db8::5");
}

TEST(ClientAddressTest, GarbageOrOnlyProxiesFallBackToThePeer) {
  EXPECT_EQ(ClientAddress("127.0.0.1", "unknown", kProxies), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "203.0.113.7:5555", kProxies), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "10.0.0.2, 127.0.0.1", kProxies), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", " , ", kProxies), "127.0.0.1");
}

}  // namespace
}  // namespace phonghop::http
