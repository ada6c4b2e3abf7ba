// The contract of the settings, audit-log and sign-in ports, checked on every
// back-end.
#include <gtest/gtest.h>

#include "backend.h"

namespace phonghop::contract {
namespace {

using SettingsContract = RepositoryContract;
using AuditContract = RepositoryContract;
using AuthContract = RepositoryContract;

TEST_P(SettingsContract, UnsetIsEmptyAndSetReplaces) {
  auto& s = backend().settings();
  auto missing = s.Get("public_url");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(s.Set("public_url", "https://dh.example.vn").ok());
  ASSERT_TRUE(s.Set("public_url", "https://hội-nghị.vn").ok());
  auto got = s.Get("public_url");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->value_or(""), "https://hội-nghị.vn");
}

TEST_P(AuditContract, ListsNewestFirstAndPagesBackwards) {
  auto& log = backend().audit();
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(log.Append({0, 1000 + i, "admin (admin)", "POST /api/v1/x/" + std::to_string(i), "201",
                            "10.0.0." + std::to_string(i)}).ok());
  auto first = log.List(2, 0);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].action, "POST /api/v1/x/5");
  EXPECT_EQ((*first)[0].at, 1005);
  EXPECT_EQ((*first)[0].address, "10.0.0.5");
  EXPECT_EQ((*first)[1].action, "POST /api/v1/x/4");
  auto next = log.List(10, (*first)[1].id);
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->size(), 3u);
  EXPECT_EQ((*next)[0].action, "POST /api/v1/x/3");
  EXPECT_EQ((*next)[2].action, "POST /api/v1/x/1");
}

TEST_P(AuthContract, UserNamesAreUniqueAndListedWithoutHashes) {
  auto& a = backend().auth();
  auth::User u{0, "thu-ky", congress::Role::kSecretariat, "$argon2id$hash", false, {}};
  auto id = a.CreateUser(u, 10);
  ASSERT_TRUE(id.ok());
  EXPECT_GT(*id, 0);
  auto dup = a.CreateUser(u, 11);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kConflict);
  ASSERT_TRUE(a.CreateUser({0, "admin", congress::Role::kAdmin, "h", false, {}}, 12).ok());
  auto found = a.FindUser("thu-ky");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->role, congress::Role::kSecretariat);
  EXPECT_EQ(found->password_hash, "$argon2id$hash");
  EXPECT_EQ(a.FindUser("khong-co").status().code(), StatusCode::kNotFound);
  auto users = a.ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "admin");
  EXPECT_EQ((*users)[1].name, "thu-ky");
  EXPECT_TRUE((*users)[1].password_hash.empty());
}

TEST_P(AuthContract, SessionsExpireAndAreRevoked) {
  auto& a = backend().auth();
  auto uid = a.CreateUser({0, "chu-toa", congress::Role::kChair, "h", false, {}}, 1);
  ASSERT_TRUE(uid.ok());
  auto s1 = a.CreateSession(*uid, 0, "hash-1", "csrf-1", 100, 200);
  auto s2 = a.CreateSession(*uid, 0, "hash-2", "csrf-2", 100, 200);
  ASSERT_TRUE(s1.ok() && s2.ok());
  auto p = a.FindSession("hash-1", 150);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->user_id, *uid);
  EXPECT_EQ(p->session_id, *s1);
  EXPECT_EQ(p->name, "chu-toa");
  EXPECT_EQ(p->role, congress::Role::kChair);
  EXPECT_EQ(p->csrf, "csrf-1");
  EXPECT_EQ(a.FindSession("hash-1", 200).status().code(), StatusCode::kNotFound);  // expired
  ASSERT_TRUE(a.RevokeSession(*s1, 160).ok());
  EXPECT_EQ(a.FindSession("hash-1", 170).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(a.FindSession("hash-2", 170).ok());
  ASSERT_TRUE(a.RevokeAllSessions(*uid, 170).ok());
  EXPECT_EQ(a.FindSession("hash-2", 171).status().code(), StatusCode::kNotFound);
  // A token hash is never reused.
  EXPECT_EQ(a.CreateSession(*uid, 0, "hash-2", "c", 180, 300).status().code(), StatusCode::kConflict);
}

TEST_P(AuthContract, DisablingAUserEndsItsSessions) {
  auto& a = backend().auth();
  auto uid = a.CreateUser({0, "diem-danh", congress::Role::kCheckinOperator, "h", false, {}}, 1);
  ASSERT_TRUE(uid.ok());
  ASSERT_TRUE(a.CreateSession(*uid, 0, "h-k", "c", 100, 1000).ok());
  ASSERT_TRUE(a.SetDisabled("diem-danh", true, 110).ok());
  EXPECT_EQ(a.FindSession("h-k", 120).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(a.FindUser("diem-danh")->disabled);
  EXPECT_EQ(a.SetDisabled("khong-co", true, 120).code(), StatusCode::kNotFound);
  ASSERT_TRUE(a.SetDisabled("diem-danh", false, 130).ok());
  EXPECT_FALSE(a.FindUser("diem-danh")->disabled);
}

TEST_P(AuthContract, BadgeSessionEndsWhenTheBadgeIsReplaced) {
  auto& repo = backend().congresses();
  auto& a = backend().auth();
  congress::Congress c;
  c.slug = "dh";
  c.name = "Đại hội";
  auto cid = repo.CreateCongress(c);
  ASSERT_TRUE(cid.ok());
  congress::Delegate d;
  d.badge = "001";
  d.full_name = "Lâm Ngọc Ánh";
  ASSERT_TRUE(repo.UpsertDelegates(*cid, {}, {d}).ok());
  int64_t did = (*repo.ListDelegates(*cid))[0].id;
  ASSERT_TRUE(repo.ReplaceDelegateToken(did, "badge-1", 100).ok());
  ASSERT_TRUE(a.CreateSession(0, did, "phone-1", "c", 110, 10000).ok());
  ASSERT_TRUE(a.CreateSession(0, did, "phone-2", "c", 110, 10000).ok());
  auto p = a.FindSession("phone-1", 120);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->delegate_id, did);
  EXPECT_EQ(p->congress_id, *cid);
  EXPECT_EQ(p->name, "Lâm Ngọc Ánh");
  EXPECT_EQ(p->role, congress::Role::kDelegate);
  // Signing out everywhere ends phone-2 only after the call.
  ASSERT_TRUE(a.RevokeDelegateSessions(did, 125).ok());
  EXPECT_EQ(a.FindSession("phone-2", 126).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(a.CreateSession(0, did, "phone-3", "c", 130, 10000).ok());
  EXPECT_TRUE(a.FindSession("phone-3", 131).ok());
  // A lost badge is replaced: every session opened before ends.
  ASSERT_TRUE(repo.ReplaceDelegateToken(did, "badge-2", 140).ok());
  EXPECT_EQ(a.FindSession("phone-3", 141).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(repo.FindDelegateByToken("badge-1").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(repo.FindDelegateByToken("badge-2")->id, did);
}

INSTANTIATE_TEST_SUITE_P(Backends, SettingsContract, ::testing::Values("sqlite", "postgres"),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, AuditContract, ::testing::Values("sqlite", "postgres"),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, AuthContract, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace
}  // namespace phonghop::contract
