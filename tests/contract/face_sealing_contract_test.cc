// The sealing layer over each back-end's attendance repository (decision
// 550): what the database stores is ciphertext bound to its row, a deletion
// destroys the key first so an old copy of the row (a restored backup, a
// dead tuple) no longer opens, and faces stored in clear by an older
// version are sealed at start.
#include <gtest/gtest.h>

#include <filesystem>

#include "fixture.h"
#include "storage/face/face_key_store.h"
#include "storage/face/sealed_attendance_repository.h"

namespace phonghop::contract {
namespace {

namespace fs = std::filesystem;
using FaceSealingContract = CongressWorld;

std::string TempKeyDir() {
  std::string t = (fs::temp_directory_path() / "ph-face-keys-XXXXXX").string();
  EXPECT_NE(::mkdtemp(t.data()), nullptr);
  return t;
}

std::string Embedding(char salt) {
  std::string e(2048, '\0');
  for (size_t i = 0; i < e.size(); ++i) e[i] = static_cast<char>(i * 13 + salt);
  return e;
}

TEST_P(FaceSealingContract, StoredSealedOpenedThroughTheKeyAndErasedWithIt) {
  const std::string dir = TempKeyDir();
  auto keys = storage::face::DirFaceKeyStore::Open(dir);
  ASSERT_TRUE(keys.ok());
  auto& raw = backend().attendance();
  storage::face::SealedAttendanceRepository sealed(raw, **keys);
  const std::string emb = Embedding(1);
  const std::string jpeg("\xff\xd8\xff\xe0 a kept photo", 18);
  attendance::FaceRecord f{delegates_[0], emb, "m", jpeg, 300, "thu-ky", false};
  ASSERT_TRUE(sealed.AddFace(cid_, f).ok());
  ASSERT_TRUE(sealed.AddFace(cid_, attendance::FaceRecord{delegates_[1], Embedding(2), "m", "", 300, "thu-ky", false}).ok());
  // Through the layer: the clear values. Underneath: other bytes, and not
  // the embedding anywhere inside them.
  auto open = sealed.ListFaces(cid_, "m");
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0], std::make_pair(delegates_[0], emb));
  EXPECT_EQ(*sealed.FacePhoto(delegates_[0]), jpeg);
  auto stored = raw.ListFaces(cid_, "m");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  const std::string ciphertext = (*stored)[0].second;
  EXPECT_EQ(ciphertext.find(emb.substr(0, 32)), std::string::npos);
  EXPECT_TRUE(raw.ListUnsealedFaces(10)->empty());
  // A sealed value copied onto another delegate's row does not open there.
  ASSERT_TRUE(raw.AddFace(cid_, attendance::FaceRecord{delegates_[2], ciphertext, "m", "", 301, "x", true}).ok());
  EXPECT_EQ(sealed.ListFaces(cid_, "m")->size(), 2u);
  // Deletion destroys the key; the delegate's copy kept elsewhere (here put
  // back as a restored backup would) no longer opens.
  ASSERT_TRUE((*keys)->Get(cid_, delegates_[0]).ok());
  auto gone = sealed.DeleteFaces(delegates_[0]);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, 1);
  EXPECT_EQ((*keys)->Get(cid_, delegates_[0]).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(raw.AddFace(cid_, attendance::FaceRecord{delegates_[0], ciphertext, "m", "", 302, "restore", true}).ok());
  auto after = sealed.ListFaces(cid_, "m");
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].first, delegates_[1]);
  EXPECT_EQ(sealed.FacePhoto(delegates_[0]).status().code(), StatusCode::kNotFound);
  // A new enrolment after a deletion gets a new key (the old copy stays shut).
  ASSERT_TRUE(sealed.AddFace(cid_, attendance::FaceRecord{delegates_[0], Embedding(3), "m", "", 303, "thu-ky", false}).ok());
  EXPECT_EQ(sealed.ListFaces(cid_, "m")->size(), 2u);
  // The whole congress: every key goes.
  ASSERT_TRUE(sealed.DeleteCongressFaces(cid_).ok());
  EXPECT_EQ((*keys)->Get(cid_, delegates_[1]).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(sealed.ListFaces(cid_, "m")->empty());
  fs::remove_all(dir);
}

TEST_P(FaceSealingContract, FacesStoredInClearAreSealedAtStart) {
  const std::string dir = TempKeyDir();
  auto keys = storage::face::DirFaceKeyStore::Open(dir);
  ASSERT_TRUE(keys.ok());
  auto& raw = backend().attendance();
  // As an older version stored them: in clear, not marked sealed.
  const std::string emb = Embedding(7);
  ASSERT_TRUE(raw.AddFace(cid_, attendance::FaceRecord{delegates_[0], emb, "m", "jpeg", 300, "old", false}).ok());
  ASSERT_TRUE(raw.AddFace(cid_, attendance::FaceRecord{delegates_[1], Embedding(8), "m", "", 300, "old", false}).ok());
  EXPECT_EQ(raw.ListUnsealedFaces(10)->size(), 2u);
  storage::face::SealedAttendanceRepository sealed(raw, **keys);
  // Before sealing, the layer never hands out a clear row as if sealed.
  EXPECT_TRUE(sealed.ListFaces(cid_, "m")->empty());
  auto n = sealed.SealLegacyFaces();
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2);
  EXPECT_TRUE(raw.ListUnsealedFaces(10)->empty());
  EXPECT_NE((*raw.ListFaces(cid_, "m"))[0].second, emb);
  auto open = sealed.ListFaces(cid_, "m");
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].second, emb);
  EXPECT_EQ(*sealed.FacePhoto(delegates_[0]), "jpeg");
  EXPECT_EQ(*sealed.SealLegacyFaces(), 0);  // a second node starting finds nothing to do
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, FaceSealingContract, ::testing::Values("sqlite", "postgres"), BackendName);

}  // namespace
}  // namespace phonghop::contract
