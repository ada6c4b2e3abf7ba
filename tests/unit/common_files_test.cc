// The small OS-resource owners, the data-directory lock and log redaction.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/files.h"
#include "http/log_redaction.h"

namespace phonghop {
namespace {

namespace fs = std::filesystem;

std::string TempDir() {
  char tmpl[] = "/tmp/ph-files-XXXXXX";
  return ::mkdtemp(tmpl);
}

TEST(FilesTest, TempFileIsPrivateAndRemovedUnlessReleased) {
  std::string dir = TempDir();
  std::string kept;
  {
    auto t = TempFile::Create(dir, "body-");
    ASSERT_TRUE(t.ok()) << t.status().message();
    struct stat st{};
    ASSERT_EQ(::stat(t->path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto u = TempFile::Create(dir, "body-");
    ASSERT_TRUE(u.ok());
    EXPECT_NE(t->path(), u->path());
    kept = u->Release();
  }
  EXPECT_TRUE(fs::exists(kept));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  EXPECT_FALSE(TempFile::Create(dir + "/missing", "x").ok());
  fs::remove_all(dir);
}

TEST(FilesTest, SecondExclusiveLockIsRefusedUntilTheFirstCloses) {
  std::string dir = TempDir();
  auto first = LockExclusive(dir + "/serve.lock");
  ASSERT_TRUE(first.ok());
  auto second = LockExclusive(dir + "/serve.lock");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kConflict);
  first->Reset();
  EXPECT_TRUE(LockExclusive(dir + "/serve.lock").ok());
  fs::remove_all(dir);
}

TEST(FilesTest, StaleTempFilesGoFreshForeignOnesStay) {
  std::string dir = TempDir();
  std::ofstream(dir + "/body-123") << "x";
  std::ofstream(dir + "/import-abc") << "y";
  std::ofstream(dir + "/old-part") << "z";
  fs::last_write_time(dir + "/old-part", fs::file_time_type::clock::now() - std::chrono::hours(2));
  EXPECT_EQ(RemoveStaleTempFiles(dir, "body-", 600), 2);
  EXPECT_TRUE(fs::exists(dir + "/import-abc"));
  EXPECT_FALSE(fs::exists(dir + "/body-123"));
  fs::remove_all(dir);
}

TEST(LogRedactionTest, BearerSegmentsAreRedacted) {
  EXPECT_EQ(http::RedactPath("/t/AbC123secret"), "/t/[redacted]");
  EXPECT_EQ(http::RedactPath("/t/AbC123secret/extra"), "/t/[redacted]/extra");
  EXPECT_EQ(http::RedactPath("/setup/tok"), "/setup/[redacted]");
  EXPECT_EQ(http::RedactPath("/api/v1/documents/ABC"), "/api/v1/documents/ABC");
  EXPECT_EQ(http::RedactPath("/t/"), "/t/");
  EXPECT_EQ(http::RedactPath(""), "");
}

}  // namespace
}  // namespace phonghop
