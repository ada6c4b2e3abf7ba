// Who may do what: each role is refused what it may not do, with nothing
// changed; sign-in throttling, sign-out, CSRF, document visibility, badges.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>

#include "http_client.h"
#include "server_fixture.h"
#include "test_store.h"
#include "test_files.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;

std::map<std::string, std::string> SignIn(uint16_t port, const std::string& name, const std::string& pw) {
  auto r = HttpAnonymous(port, "POST", "/api/v1/auth/login",
                         json({{"name", name}, {"password", pw}}).dump());
  EXPECT_EQ(r.status, 200) << r.body;
  std::string cookie = r.Header("set-cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  return {{"Cookie", cookie.substr(0, cookie.find(';'))},
          {"X-CSRF-Token", json::parse(r.body).value("csrf", "")}};
}

size_t CongressCount(uint16_t port) {
  return json::parse(HttpAnonymous(port, "GET", "/api/v1/congresses").body)["congresses"].size();
}

TEST(AccessTest, AnonymousAndWrongRolesAreRefusedAndNothingChanges) {
  std::string tmp = MakeTempDir();
  ASSERT_EQ(RunCli({"user", "add", "--data", tmp + "/data", "--role", "chair", "--name", "chu-toa",
                    "--password-stdin"}, "mat-khau-chu-toa\n").exit_code, 0);
  ServerProcess s({"--demo", "--quiet"}, tmp + "/data");
  size_t before = CongressCount(s.port());
  const std::string body = R"({"slug":"khong-duoc","name":"Không được tạo"})";
  auto anon = HttpAnonymous(s.port(), "POST", "/api/v1/congresses", body);
  EXPECT_EQ(anon.status, 401);
  EXPECT_EQ(json::parse(anon.body)["error"]["code"], "unauthenticated");
  // Personal data is not public.
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/delegates").status, 401);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/delegates/export").status, 401);
  // The chair may not run the secretariat's work.
  auto chair = SignIn(s.port(), "chu-toa", "mat-khau-chu-toa");
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses", body, chair).status, 403);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/qr-sheet?kind=badges", "", chair).status, 403);
  // Staff without the CSRF token: refused (what a forged cross-site form sends).
  auto admin = s.auth();
  auto no_csrf = admin;
  no_csrf.erase("X-CSRF-Token");
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses", body, no_csrf).status, 403);
  EXPECT_EQ(CongressCount(s.port()), before);
  // With both: allowed.
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses", body, admin).status, 201);
  std::filesystem::remove_all(tmp);
}

TEST(AccessTest, WrongPasswordsLockTheAccountForAWhile) {
  ServerProcess s({"--quiet"});
  for (int i = 0; i < 5; ++i) {
    auto r = HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", json({{"name", kTestUser}, {"password", "sai"}}).dump());
    EXPECT_EQ(r.status, 401) << i;
  }
  auto locked = HttpAnonymous(s.port(), "POST", "/api/v1/auth/login",
                              json({{"name", kTestUser}, {"password", kTestPassword}}).dump());
  EXPECT_EQ(locked.status, 429);
  EXPECT_NE(locked.body.find("thử lại sau"), std::string::npos) << locked.body;
}

TEST(AccessTest, SignOutEndsTheSession) {
  ServerProcess s({"--quiet"});
  auto a = s.auth();
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/auth/me", "", a).status, 200);
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/auth/logout-all", "", a).status, 200);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/auth/me", "", a).status, 401);
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses", R"({"slug":"x-y","name":"X"})", a).status, 401);
}

