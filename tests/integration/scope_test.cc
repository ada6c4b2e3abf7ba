// Staff accounts scoped to congresses (decision 418), against the real
// binary: a secretariat given congress A is refused congress B's routes of
// every kind (403 congress_not_assigned, nothing changed) and works on A;
// admins work everywhere; the congress list is filtered; accounts made
// the old way (the CLI without --congress) stay global; the admin sets and
// clears an account's congresses. Also: each read of a kept face photo is
// an audit row.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http_client.h"
#include "server_fixture.h"
#include "test_files.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using Headers = std::map<std::string, std::string>;

const std::string kBoundary = "----phonghopScopeBoundary";
const std::string kA = "/api/v1/congresses/demo";
const std::string kB = "/api/v1/congresses/huyen-b";

std::string Multipart(const std::string& file_name, const std::string& content) {
  return MultipartBody(kBoundary, file_name, content);
}

std::string ErrorCode(const HttpResult& r) {
  auto j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error")) return "";
  return j["error"]["code"];
}

std::vector<std::string> Slugs(const HttpResult& r) {
  std::vector<std::string> out;
  const json j = json::parse(r.body);
  for (const auto& c : j["congresses"]) out.push_back(c["slug"]);
  std::sort(out.begin(), out.end());
  return out;
}

class ScopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = MakeTempDir();
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--demo", "--quiet"}, tmp_ + "/data");
    // Congress B, with a session, a delegate, a poll and a document, made
    // by the admin (global by design).
    ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses",
                   R"({"slug":"huyen-b","name":"Đại hội Đoàn huyện B","start_date":"2027-04-10"})").status, 201);
    auto sess = Http(port(), "POST", kB + "/sessions",
                     R"({"name":"Phiên chính thức","date":"2027-04-10","starts_at":"07:30","ends_at":"11:30"})");
    ASSERT_EQ(sess.status, 201) << sess.body;
    session_b_ = json::parse(sess.body)["id"];
    ASSERT_EQ(Http(port(), "POST", kB + "/delegates/import?create_delegations=1",
                   "Số thẻ,Họ và tên,Đoàn\n001,Lò Văn Bình,Đoàn xã B\n", {{"Content-Type", "text/csv"}}).status, 200);
    auto poll = Http(port(), "POST", kB + "/polls",
                     json({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua chương trình"},
                           {"session_id", session_b_}}).dump());
    ASSERT_EQ(poll.status, 201) << poll.body;
    poll_b_ = json::parse(poll.body)["id"];
    MakeTextPdf(tmp_ + "/b.pdf", {"Báo cáo của huyện B"}, "Báo cáo huyện B");
    pdf_ = ReadFile(tmp_ + "/b.pdf");
    auto doc = Upload(Headers(), kB + "/documents", "bao-cao-b.pdf");
    ASSERT_EQ(doc.status, 201) << doc.body;
    doc_b_ = json::parse(doc.body)["code"];
    // The secretariat of A: made by the admin through the API, given A.
    auto made = Http(port(), "POST", "/api/v1/users",
                     json({{"name", "thu-ky-a"}, {"role", "secretariat"}, {"congresses", json::array({"demo"})}}).dump());
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_FALSE(json::parse(made.body)["all_congresses"].get<bool>());
    sec_a_ = SignIn("thu-ky-a", json::parse(made.body)["password"]);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(tmp_);
  }
  uint16_t port() { return server_->port(); }

  Headers SignIn(const std::string& name, const std::string& pw) {
    auto r = HttpAnonymous(port(), "POST", "/api/v1/auth/login", json({{"name", name}, {"password", pw}}).dump());
    EXPECT_EQ(r.status, 200) << r.body;
    std::string cookie = r.Header("set-cookie");
    return {{"Cookie", cookie.substr(0, cookie.find(';'))}, {"X-CSRF-Token", json::parse(r.body).value("csrf", "")}};
  }
  // As `who` (the admin's session when empty).
  HttpResult As(const Headers& who, const std::string& method, const std::string& target,
                const std::string& body = "", Headers extra = {}) {
    if (who.empty()) return Http(port(), method, target, body, extra);
    extra.insert(who.begin(), who.end());
    return HttpAnonymous(port(), method, target, body, extra);
  }
  HttpResult Upload(const Headers& who, const std::string& target, const std::string& name) {
    return As(who, "POST", target, Multipart(name, pdf_),
              {{"Content-Type", "multipart/form-data; boundary=" + kBoundary}});
  }
  json Get(const std::string& target) { return json::parse(Http(port(), "GET", target).body); }

  std::string tmp_;
  std::unique_ptr<ServerProcess> server_;
  int64_t session_b_ = 0, poll_b_ = 0;
  std::string pdf_, doc_b_;
  Headers sec_a_;
};

