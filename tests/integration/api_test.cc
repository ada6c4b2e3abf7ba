// The HTTP API as a secretariat's browser uses it, against the real binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "http_client.h"
#include "io/xlsx.h"
#include "server_fixture.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--demo", "--quiet"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static uint16_t port() { return server_->port(); }
  static json Get(const std::string& target) {
    auto r = Http(port(), "GET", target);
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    return json::parse(r.body);
  }
  static ServerProcess* server_;
};
ServerProcess* ApiTest::server_ = nullptr;

TEST_F(ApiTest, HealthzAnswersJson) {
  auto r = Http(port(), "GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["status"], "ok");
  EXPECT_NE(r.Header("content-type").find("application/json"), std::string::npos);
}

TEST_F(ApiTest, DemoCongressIsListedWithProgrammeAndDelegations) {
  json list = Get("/api/v1/congresses");
  ASSERT_FALSE(list["congresses"].empty());
  EXPECT_EQ(list["congresses"][0]["slug"], "demo");
  json demo = Get("/api/v1/congresses/demo");
  EXPECT_EQ(demo["organization"], "Tỉnh đoàn Yên Bái");
  EXPECT_EQ(demo["sessions"].size(), 3u);
  EXPECT_GE(demo["sessions"][1]["agenda"].size(), 5u);
  EXPECT_EQ(demo["delegations"].size(), 11u);
  EXPECT_GE(demo["delegates"]["total"].get<int>(), 140);
}

TEST_F(ApiTest, SecretariatCreatesCongressAndImportsDelegates) {
  auto created = Http(port(), "POST", "/api/v1/congresses",
                      R"({"slug":"yen-binh-2027","name":"Đại hội Đoàn huyện Yên Bình","term":"2027 - 2032","start_date":"2027-04-10"})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Header("location"), "/api/v1/congresses/yen-binh-2027");
  auto sess = Http(port(), "POST", "/api/v1/congresses/yen-binh-2027/sessions",
                   R"({"name":"Phiên chính thức","date":"2027-04-10","starts_at":"07:30","ends_at":"11:30"})");
  ASSERT_EQ(sess.status, 201) << sess.body;
  int64_t sid = json::parse(sess.body)["id"];
  auto item = Http(port(), "POST", "/api/v1/congresses/yen-binh-2027/agenda-items",
                   json({{"session_id", sid}, {"starts_at", "08:00"}, {"title", "Khai mạc"}}).dump());
  ASSERT_EQ(item.status, 201) << item.body;

  std::string csv =
      "\xEF\xBB\xBFSố thẻ,Họ và tên,Đoàn,Giới tính,Năm sinh\r\n"
      "001,Lâm Ngọc Ánh,Đoàn xã Phúc An,Nữ,1996\r\n"
      "002,Hoàng Văn Tiến,Đoàn xã Cảm Nhân,Nam,1993\r\n";
  // Unknown delegations are refused unless the secretariat asks to create them.
  auto refused = Http(port(), "POST", "/api/v1/congresses/yen-binh-2027/delegates/import", csv,
                      {{"Content-Type", "text/csv"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("dòng 2"), std::string::npos) << refused.body;
  auto imported = Http(port(), "POST",
                       "/api/v1/congresses/yen-binh-2027/delegates/import?create_delegations=1",
                       csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(json::parse(imported.body)["inserted"], 2);

  json overview = Get("/api/v1/congresses/yen-binh-2027");
  EXPECT_EQ(overview["delegates"]["total"], 2);
  EXPECT_EQ(overview["delegations"].size(), 2u);
  EXPECT_EQ(overview["sessions"][0]["agenda"][0]["title"], "Khai mạc");
  json delegates = Get("/api/v1/congresses/yen-binh-2027/delegates");
  EXPECT_EQ(delegates["delegates"][0]["full_name"], "Lâm Ngọc Ánh");
  EXPECT_EQ(delegates["delegates"][0]["delegation"], "Đoàn xã Phúc An");
}

TEST_F(ApiTest, ImportWithOneBadRowChangesNothingAndNamesTheRow) {
  json before = Get("/api/v1/congresses/demo/delegates");
  std::string csv = "Số thẻ,Họ và tên\n001,Tên mới\n900,\n";
  auto r = Http(port(), "POST", "/api/v1/congresses/demo/delegates/import", csv);
  ASSERT_EQ(r.status, 400);
  json err = json::parse(r.body);
  EXPECT_EQ(err["error"]["code"], "invalid_argument");
  EXPECT_NE(err["error"]["message"].get<std::string>().find("dòng 3: thiếu họ tên"), std::string::npos);
  EXPECT_EQ(Get("/api/v1/congresses/demo/delegates"), before);
}

TEST_F(ApiTest, XlsxExportImportsBackUnchanged) {
  auto x = Http(port(), "GET", "/api/v1/congresses/demo/delegates/export?format=xlsx");
  ASSERT_EQ(x.status, 200);
  EXPECT_NE(x.Header("content-disposition").find("dai-bieu-demo.xlsx"), std::string::npos);
  auto table = io::ParseXlsx(x.body);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  json before = Get("/api/v1/congresses/demo/delegates");
  EXPECT_EQ(table->rows.size(), before["delegates"].size() + 1);
  auto again = Http(port(), "POST", "/api/v1/congresses/demo/delegates/import", x.body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(json::parse(again.body)["inserted"], 0);
  EXPECT_EQ(Get("/api/v1/congresses/demo/delegates"), before);
  auto csv = Http(port(), "GET", "/api/v1/congresses/demo/delegates/export?format=csv");
  EXPECT_EQ(csv.body.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(Http(port(), "GET", "/api/v1/congresses/demo/delegates/export?format=pdf").status, 400);
}

TEST_F(ApiTest, BadJsonIsRefusedAndWritesNothing) {
  struct Case { std::string body; std::string expect; };
  std::vector<Case> cases = {
      {"{\"slug\":\"bad-1\",\"name\":\"A\"", "JSON"},                        // truncated
      {"{\"slug\":\"bad-2\",\"name\":\"A\",\"name\":\"B\"}", "hai lần"},    // duplicate key
      {"{\"slug\":\"bad-3\",\"name\":\"A\",\"colour\":\"red\"}", "colour"}, // unknown field
      {"{\"slug\":\"bad-4\",\"name\":\"\xff\xfe\"}", "UTF-8"},              // invalid UTF-8
      {"{\"slug\":\"bad-5\",\"name\":5}", "chuỗi"},                         // wrong type
      {"[]", "đối tượng"},
      {"", "thiếu"},
  };
  for (const auto& c : cases) {
    auto r = Http(port(), "POST", "/api/v1/congresses", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_NE(r.body.find(c.expect), std::string::npos) << r.body;
  }
  json list = Get("/api/v1/congresses");
  for (const auto& c : list["congresses"])
    EXPECT_EQ(c["slug"].get<std::string>().rfind("bad-", 0), std::string::npos);
}

TEST_F(ApiTest, ErrorsHaveTheRightStatusAndShape) {
  auto nf = Http(port(), "GET", "/api/v1/congresses/khong-co");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(json::parse(nf.body)["error"]["code"], "not_found");
  EXPECT_EQ(Http(port(), "DELETE", "/api/v1/congresses").status, 405);
  EXPECT_EQ(Http(port(), "POST", "/api/v1/congresses", R"({"slug":"demo","name":"x"})").status, 409);
  EXPECT_EQ(Http(port(), "PATCH", "/api/v1/congresses/demo", R"({"slug":"other"})").status, 400);
}

TEST_F(ApiTest, PatchUpdatesCongress) {
  auto r = Http(port(), "PATCH", "/api/v1/congresses/demo", R"({"venue":"Nhà văn hóa tỉnh"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Get("/api/v1/congresses/demo")["venue"], "Nhà văn hóa tỉnh");
}

TEST_F(ApiTest, JsonIsGzippedWhenAsked) {
  auto r = Http(port(), "GET", "/api/v1/congresses/demo/delegates", "",
                {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-encoding"), "gzip");
  EXPECT_EQ(r.body.substr(0, 2), "\x1f\x8b");
}

TEST_F(ApiTest, ProgrammeRevalidatesWithEtagAndChangesShowAtOnce) {
  auto first = Http(port(), "GET", "/api/v1/congresses/demo");
  std::string etag = first.Header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(Http(port(), "GET", "/api/v1/congresses/demo", "", {{"If-None-Match", etag}}).status, 304);
  ASSERT_EQ(Http(port(), "PATCH", "/api/v1/congresses/demo", R"({"venue":"Hội trường mới"})").status, 200);
  auto after = Http(port(), "GET", "/api/v1/congresses/demo", "", {{"If-None-Match", etag}});
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.body.find("Hội trường mới"), std::string::npos);
}

TEST_F(ApiTest, SecurityHeadersOnEveryReply) {
  auto r = Http(port(), "GET", "/api/v1/congresses");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_FALSE(r.Header("referrer-policy").empty());
}

TEST_F(ApiTest, EventStreamDeliversLiveChangesAndReplaysMissed) {
  int fd = ConnectRaw(port());
  ASSERT_GE(fd, 0);
  SendRaw(fd, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string head = ReadUntil(fd, "retry:", 3000);
  EXPECT_NE(head.find("text/event-stream"), std::string::npos) << head;
  auto r = Http(port(), "POST", "/api/v1/congresses/demo/delegations", R"({"name":"Đoàn khách mời"})");
  ASSERT_EQ(r.status, 201) << r.body;
  std::string got = ReadUntil(fd, "\n\n", 3000);
  got += ReadUntil(fd, "delegates_changed", 3000);
  EXPECT_NE(got.find("event: delegates_changed"), std::string::npos) << got;
  ::close(fd);

  // A phone that reconnects with Last-Event-ID 0 gets what it missed.
  int fd2 = ConnectRaw(port());
  SendRaw(fd2, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n");
  std::string replay = ReadUntil(fd2, "delegates_changed", 3000);
  EXPECT_NE(replay.find("event: delegates_changed"), std::string::npos) << replay;
  ::close(fd2);
}

}  // namespace
}  // namespace phonghop::testing
