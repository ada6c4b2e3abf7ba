// Sealing of face data and the folder of per-delegate keys (decision 550).
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "storage/face/face_key_store.h"
#include "storage/face/face_seal.h"

namespace phonghop::storage::face {
namespace {

namespace fs = std::filesystem;

std::string Key(char c) { return std::string(kFaceKeyBytes, c); }

TEST(FaceSealTest, OpensOnlyWithItsKeyAndItsIds) {
  ASSERT_GE(sodium_init(), 0);
  const std::string plain("embedding \0 bytes", 17);
  const std::string sealed = SealFace(Key('a'), 7, 42, plain);
  EXPECT_EQ(sealed.find("embedding"), std::string::npos);
  EXPECT_NE(SealFace(Key('a'), 7, 42, plain), sealed);  // a fresh nonce every time
  EXPECT_EQ(*OpenFace(Key('a'), sealed), plain);
  auto header = ReadSealedHeader(sealed);
  ASSERT_TRUE(header);
  EXPECT_EQ(header->congress_id, 7);
  EXPECT_EQ(header->delegate_id, 42);
  EXPECT_FALSE(OpenFace(Key('b'), sealed));  // another key (a key remade after deletion)
  std::string moved = sealed;
  moved[4 + 8 + 7] = 43;  // the header rewritten to name another delegate
  EXPECT_FALSE(OpenFace(Key('a'), moved));
  std::string flipped = sealed;
  flipped.back() ^= 1;
  EXPECT_FALSE(OpenFace(Key('a'), flipped));
  EXPECT_FALSE(OpenFace(Key('a'), sealed.substr(0, 30)));
  EXPECT_FALSE(ReadSealedHeader(plain));  // a value stored in clear is not taken as sealed
  EXPECT_EQ(*OpenFace(Key('a'), SealFace(Key('a'), 1, 2, "")), "");
}

class FaceKeyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / "ph-keys-XXXXXX").string();
    ASSERT_NE(::mkdtemp(dir_.data()), nullptr);
    dir_ += "/keys";
  }
  void TearDown() override { fs::remove_all(fs::path(dir_).parent_path()); }
  std::string dir_;
};

TEST_F(FaceKeyStoreTest, KeysAreMadeOnceKeptPrivateAndDestroyed) {
  auto store = DirFaceKeyStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  struct stat st{};
  ASSERT_EQ(::stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_EQ((*store)->Get(1, 10).status().code(), StatusCode::kNotFound);
  auto k = (*store)->GetOrCreate(1, 10);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->size(), kFaceKeyBytes);
  EXPECT_EQ(*(*store)->GetOrCreate(1, 10), *k);
  EXPECT_EQ(*(*store)->Get(1, 10), *k);
  ASSERT_EQ(::stat((dir_ + "/1/10.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // Another process (a second node on the shared folder) sees the same key.
  auto other = DirFaceKeyStore::Open(dir_);
  EXPECT_EQ(*(*other)->Get(1, 10), *k);
  ASSERT_TRUE((*store)->GetOrCreate(1, 11).ok());
  ASSERT_TRUE((*store)->GetOrCreate(2, 20).ok());
  ASSERT_TRUE((*store)->DestroyDelegate(10).ok());
  EXPECT_EQ((*other)->Get(1, 10).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ + "/1/10.key"));
  EXPECT_TRUE((*store)->DestroyDelegate(10).ok());  // nothing left: still fine
  EXPECT_NE(*(*store)->GetOrCreate(1, 10), *k);     // a new enrolment, a new key
  EXPECT_EQ(*(*store)->DestroyCongress(1), 2);
  EXPECT_EQ((*store)->Get(1, 11).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE((*store)->Get(2, 20).ok());
  // A damaged key file opens nothing and says so.
  { std::ofstream(dir_ + "/2/21.key") << "short"; }
  EXPECT_EQ((*store)->Get(2, 21).status().code(), StatusCode::kUnavailable);
}

TEST_F(FaceKeyStoreTest, ConcurrentFirstEnrolmentsAgreeOnOneKey) {
  auto store = DirFaceKeyStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  std::vector<std::string> got(8);
  std::vector<std::thread> ts;
  for (int i = 0; i < 8; ++i)
    ts.emplace_back([&, i] {
      auto own = DirFaceKeyStore::Open(dir_);  // as separate nodes would
      got[i] = *(*own)->GetOrCreate(3, 30);
    });
  for (auto& t : ts) t.join();
  for (const auto& g : got) EXPECT_EQ(g, got[0]);
  int files = 0;
  for (const auto& e : fs::directory_iterator(dir_ + "/3")) files += e.is_regular_file();
  EXPECT_EQ(files, 1);  // no temporary left behind
}

}  // namespace
}  // namespace phonghop::storage::face