TEST_F(ScopeTest, SecretariatOfOneCongressIsRefusedEveryKindOfRouteOfAnother) {
  const json b_before = Get(kB);
  const std::string poll = "/polls/" + std::to_string(poll_b_);
  struct Attempt {
    std::string what;
    HttpResult r;
  };
  std::vector<Attempt> tries = {
      {"congress edit", As(sec_a_, "PATCH", kB, R"({"venue":"Nơi khác"})")},
      {"document upload", Upload(sec_a_, kB + "/documents", "khac.pdf")},
      {"document edit", As(sec_a_, "PATCH", "/api/v1/documents/" + doc_b_, R"({"title":"Sửa trộm"})")},
      {"document new version", Upload(sec_a_, "/api/v1/documents/" + doc_b_ + "/versions", "v2.pdf")},
      {"delegate import", As(sec_a_, "POST", kB + "/delegates/import?create_delegations=1",
                             "Số thẻ,Họ và tên,Đoàn\n002,Người Lạ,Đoàn xã B\n", {{"Content-Type", "text/csv"}})},
      {"delegate list", As(sec_a_, "GET", kB + "/delegates")},
      {"poll create", As(sec_a_, "POST", kB + "/polls",
                         json({{"kind", "motion"}, {"mode", "secret"}, {"title", "x"}, {"session_id", session_b_}}).dump())},
      {"poll open", As(sec_a_, "POST", kB + poll + "/open", "{}")},
      {"check-in", As(sec_a_, "POST", kB + "/checkin/manual",
                      json({{"badge", "001"}, {"reason", "quên thẻ"}, {"session_id", session_b_}}).dump())},
      {"face enrol", As(sec_a_, "POST", kB + "/delegates/001/face?consent=1", "not a photo",
                        {{"Content-Type", "image/jpeg"}})},
      {"face refusal", As(sec_a_, "POST", kB + "/delegates/001/face/refusal", "{}")},
      {"announcement", As(sec_a_, "POST", kB + "/announcements", R"({"text":"Thông báo lạ"})")},
      {"draft comments", As(sec_a_, "GET", kB + "/comments")},
      {"hall screen", As(sec_a_, "POST", kB + "/screens", R"({"label":"Máy chiếu"})")},
  };
  for (const auto& t : tries) {
    EXPECT_EQ(t.r.status, 403) << t.what << ": " << t.r.body;
    EXPECT_EQ(ErrorCode(t.r), "congress_not_assigned") << t.what;
  }
  // Nothing of B changed.
  const json b_after = Get(kB);
  EXPECT_EQ(b_after["venue"], b_before["venue"]);
  EXPECT_EQ(b_after["delegates"]["total"], 1);
  EXPECT_EQ(Get("/api/v1/documents/" + doc_b_)["title"], "Báo cáo huyện B");
  EXPECT_EQ(Get(kB + "/announcements")["announcements"].size(), 0u);
  EXPECT_EQ(Get(kB + poll)["state"], "created");
  EXPECT_EQ(Get(kB + "/attendance?session=" + std::to_string(session_b_))["present"], 0);
  // An object of B named under A's address is not found there.
  EXPECT_EQ(As(sec_a_, "POST", kA + poll + "/open", "{}").status, 404);
  // A scoped account may not create congresses (the admin does, and
  // assigns them).
  auto create = As(sec_a_, "POST", "/api/v1/congresses", R"({"slug":"cua-toi","name":"Của tôi"})");
  EXPECT_EQ(create.status, 403);
  EXPECT_EQ(ErrorCode(create), "congress_not_assigned");
}

