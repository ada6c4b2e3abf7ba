// The congress-scope half of the one authorizer (decision 418), with a
// fake sign-in store: which congress a route names (slug, document code,
// none), refusal codes, the anonymous read of an open route, deny by
// default without a lookup, a store away as 503.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>

#include "auth/auth.h"
#include "common/clock.h"
#include "common/random.h"
#include "http/authorizer.h"
#include "http/router.h"

namespace phonghop::http {
namespace {

using congress::Role;

// Answers every session with one principal of `role` and `scope`.
class FakeAuthRepository final : public auth::AuthRepository {
 public:
  Role role = Role::kSecretariat;
  auth::CongressScope scope;
  Result<int64_t> CreateUser(const auth::User&, int64_t) override { return Status::Internal("unused"); }
  Result<auth::User> FindUser(const std::string&) override { return Status::Internal("unused"); }
  Result<int64_t> CreateSession(int64_t, int64_t, const std::string&, const std::string&, int64_t,
                                int64_t) override {
    return Status::Internal("unused");
  }
  Result<auth::Principal> FindSession(const std::string&, int64_t) override {
    auth::Principal p;
    p.user_id = 7;
    p.name = "thu-ky";
    p.role = role;
    p.csrf = "csrf-token";
    p.session_id = 1;
    return p;
  }
  Status RevokeSession(int64_t, int64_t) override { return Status::Ok(); }
  Status RevokeAllSessions(int64_t, int64_t) override { return Status::Ok(); }
  Status RevokeDelegateSessions(int64_t, int64_t) override { return Status::Ok(); }
  Result<std::vector<auth::User>> ListUsers() override { return std::vector<auth::User>{}; }
  Status SetDisabled(const std::string&, bool, int64_t) override { return Status::Ok(); }
  Result<auth::CongressScope> GetScope(int64_t) override { return scope; }
  Status SetScope(const std::string&, const auth::CongressScope&) override { return Status::Ok(); }
  Result<int64_t> CreateScreen(const auth::ScreenToken&, const std::string&) override {
    return Status::Internal("unused");
  }
  Result<auth::ScreenToken> FindScreen(const std::string&, int64_t) override { return Status::NotFound(""); }
  Result<std::vector<auth::ScreenToken>> ListScreens(int64_t) override {
    return std::vector<auth::ScreenToken>{};
  }
  Result<auth::ScreenToken> RevokeScreen(int64_t, int64_t, int64_t) override { return Status::NotFound(""); }
};

class ScopeAuthorizerTest : public ::testing::Test {
 protected:
  ScopeAuthorizerTest() : clock_(1000), auth_(repo_, clock_, ids_) {
    // Congress "a" is 1, "b" is 2; document "DA" is in a, "DB" in b.
    locate_.by_slug = [](std::string_view slug) -> Result<int64_t> {
      if (slug == "a") return int64_t{1};
      if (slug == "b") return int64_t{2};
      if (slug == "down") return Status::Unavailable("cơ sở dữ liệu đang chuyển máy");
      return Status::NotFound("không có đại hội");
    };
    locate_.by_document = [](std::string_view code) -> Result<int64_t> {
      if (code == "DA") return int64_t{1};
      if (code == "DB") return int64_t{2};
      return Status::NotFound("không có tài liệu");
    };
    auto record = [this](Request& r) {
      signed_in_ = r.principal.has_value();
      return Response{};
    };
    router_.Add(Verb::patch, "/api/v1/congresses/{slug}", Access::Staff(), record);
    router_.Add(Verb::get, "/api/v1/congresses/{slug}/programme", Access::Public(), record);
    router_.Add(Verb::patch, "/api/v1/documents/{code}", Access::Staff(), record);
    router_.Add(Verb::get, "/api/v1/documents/{code}/file", Access::Public(), record);
    router_.Add(Verb::post, "/api/v1/congresses", Access::Staff(), record);
    router_.Add(Verb::post, "/api/v1/markdown-preview", Access::Staff().NoCongress(), record);
    router_.Add(Verb::get, "/api/v1/search", Access::Public(), record);
  }

  // Sends `method path` with a session (and its CSRF token).
  Response Send(Verb method, const std::string& path) {
    raw_ = BeastRequest{};
    raw_.set(boost::beast::http::field::cookie, std::string(kSessionCookie) + "=" + std::string(40, 'x'));
    raw_.set("X-CSRF-Token", "csrf-token");
    Request req;
    req.raw = &raw_;
    req.method = method;
    req.path = path;
    signed_in_ = false;
    return router_.Dispatch(req);
  }
  static std::string Code(const Response& r) {
    auto at = r.body.find("\"code\":\"");
    return at == std::string::npos ? "" : r.body.substr(at + 8, r.body.find('"', at + 8) - at - 8);
  }