TEST(AccessTest, DelegatesOnlyDocumentsNeedTheBadge) {
  std::string tmp = MakeTempDir();
  ServerProcess s({"--demo", "--quiet"}, tmp + "/data");
  // Make the political report delegates-only.
  auto docs = json::parse(Http(s.port(), "GET", "/api/v1/congresses/demo/documents").body)["documents"];
  std::string code;
  for (const auto& d : docs)
    if (d["title"].get<std::string>().rfind("Báo cáo chính trị", 0) == 0) code = d["code"];
  ASSERT_FALSE(code.empty());
  ASSERT_EQ(Http(s.port(), "PATCH", "/api/v1/documents/" + code, R"({"visibility":"delegates"})").status, 200);
  for (const char* part : {"", "/file", "/pages", "/html", "/pages/1/thumb"})
    EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/documents/" + code + part).status, 401) << part;
  auto anon_list = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/documents").body)["documents"];
  for (const auto& d : anon_list) EXPECT_NE(d["code"], code);
  auto anon_search = HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/search?q=bao%20cao%20chinh%20tri");
  EXPECT_EQ(anon_search.body.find(code), std::string::npos) << "a snippet of a closed document leaked";

  // A delegate signs in with the QR on the badge and may read it.
  auto prepared = Http(s.port(), "POST", "/api/v1/congresses/demo/badges", "{}");
  ASSERT_EQ(prepared.status, 201) << prepared.body;
  auto pdf = Http(s.port(), "GET", json::parse(prepared.body)["url"].get<std::string>());
  ASSERT_EQ(pdf.status, 200);
  WriteFile(tmp + "/badges.pdf", pdf.body);
  ASSERT_EQ(std::system(("pdftoppm -r 120 -png -f 1 -l 1 " + tmp + "/badges.pdf " + tmp + "/b").c_str()), 0);
  FILE* p = popen(("zbarimg -q --raw " + tmp + "/b-001.png 2>/dev/null || zbarimg -q --raw " + tmp + "/b-1.png").c_str(), "r");
  char buf[512] = {0};
  size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  std::string url(buf, n);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(url, m, std::regex("/t/([0-9A-Za-z]+)"))) << url;
  auto badge = HttpAnonymous(s.port(), "POST", "/api/v1/auth/badge", json({{"token", m[1].str()}}).dump());
  ASSERT_EQ(badge.status, 200) << badge.body;
  EXPECT_EQ(json::parse(badge.body)["role"], "delegate");
  std::map<std::string, std::string> delegate = {
      {"Cookie", badge.Header("set-cookie").substr(0, badge.Header("set-cookie").find(';'))}};
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/documents/" + code + "/file", "", delegate).status, 200);
  auto dsearch = HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/search?q=bao%20cao%20chinh%20tri", "", delegate);
  EXPECT_NE(dsearch.body.find(code), std::string::npos);
  // A delegate is not staff.
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/delegates", "", delegate).status, 403);
  // "Sign out everywhere" on one phone ends the delegate's other phones too.
  auto badge_b = HttpAnonymous(s.port(), "POST", "/api/v1/auth/badge", json({{"token", m[1].str()}}).dump());
  ASSERT_EQ(badge_b.status, 200);
  std::map<std::string, std::string> phone_b = {
      {"Cookie", badge_b.Header("set-cookie").substr(0, badge_b.Header("set-cookie").find(';'))}};
  auto signed_out = HttpAnonymous(s.port(), "POST", "/api/v1/auth/logout-all", "",
                                  {{"Cookie", delegate["Cookie"]},
                                   {"X-CSRF-Token", json::parse(badge.body)["csrf"].get<std::string>()}});
  EXPECT_EQ(signed_out.status, 200) << signed_out.body;
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/auth/me", "", phone_b).status, 401);
  auto badge_c = HttpAnonymous(s.port(), "POST", "/api/v1/auth/badge", json({{"token", m[1].str()}}).dump());
  ASSERT_EQ(badge_c.status, 200);
  std::map<std::string, std::string> phone_c = {
      {"Cookie", badge_c.Header("set-cookie").substr(0, badge_c.Header("set-cookie").find(';'))}};
  // Printing the set again keeps the badges handed out working (and their
  // sessions); only an explicit revocation stops them — and the sessions
  // opened with them (a lost badge does not stay signed in for a week).
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/congresses/demo/badges", "{}").status, 201);
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/auth/badge", json({{"token", m[1].str()}}).dump()).status, 200);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/auth/me", "", phone_c).status, 200);
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/congresses/demo/badges", R"({"revoke":true})").status, 201);
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/auth/badge", json({{"token", m[1].str()}}).dump()).status, 401);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/auth/me", "", phone_c).status, 401);
  std::filesystem::remove_all(tmp);
}