TEST_F(ScopeTest, SecretariatWorksOnItsOwnCongress) {
  EXPECT_EQ(As(sec_a_, "PATCH", kA, R"({"venue":"Hội trường A"})").status, 200);
  EXPECT_EQ(Get(kA)["venue"], "Hội trường A");
  auto up = Upload(sec_a_, kA + "/documents", "bao-cao-a.pdf");
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string code = json::parse(up.body)["code"];
  EXPECT_EQ(As(sec_a_, "PATCH", "/api/v1/documents/" + code, R"({"title":"Báo cáo A"})").status, 200);
  EXPECT_EQ(As(sec_a_, "GET", "/api/v1/documents/" + code).status, 200);
  EXPECT_EQ(As(sec_a_, "POST", kA + "/delegates/import", "Số thẻ,Họ và tên\n901,Nguyễn Văn Mới\n",
               {{"Content-Type", "text/csv"}}).status, 200);
  EXPECT_EQ(As(sec_a_, "GET", kA + "/delegates").status, 200);
  auto sessions = Get(kA)["sessions"];
  auto poll = As(sec_a_, "POST", kA + "/polls",
                 json({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua quy chế"},
                       {"session_id", sessions[0]["id"]}}).dump());
  ASSERT_EQ(poll.status, 201) << poll.body;
  // Opening reaches the voting rules (no quorum yet), past the scope.
  auto open = As(sec_a_, "POST", kA + "/polls/" + std::to_string(json::parse(poll.body)["id"].get<int64_t>()) + "/open", "{}");
  EXPECT_EQ(ErrorCode(open), "quorum_not_met") << open.body;
  auto checkin = As(sec_a_, "POST", kA + "/checkin/manual",
                    json({{"badge", "002"}, {"reason", "quên thẻ"}, {"session_id", sessions[0]["id"]}}).dump());
  EXPECT_EQ(checkin.status / 100, 2) << checkin.body;
  EXPECT_EQ(As(sec_a_, "POST", kA + "/delegates/003/face/refusal", "{}").status, 200);
  EXPECT_EQ(As(sec_a_, "POST", kA + "/announcements", R"({"text":"Mời đại biểu vào hội trường"})").status, 201);
  EXPECT_EQ(As(sec_a_, "POST", "/api/v1/auth/logout", "{}").status, 200);
}

TEST_F(ScopeTest, AdminWorksEverywhereAndTheCongressListIsFiltered) {
  EXPECT_EQ(Http(port(), "PATCH", kB, R"({"venue":"Hội trường B"})").status, 200);
  EXPECT_EQ(Http(port(), "POST", kB + "/announcements", R"({"text":"Thông báo B"})").status, 201);
  EXPECT_EQ(Http(port(), "PATCH", "/api/v1/documents/" + doc_b_, R"({"title":"Báo cáo B"})").status, 200);
  const std::vector<std::string> both = {"demo", "huyen-b"};
  EXPECT_EQ(Slugs(Http(port(), "GET", "/api/v1/congresses")), both);
  EXPECT_EQ(Slugs(HttpAnonymous(port(), "GET", "/api/v1/congresses")), both);
  auto mine = As(sec_a_, "GET", "/api/v1/congresses");
  EXPECT_EQ(Slugs(mine), std::vector<std::string>{"demo"});
  EXPECT_NE(mine.Header("cache-control").find("no-store"), std::string::npos);
  auto me = json::parse(As(sec_a_, "GET", "/api/v1/auth/me").body);
  EXPECT_FALSE(me["all_congresses"].get<bool>());
  EXPECT_EQ(me["congresses"], json::array({"demo"}));
  // B's public page reads as anyone's; its staff-only document does not.
  EXPECT_EQ(As(sec_a_, "GET", kB).status, 200);
  ASSERT_EQ(Http(port(), "PATCH", "/api/v1/documents/" + doc_b_, R"({"visibility":"roles","roles":["chair"]})").status,
            200);
  EXPECT_EQ(Http(port(), "GET", "/api/v1/documents/" + doc_b_).status, 200);
  // Answered as to an anonymous visitor: sign in to see it.
  EXPECT_EQ(As(sec_a_, "GET", "/api/v1/documents/" + doc_b_).status, 401);
  EXPECT_EQ(As(sec_a_, "GET", "/api/v1/documents/" + doc_b_ + "/file").status / 100, 4);
}

