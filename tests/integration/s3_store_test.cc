// `serve --blobs s3://…` against the real binary when the S3 store is not
// there: the node still starts and serves, an upload answers a clear 503 in
// Vietnamese and changes nothing (no document row, no file kept); a bad
// --blobs value is refused at start with a message naming what is wrong.
// (Against a live radosgw: tests/contract's s3 half and tests/cluster.)
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "http_client.h"
#include "server_fixture.h"
#include "test_files.h"

namespace phonghop::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

uint16_t ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  (void)::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  (void)::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

size_t FilesUnder(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file()) ++n;
  return n;
}

TEST(S3StoreTest, UploadWhileTheStoreIsDownAnswers503AndChangesNothing) {
  ::setenv("PHONGHOP_S3_ACCESS_KEY", "PHONGHOPTESTKEY", 1);
  ::setenv("PHONGHOP_S3_SECRET_KEY", "phonghop-test-secret", 1);
  std::string tmp = MakeTempDir();
  auto r = RunCli({"congress", "create", "--data", tmp + "/data", "--slug", "dh", "--name", "Đại hội thử"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string blobs =
      "s3://phonghop?endpoint=http://127.0.0.1:" + std::to_string(ClosedPort()) + "&region=us-east-1";
  {
    ServerProcess server({"--quiet", "--blobs", blobs}, tmp + "/data");
    ASSERT_EQ(Http(server.port(), "GET", "/healthz").status, 200) << "the node starts while the store is away";
    std::string pdf_path = tmp + "/bc.pdf";
    MakeTextPdf(pdf_path, {"Báo cáo chính trị"}, "Báo cáo chính trị");
    std::ifstream in(pdf_path, std::ios::binary);
    std::string pdf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string b = "----phonghopS3";
    std::string body = "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bc.pdf\"\r\n" +
                       "Content-Type: application/pdf\r\n\r\n" + pdf + "\r\n--" + b + "--\r\n";
    auto up = Http(server.port(), "POST", "/api/v1/congresses/dh/documents", body,
                   {{"Content-Type", "multipart/form-data; boundary=" + b}});
    EXPECT_EQ(up.status, 503) << up.body;
    auto err = json::parse(up.body, nullptr, false);
    ASSERT_TRUE(err.is_object()) << up.body;
    EXPECT_EQ(err["error"]["code"], "unavailable");
    EXPECT_NE(err["error"]["message"].get<std::string>().find("kho tệp S3"), std::string::npos) << up.body;
    auto list = json::parse(Http(server.port(), "GET", "/api/v1/congresses/dh/documents").body);
    EXPECT_TRUE(list["documents"].empty()) << "no row points at a file the store does not have";
    EXPECT_EQ(FilesUnder(tmp + "/data/blobs"), 0u) << "no cached copy, no temp file left";
    EXPECT_EQ(Http(server.port(), "GET", "/healthz").status, 200);
  }
  fs::remove_all(tmp);
}

TEST(S3StoreTest, ABadBlobsValueIsRefusedAtStartWithAClearMessage) {
  std::string tmp = MakeTempDir();
  ::setenv("PHONGHOP_S3_ACCESS_KEY", "PHONGHOPTESTKEY", 1);
  ::unsetenv("PHONGHOP_S3_SECRET_KEY");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  auto no_secret = RunCli({"serve", "--data", tmp + "/a", "--listen", "127.0.0.1:0", "--blobs",
                           "s3://phonghop?endpoint=http://127.0.0.1:1"});
  EXPECT_NE(no_secret.exit_code, 0);
  EXPECT_NE(no_secret.err.find("PHONGHOP_S3_SECRET_KEY"), std::string::npos) << no_secret.err;
  ::setenv("PHONGHOP_S3_SECRET_KEY", "phonghop-test-secret", 1);
  auto not_s3 = RunCli({"serve", "--data", tmp + "/b", "--listen", "127.0.0.1:0", "--blobs", "/mnt/nfs/blobs"});
  EXPECT_NE(not_s3.exit_code, 0);
  EXPECT_NE(not_s3.err.find("s3://"), std::string::npos) << not_s3.err;
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace phonghop::testing
