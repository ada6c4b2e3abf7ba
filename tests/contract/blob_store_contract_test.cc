// The blob store contract: the same cases against the folder store (one
// machine, or a folder shared by every node) and against an S3 bucket on
// Ceph's radosgw (the `ceph` ctest fixture starts a private Ceph with
// scripts/ceph.sh). Two "nodes" per store: what one stores, the other reads.
// When the Ceph fixture can't be used the s3 tests fail; they never skip.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

#include "common/sha256.h"
#include "storage/fs_blob_store.h"
#include "common/clock.h"
#include "storage/s3/cache_budget.h"
#include "storage/s3/s3_blob_store.h"
#include "storage/s3/s3_client.h"
#include "storage/s3/s3_config.h"

namespace phonghop::contract {
namespace {

namespace fs = std::filesystem;
using storage::FsBlobStore;
using storage::s3::S3BlobStore;
using storage::s3::S3Client;
using storage::s3::S3Config;

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string RandomBytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

// A loopback port nothing listens on: a store that is down.
uint16_t ClosedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// The private Ceph the ctest fixture started: its s3:// URL is in DIR/url.
Result<S3Config> CephConfig() {
  const char* dir = std::getenv("PHONGHOP_TEST_CEPH_DIR");
  if (!dir) return Status::Unavailable("PHONGHOP_TEST_CEPH_DIR is not set (run under ctest -L ceph)");
  std::string url = Slurp(std::string(dir) + "/url");
  while (!url.empty() && (url.back() == '\n' || url.back() == ' ')) url.pop_back();
  if (url.empty()) return Status::Unavailable(std::string("no Ceph running in ") + dir + " (scripts/ceph.sh start)");
  ::setenv("PHONGHOP_S3_ACCESS_KEY", "PHONGHOPTESTKEY", 1);
  ::setenv("PHONGHOP_S3_SECRET_KEY", "phonghop-test-secret", 1);
  return storage::s3::ParseS3Url(url);
}

class BlobStoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "phonghop-blobs-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    if (GetParam() == "folder") {
      // Two nodes on one folder (one machine, or a shared file system).
      a_ = std::make_unique<FsBlobStore>(dir_ + "/shared");
      b_ = std::make_unique<FsBlobStore>(dir_ + "/shared");
      return;
    }
    auto config = CephConfig();
    ASSERT_TRUE(config.ok()) << config.status().ToString();
    config_ = *config;
    client_ = std::make_shared<S3Client>(config_);
    Status bucket = client_->EnsureBucket();
    ASSERT_TRUE(bucket.ok()) << bucket.ToString();
    // Each test its own key space, so tests never see each other's blobs.
    prefix_ = "test-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()) + "/";
    a_ = std::make_unique<S3BlobStore>(client_, dir_ + "/cache-a", prefix_);
    b_ = std::make_unique<S3BlobStore>(client_, dir_ + "/cache-b", prefix_);
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
    fs::remove_all(dir_);
  }
  std::string TempDirOf(documents::BlobStore& s) {
    if (auto* f = dynamic_cast<FsBlobStore*>(&s)) return f->TempDir();
    return dynamic_cast<S3BlobStore&>(s).TempDir();
  }
  // Writes `content` to a temp file beside store `s`; returns its path.
  std::string Temp(documents::BlobStore& s, const std::string& content) {
    std::string p = TempDirOf(s) + "/upload-" + std::to_string(++temps_);
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  // A store like `a_` (same kind) whose storage is unusable.
  std::unique_ptr<documents::BlobStore> DownStore() {
    if (GetParam() == "folder") {
      // The folder's place is taken by a file: no directory can be made.
      std::ofstream(dir_ + "/not-a-dir") << "x";
      return std::make_unique<FsBlobStore>(dir_ + "/not-a-dir/blobs");
    }
    S3Config down = config_;
    down.endpoint = "http://127.0.0.1:" + std::to_string(ClosedPort());
    return std::make_unique<S3BlobStore>(std::make_shared<S3Client>(down), dir_ + "/cache-down", prefix_);
  }

  std::string dir_, prefix_;
  S3Config config_;
  std::shared_ptr<S3Client> client_;
  std::unique_ptr<documents::BlobStore> a_, b_;
  int temps_ = 0;
};