  FakeAuthRepository repo_;
  FixedClock clock_;
  SecureIdGenerator ids_;
  auth::AuthService auth_;
  CongressLocator locate_;
  Router router_;
  BeastRequest raw_;
  bool signed_in_ = false;
};

TEST_F(ScopeAuthorizerTest, AScopedAccountWorksOnItsCongressOnlyByThePathsSlugOrDocument) {
  repo_.scope = auth::CongressScope::Only({1});
  router_.SetAuthorizer(MakeAuthorizer(auth_, locate_));
  EXPECT_EQ(Send(Verb::patch, "/api/v1/congresses/a").status, 200u);
  auto refused = Send(Verb::patch, "/api/v1/congresses/b");
  EXPECT_EQ(refused.status, 403u);
  EXPECT_EQ(Code(refused), "congress_not_assigned");
  EXPECT_EQ(Send(Verb::patch, "/api/v1/documents/DA").status, 200u);
  auto doc = Send(Verb::patch, "/api/v1/documents/DB");
  EXPECT_EQ(doc.status, 403u);
  EXPECT_EQ(Code(doc), "congress_not_assigned");
  // Nothing by that name: the handler answers (404), as to anyone.
  EXPECT_EQ(Send(Verb::patch, "/api/v1/congresses/khong-co").status, 200u);
  // The store away while finding the congress: 503, not a refusal.
  EXPECT_EQ(Send(Verb::patch, "/api/v1/congresses/down").status, 503u);
}

TEST_F(ScopeAuthorizerTest, RoutesNamingNoCongressAreClosedToScopedAccountsUnlessDeclared) {
  repo_.scope = auth::CongressScope::Only({1});
  router_.SetAuthorizer(MakeAuthorizer(auth_, locate_));
  auto create = Send(Verb::post, "/api/v1/congresses");
  EXPECT_EQ(create.status, 403u);
  EXPECT_EQ(Code(create), "congress_not_assigned");
  EXPECT_EQ(Send(Verb::post, "/api/v1/markdown-preview").status, 200u);
  EXPECT_EQ(Send(Verb::get, "/api/v1/search").status, 200u);
  EXPECT_TRUE(signed_in_);  // an open route naming no congress keeps the principal
}

TEST_F(ScopeAuthorizerTest, OpenRoutesOfAnotherCongressAreReadAsByAnyone) {
  repo_.scope = auth::CongressScope::Only({1});
  router_.SetAuthorizer(MakeAuthorizer(auth_, locate_));
  EXPECT_EQ(Send(Verb::get, "/api/v1/congresses/a/programme").status, 200u);
  EXPECT_TRUE(signed_in_);
  EXPECT_EQ(Send(Verb::get, "/api/v1/congresses/b/programme").status, 200u);
  EXPECT_FALSE(signed_in_);
  EXPECT_EQ(Send(Verb::get, "/api/v1/documents/DB/file").status, 200u);
  EXPECT_FALSE(signed_in_);
}

TEST_F(ScopeAuthorizerTest, GlobalAccountsAndAdminsAreNotLimited) {
  router_.SetAuthorizer(MakeAuthorizer(auth_, locate_));
  repo_.scope = auth::CongressScope::All();
  EXPECT_EQ(Send(Verb::patch, "/api/v1/congresses/b").status, 200u);
  EXPECT_EQ(Send(Verb::post, "/api/v1/congresses").status, 200u);
  // An admin's scope is never read, whatever the store holds.
  repo_.role = Role::kAdmin;
  repo_.scope = auth::CongressScope::Only({});
  EXPECT_EQ(Send(Verb::patch, "/api/v1/congresses/b").status, 200u);
  EXPECT_EQ(Send(Verb::patch, "/api/v1/documents/DB").status, 200u);
}

TEST_F(ScopeAuthorizerTest, WithoutALookupAScopedAccountIsRefused) {
  repo_.scope = auth::CongressScope::Only({1});
  router_.SetAuthorizer(MakeAuthorizer(auth_));
  EXPECT_EQ(Send(Verb::patch, "/api/v1/congresses/a").status, 403u);
  EXPECT_EQ(Send(Verb::patch, "/api/v1/documents/DA").status, 403u);
}

}  // namespace
}  // namespace phonghop::http