TEST_F(ScopeTest, AdminSetsAndClearsAnAccountsCongresses) {
  auto users = json::parse(Http(port(), "GET", "/api/v1/users").body)["users"];
  bool seen = false;
  for (const auto& u : users) {
    if (u["name"] == "thu-ky-a") {
      seen = true;
      EXPECT_FALSE(u["all_congresses"].get<bool>());
      EXPECT_EQ(u["congresses"], json::array({"demo"}));
    }
    if (u["name"] == kTestUser) {
      EXPECT_TRUE(u["all_congresses"].get<bool>());  // the admin
    }
  }
  EXPECT_TRUE(seen);
  const std::string scope = "/api/v1/users/thu-ky-a/congresses";
  // Given B as well: B's routes work at once (the same session).
  auto both = Http(port(), "PUT", scope, R"({"congresses":["demo","huyen-b"]})");
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(json::parse(both.body)["congresses"], json::array({"demo", "huyen-b"}));
  EXPECT_EQ(As(sec_a_, "PATCH", kB, R"({"venue":"Hội trường B"})").status, 200);
  EXPECT_EQ(Slugs(As(sec_a_, "GET", "/api/v1/congresses")).size(), 2u);
  // Cleared to none: A is refused too, the list is empty.
  ASSERT_EQ(Http(port(), "PUT", scope, R"({"congresses":[]})").status, 200);
  EXPECT_EQ(As(sec_a_, "PATCH", kA, R"({"venue":"x"})").status, 403);
  EXPECT_EQ(Slugs(As(sec_a_, "GET", "/api/v1/congresses")).size(), 0u);
  // Every congress.
  auto all = Http(port(), "PUT", scope, R"({"all_congresses":true})");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_TRUE(json::parse(all.body)["all_congresses"].get<bool>());
  EXPECT_EQ(As(sec_a_, "POST", kB + "/announcements", R"({"text":"Đã được giao"})").status, 201);
  // Bad requests change nothing.
  EXPECT_EQ(Http(port(), "PUT", scope, R"({"congresses":["khong-co"]})").status, 400);
  EXPECT_EQ(Http(port(), "PUT", scope, R"({"congresses":"demo"})").status, 400);
  EXPECT_EQ(Http(port(), "PUT", scope, R"({})").status, 400);
  EXPECT_EQ(Http(port(), "PUT", "/api/v1/users/khong-ai/congresses", R"({"congresses":[]})").status, 404);
  EXPECT_EQ(Http(port(), "PUT", std::string("/api/v1/users/") + kTestUser + "/congresses",
                 R"({"congresses":["demo"]})").status, 400);
  EXPECT_EQ(Slugs(As(sec_a_, "GET", "/api/v1/congresses")).size(), 2u);
  // Only admins set scopes.
  EXPECT_EQ(As(sec_a_, "PUT", scope, R"({"congresses":["demo"]})").status, 403);
}