TEST_P(BlobStoreContract, WhatOneNodeStoresAnotherReadsByteForByte) {
  const std::string content = RandomBytes(300 * 1024 + 17, 1);
  const std::string sha = Sha256Hex(content);
  std::string temp = Temp(*a_, content);
  auto put = a_->Put(temp, sha);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_FALSE(fs::exists(temp)) << "the temp file is moved into the store";
  EXPECT_EQ(Slurp(*put), content);
  auto other = b_->PathOf(sha);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(Slurp(*other), content);
  EXPECT_EQ(b_->LocalPath(sha), *other) << "once read, the file is on this node's disk";
}

TEST_P(BlobStoreContract, ARangeOfAStoredFileIsTheSameBytes) {
  const std::string content = RandomBytes(200 * 1024, 2);
  const std::string sha = Sha256Hex(content);
  ASSERT_TRUE(a_->Put(Temp(*a_, content), sha).ok());
  auto path = b_->PathOf(sha);
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  std::ifstream in(*path, std::ios::binary);
  in.seekg(150000);
  std::string part(4096, '\0');
  in.read(part.data(), static_cast<std::streamsize>(part.size()));
  EXPECT_EQ(part, content.substr(150000, 4096));
}

TEST_P(BlobStoreContract, TheSameContentTwiceIsStoredOnce) {
  const std::string content = RandomBytes(10000, 3);
  const std::string sha = Sha256Hex(content);
  auto first = a_->Put(Temp(*a_, content), sha);
  ASSERT_TRUE(first.ok());
  std::string again = Temp(*b_, content);
  auto second = b_->Put(again, sha);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_FALSE(fs::exists(again));
  EXPECT_EQ(Slurp(*second), content);
}