TEST(AccessTest, EveryChangeIsInTheAppendOnlyAuditLog) {
  std::string tmp = MakeTempDir();
  ServerProcess s({"--demo", "--quiet"}, tmp + "/data");
  ASSERT_EQ(Http(s.port(), "PATCH", "/api/v1/congresses/demo", R"({"venue":"Hội trường B"})").status, 200);
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses", R"({"slug":"ab","name":"x"})").status, 401);
  auto log = Http(s.port(), "GET", "/api/v1/audit?limit=10");
  ASSERT_EQ(log.status, 200) << log.body;
  auto entries = json::parse(log.body)["entries"];
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0]["action"], "PATCH /api/v1/congresses/demo");
  EXPECT_EQ(entries[0]["actor"], std::string(kTestUser) + " (admin)");
  EXPECT_EQ(entries[0]["address"], "127.0.0.1");
  for (const auto& e : entries) EXPECT_NE(e["outcome"], "401");  // refused requests changed nothing
  auto csv = Http(s.port(), "GET", "/api/v1/audit?format=csv");
  EXPECT_NE(csv.body.find("PATCH /api/v1/congresses/demo"), std::string::npos);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/audit").status, 401);
  // The store refuses to rewrite history, on either back-end.
  TestStore store(s);
  EXPECT_TRUE(store.Refuses("DELETE FROM audit_log"));
  EXPECT_TRUE(store.Refuses("UPDATE audit_log SET actor = 'x'"));
  std::filesystem::remove_all(tmp);
}

TEST(AccessTest, AdminsManageAccountsAndLockedAccountsLoseTheirSessions) {
  std::string tmp = MakeTempDir();
  ASSERT_EQ(RunCli({"user", "add", "--data", tmp + "/data", "--role", "secretariat", "--name", "thu-ky",
                    "--password-stdin"}, "mat-khau-thu-ky\n").exit_code, 0);
  ServerProcess s({"--demo", "--quiet"}, tmp + "/data");
  // The secretariat may not manage accounts.
  auto sec = SignIn(s.port(), "thu-ky", "mat-khau-thu-ky");
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/users", "", sec).status, 403);
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/users", json({{"name", "x-y-z"}, {"role", "admin"}}).dump(), sec).status, 403);
  // The admin creates a check-in operator; the password is shown once.
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/users", json({{"name", "cua-b"}, {"role", "delegate"}}).dump()).status, 400);
  auto made = Http(s.port(), "POST", "/api/v1/users", json({{"name", "cua-b"}, {"role", "checkin"}}).dump());
  ASSERT_EQ(made.status, 201) << made.body;
  std::string pw = json::parse(made.body)["password"];
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/users", json({{"name", "cua-b"}, {"role", "checkin"}}).dump()).status, 409);
  auto op = SignIn(s.port(), "cua-b", pw);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/auth/me", "", op).status, 200);
  // Locking the account ends its sessions and its sign-in.
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/users/cua-b/disable", "{}").status, 200);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/auth/me", "", op).status, 401);
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", json({{"name", "cua-b"}, {"password", pw}}).dump()).status, 401);
  auto users = json::parse(Http(s.port(), "GET", "/api/v1/users").body)["users"];
  bool found = false;
  for (const auto& u : users) if (u["name"] == "cua-b") { found = true; EXPECT_TRUE(u["disabled"].get<bool>()); }
  EXPECT_TRUE(found);
  EXPECT_EQ(users.dump().find("password"), std::string::npos) << "no hashes in the list";
  // An admin cannot lock themself out.
  EXPECT_EQ(Http(s.port(), "POST", std::string("/api/v1/users/") + kTestUser + "/disable", "{}").status, 400);
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/users/cua-b/enable", "{}").status, 200);
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", json({{"name", "cua-b"}, {"password", pw}}).dump()).status, 200);
  std::filesystem::remove_all(tmp);
}

}  // namespace
}  // namespace phonghop::testing
