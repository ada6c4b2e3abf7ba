#include "io/multipart.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_db.h"

namespace phonghop::io {
namespace {

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t FilesIn(const std::string& dir) {
  size_t n = 0;
  for (auto& e : std::filesystem::directory_iterator(dir)) (void)e, ++n;
  return n;
}

const std::string kB = "----phonghopBoundary7MA4YWxk";

std::string Body(const std::string& file_content) {
  return "--" + kB + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBáo cáo chính trị\r\n" +
         "--" + kB + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\\\docs\\\\bao cao.pdf\"\r\n" +
         "Content-Type: application/pdf\r\n\r\n" + file_content + "\r\n--" + kB + "--\r\n";
}

TEST(MultipartTest, StreamsFileToDiskAndKeepsFields) {
  testing::TempDir dir;
  // Content that contains boundary-like bytes and spans many chunks.
  std::string content = std::string(10000, 'x') + "\r\n--" + kB.substr(0, 10) + std::string(5000, 'y');
  auto form = ParseMultipart(Body(content), kB, dir.path());
  ASSERT_TRUE(form.ok()) << form.status().ToString();
  EXPECT_EQ(form->fields["title"], "Báo cáo chính trị");
  ASSERT_EQ(form->files.size(), 1u);
  EXPECT_EQ(form->files[0].file_name, "bao cao.pdf");  // never a path
  EXPECT_EQ(form->files[0].size, content.size());
  EXPECT_EQ(Slurp(form->files[0].path), content);
}

TEST(MultipartTest, MalformedBodiesFailAndLeaveNoFiles) {
  testing::TempDir dir;
  std::string good = Body("data");
  std::vector<std::string> bad = {
      good.substr(0, good.size() - 10),                      // truncated
      "garbage without boundary",
      "--" + kB + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + kB + "--\r\n",  // no disposition
      "--" + kB + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" + kB +
          "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--" + kB + "--\r\n",  // dup field
      "--" + kB + "\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n\xff\xfe\r\n--" + kB + "--\r\n",
      "--" + kB + "\r\n" + std::string(20000, 'h'),
  };
  for (const auto& b : bad) {
    auto form = ParseMultipart(b, kB, dir.path());
    EXPECT_FALSE(form.ok()) << b.substr(0, 60);
  }
  EXPECT_EQ(FilesIn(dir.path()), 0u);
}

TEST(MultipartTest, BoundaryFromContentType) {
  EXPECT_EQ(BoundaryOf("multipart/form-data; boundary=abc123").value(), "abc123");
  EXPECT_EQ(BoundaryOf("multipart/form-data; boundary=\"a b\"").value(), "a b");
  EXPECT_FALSE(BoundaryOf("application/json").ok());
  EXPECT_FALSE(BoundaryOf("multipart/form-data").ok());
  EXPECT_FALSE(BoundaryOf("multipart/form-data; boundary=" + std::string(80, 'a')).ok());
}

}  // namespace
}  // namespace phonghop::io