TEST_F(ScopeTest, AccountsMadeTheOldWayStayGlobalAndNewApiAccountsStartWithNone) {
  // The CLI without --congress: every congress, as before decision 418
  // (and as every account made before it stays).
  ASSERT_EQ(RunCli({"user", "add", "--data", tmp_ + "/data", "--role", "chair", "--name", "chu-toa",
                    "--password-stdin"}, "mat-khau-chu-toa\n").exit_code, 0);
  auto chair = SignIn("chu-toa", "mat-khau-chu-toa");
  EXPECT_EQ(As(chair, "POST", kB + "/announcements", R"({"text":"Chủ tọa B"})").status, 201);
  EXPECT_EQ(As(chair, "POST", kA + "/announcements", R"({"text":"Chủ tọa A"})").status, 201);
  // The CLI with --congress: that congress only; `user scope` changes it.
  ASSERT_EQ(RunCli({"user", "add", "--data", tmp_ + "/data", "--role", "checkin", "--name", "cua-b",
                    "--congress", "huyen-b", "--password-stdin"}, "mat-khau-cua-b\n").exit_code, 0);
  auto door = SignIn("cua-b", "mat-khau-cua-b");
  const std::string at_b = json({{"badge", "001"}, {"reason", "quên thẻ"}, {"session_id", session_b_}}).dump();
  const std::string at_a =
      json({{"badge", "001"}, {"reason", "quên thẻ"}, {"session_id", Get(kA)["sessions"][0]["id"]}}).dump();
  EXPECT_EQ(As(door, "POST", kB + "/checkin/manual", at_b).status / 100, 2);
  EXPECT_EQ(As(door, "POST", kA + "/checkin/manual", at_a).status, 403);
  EXPECT_NE(RunCli({"user", "scope", "--data", tmp_ + "/data", "--name", "cua-b", "--congress", "khong-co"}).exit_code,
            0);
  ASSERT_EQ(RunCli({"user", "scope", "--data", tmp_ + "/data", "--name", "cua-b", "--all"}).exit_code, 0);
  EXPECT_EQ(As(door, "POST", kA + "/checkin/manual", at_a).status / 100, 2);
  EXPECT_NE(RunCli({"user", "add", "--data", tmp_ + "/data", "--role", "admin", "--name", "qt2", "--congress", "demo",
                    "--password-stdin"}, "mat-khau-quan-tri\n").exit_code, 0);
  // Through the API without a list: no congress until the admin gives one.
  auto made = Http(port(), "POST", "/api/v1/users", json({{"name", "moi"}, {"role", "secretariat"}}).dump());
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(json::parse(made.body)["congresses"], json::array());
  auto fresh = SignIn("moi", json::parse(made.body)["password"]);
  EXPECT_EQ(As(fresh, "GET", kA + "/delegates").status, 403);
  EXPECT_EQ(Slugs(As(fresh, "GET", "/api/v1/congresses")).size(), 0u);
  // An admin is global: a list is refused.
  EXPECT_EQ(Http(port(), "POST", "/api/v1/users",
                 json({{"name", "qt3"}, {"role", "admin"}, {"congresses", json::array({"demo"})}}).dump()).status, 400);
  EXPECT_EQ(Http(port(), "POST", "/api/v1/users",
                 json({{"name", "qt4"}, {"role", "chair"}, {"congresses", json::array({"khong-co"})}}).dump()).status, 400);
}

// Each read of a kept face photo by the door is one audit row naming who
// read whose photo (security.md, decision 418's companion item).
TEST(FacePhotoAuditTest, EveryReadOfAKeptPhotoIsAnAuditRow) {
  const std::string lfw = std::string(PHONGHOP_SHARED_DIR) + "/faces/lfw/images/Wen_Jiabao";
  if (!fs::exists(lfw) || !fs::exists(fs::path(PHONGHOP_SOURCE_DIR) / "models/face/fr_feature.onnx"))
    GTEST_SKIP() << "face photos or models missing";
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(lfw)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::string tmp = MakeTempDir();
  ASSERT_EQ(RunCli({"user", "add", "--data", tmp + "/data", "--role", "checkin", "--name", "cua",
                    "--password-stdin"}, "mat-khau-cua-vao\n").exit_code, 0);
  ServerProcess s({"--demo", "--quiet"}, tmp + "/data");
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/congresses/demo/delegates/004/face?consent=1&keep_photo=1",
                 ReadFile(files.at(0)), {{"Content-Type", "image/jpeg"}}).status, 201);
  auto login = HttpAnonymous(s.port(), "POST", "/api/v1/auth/login",
                             json({{"name", "cua"}, {"password", "mat-khau-cua-vao"}}).dump());
  ASSERT_EQ(login.status, 200);
  std::string cookie = login.Header("set-cookie");
  Headers door = {{"Cookie", cookie.substr(0, cookie.find(';'))}};
  auto reads = [&] {
    int n = 0;
    const json log = json::parse(Http(s.port(), "GET", "/api/v1/audit?limit=500").body);
    for (const auto& e : log["entries"])
      if (e["action"].get<std::string>().rfind("read face photo demo 004 ", 0) == 0) {
        EXPECT_EQ(e["actor"], "cua (checkin)");
        EXPECT_EQ(e["outcome"], "shown");
        ++n;
      }
    return n;
  };
  EXPECT_EQ(reads(), 0);
  for (int i = 0; i < 2; ++i) {
    auto pic = HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/delegates/004/face/photo", "", door);
    EXPECT_EQ(pic.status, 200);
    EXPECT_EQ(pic.Header("content-type"), "image/jpeg");
  }
  EXPECT_EQ(reads(), 2);
  // No photo kept: nothing shown, nothing recorded.
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/delegates/005/face/photo", "", door).status, 404);
  EXPECT_EQ(reads(), 2);
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace phonghop::testing
