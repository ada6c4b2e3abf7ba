// The server under abuse and at shutdown: limits, slow clients, static files.
#include <gtest/gtest.h>
#include <signal.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "http_client.h"
#include "server_fixture.h"

namespace phonghop::testing {
namespace {

std::string MakeWebRoot() {
  std::string dir = MakeTempDir();
  std::filesystem::create_directories(dir + "/assets");
  std::ofstream(dir + "/index.html") << "<!doctype html><title>Phòng họp</title>" << std::string(4000, ' ');
  std::ofstream(dir + "/assets/app.js") << "console.log('xin chào');" << std::string(3000, '/');
  std::ofstream bin(dir + "/assets/photo.png", std::ios::binary);
  for (int i = 0; i < 100000; ++i) bin.put(static_cast<char>(i * 7));
  return dir;
}

TEST(ServerLimitsTest, OversizedHeaderAndBodyAreRefusedAndServerKeepsServing) {
  ServerProcess s({"--quiet", "--max-body-mb", "1"});
  auto big_header = Http(s.port(), "GET", "/healthz", "", {{"X-Junk", std::string(20000, 'a')}});
  EXPECT_EQ(big_header.status, 431);
  auto big_body = Http(s.port(), "POST", "/api/v1/congresses", std::string(2 << 20, 'x'));
  EXPECT_EQ(big_body.status, 413);
  EXPECT_EQ(Http(s.port(), "GET", "/healthz").status, 200);
}

TEST(ServerLimitsTest, SlowLorisIsCutOffWhileOthersAreServed) {
  ServerProcess s({"--quiet", "--header-timeout-s", "2"});
  int fd = ConnectRaw(s.port());
  ASSERT_GE(fd, 0);
  SendRaw(fd, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
  // The server keeps answering others while the slow client dribbles.
  for (int i = 0; i < 3; ++i) {
    SendRaw(fd, "X-A: b\r\n");
    EXPECT_EQ(Http(s.port(), "GET", "/healthz").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  EXPECT_TRUE(WaitClosed(fd, 4000)) << "slow client still connected";
  ::close(fd);
}

TEST(ServerLimitsTest, MalformedRequestGets400) {
  ServerProcess s({"--quiet"});
  int fd = ConnectRaw(s.port());
  SendRaw(fd, "GARBAGE\r\n\r\n");
  std::string reply = ReadRaw(fd, 2000);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400 ", 0), 0u) << reply;
  ::close(fd);
  fd = ConnectRaw(s.port());
  SendRaw(fd, "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  reply = ReadUntil(fd, "}}", 2000);
  EXPECT_EQ(reply.rfind("HTTP/1.1 400 ", 0), 0u) << reply;
  EXPECT_NE(reply.find("\"bad_request\""), std::string::npos) << reply;
  ::close(fd);
}

TEST(ServerLimitsTest, ConnectionCapAnswers503) {
  ServerProcess s({"--quiet", "--max-connections", "4"});
  std::vector<int> fds;
  for (int i = 0; i < 4; ++i) {
    fds.push_back(ConnectRaw(s.port()));
    SendRaw(fds.back(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    ReadUntil(fds.back(), "}", 2000);  // keep-alive: stays open
  }
  auto r = Http(s.port(), "GET", "/healthz");
  EXPECT_EQ(r.status, 503);
  for (int fd : fds) ::close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(Http(s.port(), "GET", "/healthz").status, 200);
}

// 10,000 requests from one address in a burst: that address gets 429s,
// another address is still served at once.
TEST(ServerLimitsTest, BurstFromOneAddressIsLimitedOthersAreServed) {
  ServerProcess s({"--quiet"});
  int fd = ConnectRaw(s.port());
  std::string burst;
  for (int i = 0; i < 10000; ++i) burst += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  std::thread writer([&] { SendRaw(fd, burst); });
  std::string replies;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  auto count = [&](const char* what) {
    size_t n = 0;
    for (size_t p = 0; (p = replies.find(what, p)) != std::string::npos; ++p) ++n;
    return n;
  };
  while (count("HTTP/1.1 ") < 10000 && std::chrono::steady_clock::now() < deadline) {
    std::string got = ReadUntil(fd, "\n", 200);
    if (got.empty()) break;
    replies += got;
  }
  writer.join();
  ::close(fd);
  EXPECT_GT(count("HTTP/1.1 429"), 1000u);
  EXPECT_GT(count("HTTP/1.1 200"), 100u);
  // Another address (127.0.0.2 is this machine too) is not affected.
  int other = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_addr.s_addr = htonl(0x7F000002);
  ASSERT_EQ(::bind(other, reinterpret_cast<sockaddr*>(&local), sizeof local), 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(s.port());
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(other, reinterpret_cast<sockaddr*>(&to), sizeof to), 0);
  SendRaw(other, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(ReadUntil(other, "}", 3000).find("HTTP/1.1 200"), std::string::npos);
  ::close(other);
}

TEST(ServerLimitsTest, KeepAliveServesManyRequestsOnOneConnection) {
  ServerProcess s({"--quiet"});
  int fd = ConnectRaw(s.port());
  std::string reqs;
  for (int i = 0; i < 5; ++i) reqs += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  SendRaw(fd, reqs);  // pipelined
  std::string replies;
  auto count_replies = [&] {
    size_t n = 0;
    for (size_t p = 0; (p = replies.find("HTTP/1.1 200", p)) != std::string::npos; ++p) ++n;
    return n;
  };
  for (int i = 0; i < 20 && count_replies() < 5; ++i) replies += ReadUntil(fd, "}", 200);
  EXPECT_EQ(count_replies(), 5u);
  ::close(fd);
}

TEST(ServerLimitsTest, StaticFilesHaveEtagRangeAndGzip) {
  std::string web = MakeWebRoot();
  ServerProcess s({"--quiet", "--web-root", web});
  auto index = Http(s.port(), "GET", "/");
  ASSERT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("Phòng họp"), std::string::npos);
  EXPECT_NE(index.Header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
  std::string etag = index.Header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(Http(s.port(), "GET", "/", "", {{"If-None-Match", etag}}).status, 304);

  // Client-side routes get the app shell; missing assets are real 404s.
  EXPECT_NE(Http(s.port(), "GET", "/c/demo/programme").body.find("Phòng họp"), std::string::npos);
  EXPECT_EQ(Http(s.port(), "GET", "/assets/missing.js").status, 404);
  EXPECT_EQ(Http(s.port(), "GET", "/../../etc/passwd").status, 404);
  EXPECT_EQ(Http(s.port(), "GET", "/%2e%2e/%2e%2e/etc/passwd").status, 404);

  auto js = Http(s.port(), "GET", "/assets/app.js", "", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(js.Header("content-encoding"), "gzip");
  EXPECT_NE(js.Header("cache-control").find("immutable"), std::string::npos);

  auto part = Http(s.port(), "GET", "/assets/photo.png", "", {{"Range", "bytes=100-199"}});
  ASSERT_EQ(part.status, 206);
  ASSERT_EQ(part.body.size(), 100u);
  EXPECT_EQ(part.body[0], static_cast<char>(100 * 7));
  EXPECT_EQ(part.Header("content-range"), "bytes 100-199/100000");
  auto whole = Http(s.port(), "GET", "/assets/photo.png");
  EXPECT_EQ(whole.body.size(), 100000u);
  EXPECT_EQ(Http(s.port(), "GET", "/assets/photo.png", "", {{"Range", "bytes=200000-"}}).status, 416);
  auto head = Http(s.port(), "HEAD", "/assets/photo.png");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), "100000");
  std::filesystem::remove_all(web);
}

// Phones that walk out of Wi-Fi range mid-download: the server must lose
// only those connections (sendfile on a reset socket raises SIGPIPE).
TEST(ServerLimitsTest, ClientsVanishingMidDownloadDoNotStopTheServer) {
  signal(SIGPIPE, SIG_IGN);  // so that a dead server fails this test, not the test binary
  std::string web = MakeWebRoot();
  {
    std::ofstream big(web + "/assets/big.pdf", std::ios::binary);
    std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 16; ++i) big << chunk;
  }
  ServerProcess s({"--quiet", "--web-root", web});
  for (int i = 0; i < 20; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int small = 4096;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(s.port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    SendRaw(fd, "GET /assets/big.pdf HTTP/1.1\r\nHost: x\r\n\r\n");
    char buf[2048];
    (void)recv(fd, buf, sizeof buf, 0);
    // Leave with unread data: the kernel answers the server with a reset.
    linger lg{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Http(s.port(), "GET", "/healthz").status, 200) << "the server died:\n" << s.Log();
  std::filesystem::remove_all(web);
}

TEST(ServerLimitsTest, SigtermClosesIdleAndEventConnectionsAndExitsCleanly) {
  ServerProcess s({"--demo", "--quiet"});
  int idle = ConnectRaw(s.port());
  SendRaw(idle, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  ReadUntil(idle, "}", 2000);
  int events = ConnectRaw(s.port());
  SendRaw(events, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\n\r\n");
  ReadUntil(events, "retry:", 2000);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(s.Stop(SIGTERM, 8000), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(WaitClosed(idle, 1000));
  EXPECT_TRUE(WaitClosed(events, 1000));
  ::close(idle);
  ::close(events);
}

TEST(ServerLimitsTest, SelfSignedTlsServesHttps) {
  ServerProcess s({"--quiet", "--tls-self-signed"});
  EXPECT_TRUE(std::filesystem::exists(s.data_dir() + "/tls/cert.pem"));
  EXPECT_TRUE(std::filesystem::exists(s.data_dir() + "/tls/key.pem"));
  EXPECT_EQ(std::filesystem::status(s.data_dir() + "/tls/key.pem").permissions() &
                std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  // Plain HTTP to a TLS port gets no HTTP answer.
  EXPECT_EQ(Http(s.port(), "GET", "/healthz").status, 0);
  std::string cmd = "curl -sk --max-time 5 https://127.0.0.1:" + std::to_string(s.port()) + "/healthz";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  char buf[256] = {0};
  size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  EXPECT_NE(std::string(buf, n).find("\"ok\""), std::string::npos);
}

}  // namespace
}  // namespace phonghop::testing
