// The congress scope of staff accounts (decision 418) through the sign-in
// port, on every back-end: accounts are global unless limited; a limited
// one lists exactly its congresses (possibly none); replacing a scope is
// whole; an unknown account or congress changes nothing.
#include <gtest/gtest.h>

#include "backend.h"

namespace phonghop::contract {
namespace {

class ScopeContract : public RepositoryContract {
 protected:
  int64_t MakeCongress(const std::string& slug) {
    congress::Congress c;
    c.slug = slug;
    c.name = "Đại hội " + slug;
    auto id = backend().congresses().CreateCongress(c);
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }
};

auth::User Account(const std::string& name, congress::Role role, auth::CongressScope scope) {
  auth::User u;
  u.name = name;
  u.role = role;
  u.password_hash = "h";
  u.scope = std::move(scope);
  return u;
}

TEST_P(ScopeContract, AccountsAreGlobalUnlessLimitedAndListTheirCongresses) {
  auto& a = backend().auth();
  const int64_t c1 = MakeCongress("a"), c2 = MakeCongress("b");
  auto old = a.CreateUser(Account("cu", congress::Role::kChair, {}), 1);
  auto one = a.CreateUser(Account("mot", congress::Role::kSecretariat, auth::CongressScope::Only({c2, c1, c2})), 2);
  auto none = a.CreateUser(Account("chua", congress::Role::kCheckinOperator, auth::CongressScope::Only({})), 3);
  ASSERT_TRUE(old.ok() && one.ok() && none.ok());
  auto s_old = a.GetScope(*old);
  ASSERT_TRUE(s_old.ok());
  EXPECT_TRUE(s_old->all);
  auto s_one = a.GetScope(*one);
  ASSERT_TRUE(s_one.ok());
  EXPECT_FALSE(s_one->all);
  EXPECT_EQ(s_one->congress_ids, (std::vector<int64_t>{std::min(c1, c2), std::max(c1, c2)}));
  EXPECT_TRUE(s_one->Allows(c1));
  auto s_none = a.GetScope(*none);
  ASSERT_TRUE(s_none.ok());
  EXPECT_FALSE(s_none->all);
  EXPECT_TRUE(s_none->congress_ids.empty());
  EXPECT_FALSE(s_none->Allows(c1));
  EXPECT_EQ(a.GetScope(999999).status().code(), StatusCode::kNotFound);
  auto users = a.ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 3u);  // chua, cu, mot
  EXPECT_FALSE((*users)[0].scope.all);
  EXPECT_TRUE((*users)[0].scope.congress_ids.empty());
  EXPECT_TRUE((*users)[1].scope.all);
  EXPECT_EQ((*users)[2].scope.congress_ids.size(), 2u);
}

TEST_P(ScopeContract, SettingAScopeReplacesItWhole) {
  auto& a = backend().auth();
  const int64_t c1 = MakeCongress("a"), c2 = MakeCongress("b");
  auto id = a.CreateUser(Account("thu-ky", congress::Role::kSecretariat, auth::CongressScope::Only({c1})), 1);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(a.SetScope("thu-ky", auth::CongressScope::Only({c2})).ok());
  EXPECT_EQ(a.GetScope(*id)->congress_ids, std::vector<int64_t>{c2});
  ASSERT_TRUE(a.SetScope("thu-ky", auth::CongressScope::All()).ok());
  EXPECT_TRUE(a.GetScope(*id)->all);
  ASSERT_TRUE(a.SetScope("thu-ky", auth::CongressScope::Only({})).ok());
  EXPECT_FALSE(a.GetScope(*id)->all);
  EXPECT_TRUE(a.GetScope(*id)->congress_ids.empty());
  EXPECT_EQ(a.SetScope("khong-co", auth::CongressScope::Only({c1})).code(), StatusCode::kNotFound);
  // A congress that does not exist: refused, the scope unchanged.
  ASSERT_TRUE(a.SetScope("thu-ky", auth::CongressScope::Only({c1})).ok());
  EXPECT_FALSE(a.SetScope("thu-ky", auth::CongressScope::Only({c1, 987654})).ok());
  EXPECT_EQ(a.GetScope(*id)->congress_ids, std::vector<int64_t>{c1});
}

INSTANTIATE_TEST_SUITE_P(Backends, ScopeContract, ::testing::Values("sqlite", "postgres"), BackendName);

}  // namespace
}  // namespace phonghop::contract