TEST_P(BlobStoreContract, AMissingFileIsNotFound) {
  const std::string sha = Sha256Hex("never stored");
  EXPECT_EQ(a_->PathOf(sha).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(b_->PathOf(sha).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(a_->LocalPath(sha), "");
  EXPECT_EQ(a_->PathOf("../../etc/passwd").status().code(), StatusCode::kNotFound);
}

TEST_P(BlobStoreContract, ARemovedFileIsGoneForTheNodeThatRemovedItAndForNewOnes) {
  const std::string content = RandomBytes(5000, 4);
  const std::string sha = Sha256Hex(content);
  ASSERT_TRUE(a_->Put(Temp(*a_, content), sha).ok());
  ASSERT_TRUE(a_->Remove(sha).ok());
  EXPECT_EQ(a_->PathOf(sha).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(b_->PathOf(sha).status().code(), StatusCode::kNotFound);
}

TEST_P(BlobStoreContract, AStoreThatIsDownAnswersUnavailableAndStoresNothing) {
  auto down = DownStore();
  const std::string content = RandomBytes(4000, 5);
  const std::string sha = Sha256Hex(content);
  std::string temp = Temp(*a_, content);
  auto put = down->Put(temp, sha);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.status().code(), StatusCode::kUnavailable) << put.status().ToString();
  EXPECT_TRUE(fs::exists(temp)) << "the caller's file is left to the caller";
  EXPECT_EQ(a_->PathOf(sha).status().code(), StatusCode::kNotFound) << "nothing half-stored";
}

TEST_P(BlobStoreContract, ANameThatIsNotASha256IsRefused) {
  std::string temp = Temp(*a_, "x");
  EXPECT_EQ(a_->Put(temp, "abc").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(a_->Put(temp, "../" + std::string(61, 'a')).status().code(), StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Stores, BlobStoreContract, ::testing::Values("folder", "s3"),
                         [](const auto& p) { return p.param; });

// What only a remote store does: it checks the bytes against the hash sent,
// and a node keeps serving what it has cached while the store is away.
using S3Only = BlobStoreContract;

TEST_P(S3Only, BytesThatDoNotMatchTheirHashAreRefusedByTheStore) {
  const std::string claimed = RandomBytes(8000, 6);
  const std::string sha = Sha256Hex(claimed);
  // The file changed (or was damaged) after it was hashed.
  std::string damaged = claimed;
  damaged[4000] ^= 0x20;
  auto put = a_->Put(Temp(*a_, damaged), sha);
  ASSERT_FALSE(put.ok()) << "radosgw stored bytes that do not match x-amz-content-sha256";
  EXPECT_EQ(put.status().code(), StatusCode::kInternal) << put.status().ToString();
  auto* s3 = dynamic_cast<S3BlobStore*>(a_.get());
  EXPECT_EQ(client_->Head(s3->KeyFor(sha)).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(b_->PathOf(sha).status().code(), StatusCode::kNotFound);
}

TEST_P(S3Only, RangeRequestsReadTheRightBytesFromTheStore) {
  const std::string content = RandomBytes(70000, 7);
  const std::string sha = Sha256Hex(content);
  ASSERT_TRUE(a_->Put(Temp(*a_, content), sha).ok());
  auto* s3 = dynamic_cast<S3BlobStore*>(a_.get());
  auto part = client_->GetRange(s3->KeyFor(sha), 65536, 1000);
  ASSERT_TRUE(part.ok()) << part.status().ToString();
  EXPECT_EQ(*part, content.substr(65536, 1000));
  auto size = client_->Head(s3->KeyFor(sha));
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, content.size());
}

TEST_P(S3Only, WhileTheStoreIsDownCachedFilesStillServeAndOthersAreUnavailable) {
  const std::string cached = RandomBytes(3000, 8), not_cached = RandomBytes(3000, 9);
  ASSERT_TRUE(a_->Put(Temp(*a_, cached), Sha256Hex(cached)).ok());
  ASSERT_TRUE(a_->Put(Temp(*a_, not_cached), Sha256Hex(not_cached)).ok());
  // Node "down" shares node a's cache folder but reaches no store.
  S3Config dead = config_;
  dead.endpoint = "http://127.0.0.1:" + std::to_string(ClosedPort());
  S3BlobStore down(std::make_shared<S3Client>(dead), dir_ + "/cache-a", prefix_);
  ASSERT_TRUE(fs::remove(a_->LocalPath(Sha256Hex(not_cached))));
  auto hit = down.PathOf(Sha256Hex(cached));
  ASSERT_TRUE(hit.ok()) << hit.status().ToString();
  EXPECT_EQ(Slurp(*hit), cached);
  auto miss = down.PathOf(Sha256Hex(not_cached));
  EXPECT_EQ(miss.status().code(), StatusCode::kUnavailable) << "not NotFound: the file exists, the store is away";
  EXPECT_EQ(down.Remove(Sha256Hex(cached)).code(), StatusCode::kUnavailable);
}

INSTANTIATE_TEST_SUITE_P(Stores, S3Only, ::testing::Values("s3"), [](const auto& p) { return p.param; });

TEST(S3ConfigTest, UrlsAndCredentialsAreCheckedWithClearMessages) {
  ::setenv("PHONGHOP_S3_ACCESS_KEY", "k", 1);
  ::setenv("PHONGHOP_S3_SECRET_KEY", "s", 1);
  auto ok = storage::s3::ParseS3Url("s3://phonghop-docs?endpoint=http%3A%2F%2F10.0.0.5%3A7480&region=hn");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->endpoint, "http://10.0.0.5:7480");
  EXPECT_EQ(ok->bucket, "phonghop-docs");
  EXPECT_EQ(ok->region, "hn");
  EXPECT_EQ(storage::s3::ParseS3Url("s3://Bad_Bucket?endpoint=http://x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(storage::s3::ParseS3Url("s3://b12?region=x").status().code(), StatusCode::kInvalidArgument)
      << "no endpoint";
  EXPECT_EQ(storage::s3::ParseS3Url("s3://b12?endpoint=http://x&secret=1").status().code(),
            StatusCode::kInvalidArgument)
      << "credentials never in the URL";
  ::unsetenv("PHONGHOP_S3_SECRET_KEY");
  ::unsetenv("AWS_SECRET_ACCESS_KEY");
  auto no_key = storage::s3::ParseS3Url("s3://b12?endpoint=http://x");
  EXPECT_EQ(no_key.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_key.status().message().find("PHONGHOP_S3_SECRET_KEY"), std::string::npos);
}

// The S3 cache's size bound (decision 551): the least recently used files
// leave this node's disk first, never one used within the pin window, and a
// file already opened for sending keeps sending after it is evicted.
TEST_P(BlobStoreContract, TheCacheKeepsToItsBoundAndRefetchesWhatItDropped) {
  if (GetParam() == "folder") GTEST_SKIP() << "the folder is the store itself: nothing is evicted";
  FixedClock clock(1'000'000);
  auto budget = std::make_shared<storage::s3::CacheBudget>(1000 * 1024, 60, clock);
  S3BlobStore store(client_, dir_ + "/bounded", prefix_, budget);
  std::vector<std::string> content, sha, path;
  for (int i = 0; i < 3; ++i) {
    content.push_back(RandomBytes(400 * 1024, 10 + i));
    sha.push_back(Sha256Hex(content[i]));
    auto put = store.Put(Temp(store, content[i]), sha[i]);
    ASSERT_TRUE(put.ok()) << put.status().ToString();
    path.push_back(*put);
    clock.Set(clock.NowUnix() + 100);  // each one out of the pin window before the next
  }
  // 1,200 KB over a 1,000 KB bound: the oldest went from the disk, not from S3.
  EXPECT_FALSE(fs::exists(path[0]));
  EXPECT_TRUE(fs::exists(path[1]));
  EXPECT_TRUE(fs::exists(path[2]));
  EXPECT_EQ(store.LocalPath(sha[0]), "");
  EXPECT_LE(budget->bytes(), 1000u * 1024);
  // A reply that opened file 1 before it is evicted keeps reading it whole.
  int fd = ::open(path[1].c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(store.LocalPath(sha[2]), path[2]);  // file 2 used now: file 1 is the oldest
  clock.Set(clock.NowUnix() + 100);
  auto again = store.PathOf(sha[0]);  // fetched back from S3; file 1 makes room
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(Slurp(*again), content[0]);
  EXPECT_FALSE(fs::exists(path[1]));
  std::string read(content[1].size(), '\0');
  EXPECT_EQ(::pread(fd, read.data(), read.size(), 0), static_cast<ssize_t>(read.size()));
  EXPECT_EQ(read, content[1]);
  ::close(fd);
  // Everything used within the pin window stays, even over the bound.
  clock.Set(clock.NowUnix() + 10);
  EXPECT_EQ(store.LocalPath(sha[2]), path[2]);
  auto fourth = RandomBytes(400 * 1024, 20);
  ASSERT_TRUE(store.Put(Temp(store, fourth), Sha256Hex(fourth)).ok());
  EXPECT_TRUE(fs::exists(path[2]));
  EXPECT_TRUE(fs::exists(*again));
  EXPECT_GT(budget->bytes(), 1000u * 1024);
  // A restarted node takes in what its folder already holds.
  auto restarted = std::make_shared<storage::s3::CacheBudget>(500 * 1024, 60, clock);
  S3BlobStore after(client_, dir_ + "/bounded", prefix_, restarted);
  EXPECT_EQ(restarted->files(), 1u);
  EXPECT_LE(restarted->bytes(), 500u * 1024);
}

TEST(CacheBudgetTest, LeastRecentlyUsedGoesFirstAndPinnedFilesStay) {
  std::string tmpl = (fs::temp_directory_path() / "phonghop-budget-XXXXXX").string();
  const std::string dir = ::mkdtemp(tmpl.data());
  FixedClock clock(5000);
  storage::s3::CacheBudget budget(250, 30, clock);
  auto make = [&](const std::string& name) {
    std::ofstream(dir + "/" + name, std::ios::binary) << std::string(100, 'x');
    return dir + "/" + name;
  };
  const std::string a = make("a"), b = make("b"), c = make("c");
  budget.Touch(a);
  clock.Set(5010);
  budget.Touch(b);
  clock.Set(5020);
  budget.Touch(a);  // a is now more recent than b
  budget.Touch(c);
  EXPECT_EQ(budget.bytes(), 300u);
  EXPECT_EQ(budget.Evict(), 0) << "all three used in the last 30 s";
  clock.Set(5045);  // b (5010) is out of the window, a and c (5020) are not
  EXPECT_EQ(budget.Evict(), 1);
  EXPECT_FALSE(fs::exists(b));
  EXPECT_TRUE(fs::exists(a));
  EXPECT_EQ(budget.bytes(), 200u);
  budget.Forget(a);
  EXPECT_EQ(budget.bytes(), 100u);
  storage::s3::CacheBudget unbounded(0, 30, clock);
  unbounded.Touch(c);
  clock.Set(9999);
  EXPECT_EQ(unbounded.Evict(), 0);
  EXPECT_TRUE(fs::exists(c));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace phonghop::contract
