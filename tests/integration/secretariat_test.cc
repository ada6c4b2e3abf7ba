// The secretariat's last-minute changes through the API, against the real
// binary: edits and deletions (roles, validation, 409 with what a deletion
// would take along, move_to), live events, and badges that can be reprinted
// without a GET changing anything.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "server_fixture.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;

json J(const HttpResult& r) { return json::parse(r.body); }

std::string Msg(const HttpResult& r) {
  auto j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"]["message"].get<std::string>() : r.body;
}

class SecretariatTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new ServerProcess({"--demo", "--quiet"}); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static uint16_t port() { return server_->port(); }
  static json Congress(const std::string& slug) {
    return J(Http(port(), "GET", "/api/v1/congresses/" + slug));
  }
  static ServerProcess* server_;
};
ServerProcess* SecretariatTest::server_ = nullptr;

TEST_F(SecretariatTest, ProgrammeIsValidatedEditedAndShownByDateAndTime) {
  ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses",
                 R"({"slug":"sua-lich","name":"Đại hội thử sửa lịch","start_date":"2027-04-10","end_date":"2027-04-11"})")
                .status, 201);
  const std::string base = "/api/v1/congresses/sua-lich";
  // Created in the wrong order: the afternoon first.
  auto pm = Http(port(), "POST", base + "/sessions",
                 R"({"name":"Phiên chiều","date":"2027-04-10","starts_at":"13:30","ends_at":"17:00"})");
  ASSERT_EQ(pm.status, 201) << pm.body;
  auto am = Http(port(), "POST", base + "/sessions",
                 R"({"name":"Phiên sáng","date":"2027-04-10","starts_at":"07:30","ends_at":"11:30"})");
  ASSERT_EQ(am.status, 201) << am.body;
  int64_t pm_id = J(pm)["id"], am_id = J(am)["id"];
  auto sessions = Congress("sua-lich")["sessions"];
  EXPECT_EQ(sessions[0]["name"], "Phiên sáng");
  EXPECT_EQ(sessions[1]["name"], "Phiên chiều");

  // End before start, and an agenda item outside its session: clear messages.
  auto bad = Http(port(), "PATCH", base + "/sessions/" + std::to_string(am_id), R"({"ends_at":"07:00"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(Msg(bad).find("Giờ kết thúc (07:00) phải sau giờ bắt đầu (07:30)"), std::string::npos) << bad.body;
  auto outside = Http(port(), "POST", base + "/agenda-items",
                      json({{"session_id", am_id}, {"starts_at", "12:15"}, {"title", "Bế mạc"}}).dump());
  EXPECT_EQ(outside.status, 400);
  EXPECT_NE(Msg(outside).find("phải nằm trong giờ của Phiên sáng (07:30–11:30)"), std::string::npos) << outside.body;
  auto off_dates = Http(port(), "PATCH", base + "/sessions/" + std::to_string(pm_id), R"({"date":"2027-05-01"})");
  EXPECT_EQ(off_dates.status, 400);
  EXPECT_NE(Msg(off_dates).find("01/05/2027"), std::string::npos) << off_dates.body;

  // Items are listed by time whatever order they were typed in.
  for (auto [t, title] : {std::pair{"09:00", "Thảo luận"}, std::pair{"07:30", "Khai mạc"}})
    ASSERT_EQ(Http(port(), "POST", base + "/agenda-items",
                   json({{"session_id", am_id}, {"starts_at", t}, {"title", title}}).dump()).status, 201);
  auto agenda = Congress("sua-lich")["sessions"][0]["agenda"];
  ASSERT_EQ(agenda.size(), 2u);
  EXPECT_EQ(agenda[0]["title"], "Khai mạc");
  int64_t item = agenda[1]["id"];

  // Moving the morning to the next day puts it after the afternoon.
  auto moved = Http(port(), "PATCH", base + "/sessions/" + std::to_string(am_id),
                    R"({"date":"2027-04-11","name":"Phiên sáng ngày 2"})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  sessions = Congress("sua-lich")["sessions"];
  EXPECT_EQ(sessions[0]["name"], "Phiên chiều");
  EXPECT_EQ(sessions[1]["name"], "Phiên sáng ngày 2");
  // Shrinking the session so an item falls outside is refused.
  auto shrink = Http(port(), "PATCH", base + "/sessions/" + std::to_string(am_id), R"({"ends_at":"08:30"})");
  EXPECT_EQ(shrink.status, 400) << shrink.body;
  // An item moves to the afternoon with a time inside it.
  auto item_moved = Http(port(), "PATCH", base + "/agenda-items/" + std::to_string(item),
                         json({{"session_id", pm_id}, {"starts_at", "14:00"}}).dump());
  ASSERT_EQ(item_moved.status, 200) << item_moved.body;
  EXPECT_EQ(Congress("sua-lich")["sessions"][0]["agenda"][0]["title"], "Thảo luận");

  // The congress itself: dates, venue, status, quorum, printing cost.
  auto edited = Http(port(), "PATCH", base,
                     R"({"venue":"Hội trường tỉnh","status":"ongoing","quorum":{"numerator":1,"denominator":2},"printing":{"extra_copies":5,"cost_per_page_vnd":700}})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  auto c = Congress("sua-lich");
  EXPECT_EQ(c["venue"], "Hội trường tỉnh");
  EXPECT_EQ(c["status"], "ongoing");
  EXPECT_EQ(c["quorum"]["denominator"], 2);
  EXPECT_EQ(c["printing"]["cost_per_page_vnd"], 700);
  auto bad_dates = Http(port(), "PATCH", base, R"({"end_date":"2027-04-01"})");
  EXPECT_EQ(bad_dates.status, 400);
  EXPECT_NE(Msg(bad_dates).find("01/04/2027"), std::string::npos) << bad_dates.body;
}

TEST_F(SecretariatTest, OnlyStaffMayEditOrDelete) {
  auto demo = Congress("demo");
  int64_t sid = demo["sessions"][0]["id"];
  for (auto [method, target, body] :
       {std::tuple{"PATCH", "/api/v1/congresses/demo/sessions/" + std::to_string(sid), std::string(R"({"name":"x"})")},
        std::tuple{"DELETE", "/api/v1/congresses/demo/sessions/" + std::to_string(sid), std::string()},
        std::tuple{"DELETE", std::string("/api/v1/congresses/demo"), std::string()},
        std::tuple{"PATCH", std::string("/api/v1/congresses/demo/delegates/1"), std::string(R"({"full_name":"x"})")},
        std::tuple{"GET", std::string("/api/v1/congresses/demo/delegates/tokens"), std::string()},
        std::tuple{"POST", std::string("/api/v1/congresses/demo/badges"), std::string("{}")}}) {
    auto r = HttpAnonymous(port(), method, target, body, {{"Content-Type", "application/json"}});
    EXPECT_TRUE(r.status == 401 || r.status == 403) << method << " " << target << " " << r.status;
  }
  EXPECT_EQ(Congress("demo")["sessions"][0]["name"], demo["sessions"][0]["name"]);
}

TEST_F(SecretariatTest, DeletionsThatWouldOrphanDataAreRefusedAndSayWhat) {
  // An agenda item holding a document.
  auto docs = J(Http(port(), "GET", "/api/v1/congresses/demo/documents"))["documents"];
  std::string code;
  int64_t item = 0;
  for (const auto& d : docs)
    if (!d["agenda_item_id"].is_null()) {
      code = d["code"];
      item = d["agenda_item_id"];
      break;
    }
  ASSERT_NE(item, 0);
  const std::string target = "/api/v1/congresses/demo/agenda-items/" + std::to_string(item);
  auto refused = Http(port(), "DELETE", target);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(Msg(refused).find("tài liệu"), std::string::npos) << refused.body;
  auto dry = Http(port(), "DELETE", target + "?dry_run=1");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_FALSE(J(dry)["deleted"]);
  EXPECT_GE(J(dry)["takes_along"]["documents"].get<int>(), 1);
  EXPECT_EQ(J(dry)["refused"], Msg(refused));
  // Another item of the congress receives the documents.
  int64_t other = 0;
  json demo_now = Congress("demo");
  for (const auto& s : demo_now["sessions"])
    for (const auto& a : s["agenda"])
      if (a["id"] != item && other == 0) other = a["id"];
  auto moved = Http(port(), "DELETE", target + "?move_to=" + std::to_string(other));
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_TRUE(J(moved)["deleted"]);
  EXPECT_EQ(J(Http(port(), "GET", "/api/v1/documents/" + code))["agenda_item_id"], other);
  EXPECT_EQ(Http(port(), "DELETE", target).status, 404);

  // A session with check-ins stays.
  ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses/demo/checkin/manual",
                 json({{"badge", "020"}, {"reason", "Đối chiếu giấy mời"}}).dump()).status, 200);
  auto roll = J(Http(port(), "GET", "/api/v1/congresses/demo/attendance"));
  int64_t session = roll["session"]["id"];
  auto s409 = Http(port(), "DELETE", "/api/v1/congresses/demo/sessions/" + std::to_string(session));
  EXPECT_EQ(s409.status, 409);
  EXPECT_NE(Msg(s409).find("điểm danh"), std::string::npos) << s409.body;
  // So does the delegate who checked in.
  auto delegates = J(Http(port(), "GET", "/api/v1/congresses/demo/delegates"))["delegates"];
  int64_t checked = 0, spare = 0;
  for (const auto& d : delegates) {
    if (d["badge"] == "020") checked = d["id"];
    if (d["badge"] == "021") spare = d["id"];
  }
  auto d409 = Http(port(), "DELETE", "/api/v1/congresses/demo/delegates/" + std::to_string(checked));
  EXPECT_EQ(d409.status, 409) << d409.body;
  // A delegate without check-ins can go.
  auto gone = Http(port(), "DELETE", "/api/v1/congresses/demo/delegates/" + std::to_string(spare));
  EXPECT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(Http(port(), "GET", "/api/v1/congresses/demo/delegates/" + std::to_string(spare)).status, 404);

  // A delegation with delegates moves them first.
  auto demo = Congress("demo");
  int64_t from = demo["delegations"][0]["id"], to = demo["delegations"][1]["id"];
  int members = demo["delegations"][0]["delegates"], before = demo["delegations"][1]["delegates"];
  auto g409 = Http(port(), "DELETE", "/api/v1/congresses/demo/delegations/" + std::to_string(from));
  EXPECT_EQ(g409.status, 409);
  EXPECT_NE(Msg(g409).find(std::to_string(members) + " đại biểu"), std::string::npos) << g409.body;
  auto g = Http(port(), "DELETE", "/api/v1/congresses/demo/delegations/" + std::to_string(from) +
                                      "?move_to=" + std::to_string(to));
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(Congress("demo")["delegations"][0]["delegates"].get<int>(), before + members);

  // The congress itself: refused while it holds documents.
  auto c409 = Http(port(), "DELETE", "/api/v1/congresses/demo");
  EXPECT_EQ(c409.status, 409);
  EXPECT_EQ(Http(port(), "GET", "/api/v1/congresses/demo").status, 200);
}

// What a vote leaves behind (polls, ballots, speakers; migration 8) is never
// cascaded away by deleting the session, item or delegate it belongs to.
TEST_F(SecretariatTest, DeletionsKeepVotesAndSpeakers) {
  ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses",
                 R"({"slug":"xoa-bieu-quyet","name":"Đại hội thử xóa","start_date":"2027-05-10","end_date":"2027-05-11"})")
                .status, 201);
  const std::string base = "/api/v1/congresses/xoa-bieu-quyet";
  auto s = Http(port(), "POST", base + "/sessions",
                R"({"name":"Phiên bầu cử","date":"2027-05-10","starts_at":"07:30","ends_at":"11:30"})");
  ASSERT_EQ(s.status, 201) << s.body;
  const int64_t session = J(s)["id"];
  auto a = Http(port(), "POST", base + "/agenda-items",
                json({{"session_id", session}, {"starts_at", "08:00"}, {"title", "Biểu quyết chương trình"}}).dump());
  ASSERT_EQ(a.status, 201) << a.body;
  const int64_t item = J(a)["id"];
  auto p = Http(port(), "POST", base + "/polls",
                json({{"session_id", session}, {"agenda_item_id", item}, {"kind", "motion"}, {"mode", "secret"},
                      {"title", "Thông qua chương trình"}}).dump());
  ASSERT_EQ(p.status, 201) << p.body;

  const std::string item_url = base + "/agenda-items/" + std::to_string(item);
  auto i409 = Http(port(), "DELETE", item_url);
  EXPECT_EQ(i409.status, 409) << i409.body;
  EXPECT_NE(Msg(i409).find("1 cuộc biểu quyết, bầu cử"), std::string::npos) << i409.body;
  auto dry = Http(port(), "DELETE", item_url + "?dry_run=1");
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(J(dry)["takes_along"]["polls"], 1);
  EXPECT_EQ(J(dry)["refused"], Msg(i409));

  const std::string session_url = base + "/sessions/" + std::to_string(session);
  auto s409 = Http(port(), "DELETE", session_url);
  EXPECT_EQ(s409.status, 409) << s409.body;
  EXPECT_NE(Msg(s409).find("biểu quyết"), std::string::npos) << s409.body;
  auto c409 = Http(port(), "DELETE", base);
  EXPECT_EQ(c409.status, 409) << c409.body;
  // Nothing went: the poll is still there, in its session.
  auto polls = J(Http(port(), "GET", base + "/polls"));
  ASSERT_TRUE(polls.contains("polls")) << polls.dump();
  EXPECT_EQ(polls["polls"].size(), 1u);
  EXPECT_EQ(Congress("xoa-bieu-quyet")["sessions"][0]["agenda"].size(), 1u);
}

TEST_F(SecretariatTest, EditsReachEveryOpenScreenLive) {
  int fd = ConnectRaw(port());
  ASSERT_GE(fd, 0);
  SendRaw(fd, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\n\r\n");
  ReadUntil(fd, "retry:", 3000);
  int64_t sid = Congress("demo")["sessions"][2]["id"];
  auto r = Http(port(), "PATCH", "/api/v1/congresses/demo/sessions/" + std::to_string(sid),
                R"({"name":"Phiên bế mạc"})");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string got = ReadUntil(fd, "programme_changed", 3000);
  EXPECT_NE(got.find("event: programme_changed"), std::string::npos) << got;
  auto d = Http(port(), "PATCH", "/api/v1/congresses/demo/delegates/3", R"({"full_name":"Đinh Thị Sửa Tên"})");
  ASSERT_EQ(d.status, 200) << d.body;
  got = ReadUntil(fd, "delegates_changed", 3000);
  EXPECT_NE(got.find("event: delegates_changed"), std::string::npos) << got;
  ::close(fd);
  EXPECT_EQ(Congress("demo")["sessions"][2]["name"], "Phiên bế mạc");
}

TEST_F(SecretariatTest, DelegateEditsAreValidated) {
  auto dup = Http(port(), "PATCH", "/api/v1/congresses/demo/delegates/5", R"({"badge":"006"})");
  EXPECT_EQ(dup.status, 409);
  EXPECT_NE(Msg(dup).find("006"), std::string::npos);
  auto empty = Http(port(), "PATCH", "/api/v1/congresses/demo/delegates/5", R"({"full_name":"  "})");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(Msg(empty), "Họ và tên không được để trống");
  auto ok = Http(port(), "PATCH", "/api/v1/congresses/demo/delegates/5",
                 R"({"birth_date":"1991-11-30","party_member":true,"gender":"female"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(J(ok)["birth_year"], 1991);
  EXPECT_EQ(J(ok)["party_member"], true);
  auto added = Http(port(), "POST", "/api/v1/congresses/demo/delegates",
                    R"({"badge":"900","full_name":"Đại biểu bổ sung"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(Http(port(), "POST", "/api/v1/congresses/demo/delegates",
                 R"({"badge":"900","full_name":"Trùng số thẻ"})").status, 409);
}

// #18 item 8: a GET must never revoke badges; a reprint revokes only what
// it says it revokes.
TEST_F(SecretariatTest, BadgesAreReprintedWithoutBreakingTheOthers) {
  auto login = [&](const std::string& token) {
    return HttpAnonymous(port(), "POST", "/api/v1/auth/badge", json({{"token", token}}).dump(),
                         {{"Content-Type", "application/json"}}).status;
  };
  auto tokens_reply = Http(port(), "GET", "/api/v1/congresses/demo/delegates/tokens?format=json");
  ASSERT_EQ(tokens_reply.status, 200) << tokens_reply.body;
  auto list = J(tokens_reply)["delegates"];
  ASSERT_GE(list.size(), 3u);
  std::string t0 = list[0]["token"], t1 = list[1]["token"];
  EXPECT_NE(list[0]["url"].get<std::string>().find("/t/" + t0), std::string::npos);
  EXPECT_EQ(login(t0), 200);
  // Asking again revokes nothing and gives the same tokens.
  auto again = J(Http(port(), "GET", "/api/v1/congresses/demo/delegates/tokens?format=json"));
  EXPECT_EQ(again["delegates"][0]["token"], t0);
  EXPECT_EQ(again["issued"], 0);
  auto csv = Http(port(), "GET", "/api/v1/congresses/demo/delegates/tokens?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("Số thẻ"), std::string::npos);
  EXPECT_NE(csv.body.find(t1), std::string::npos);

  // The GET that used to reissue every badge changes nothing now.
  auto get_sheet = Http(port(), "GET", "/api/v1/congresses/demo/qr-sheet?kind=badges");
  EXPECT_EQ(get_sheet.status, 400);
  EXPECT_EQ(login(t0), 200);
  EXPECT_EQ(login(t1), 200);

  // A POST without the CSRF token is refused.
  auto cookie_only = server_->auth();
  cookie_only.erase("X-CSRF-Token");
  auto forged = HttpAnonymous(port(), "POST", "/api/v1/congresses/demo/badges", "{}", cookie_only);
  EXPECT_EQ(forged.status, 403) << forged.body;

  // The whole set reprinted: the same codes, nothing revoked.
  auto all = Http(port(), "POST", "/api/v1/congresses/demo/badges", "{}");
  ASSERT_EQ(all.status, 201) << all.body;
  EXPECT_EQ(J(all)["revoked"], 0);
  EXPECT_EQ(J(all)["issued"], 0);
  auto pdf = Http(port(), "GET", J(all)["url"].get<std::string>());
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_EQ(login(t0), 200);

  // One badge lost: only that one is revoked, and the reply says so.
  int64_t id0 = J(Http(port(), "GET", "/api/v1/congresses/demo/delegates"))["delegates"][0]["id"];
  auto one = Http(port(), "POST", "/api/v1/congresses/demo/badges",
                  json({{"delegate_ids", {id0}}, {"revoke", true}}).dump());
  ASSERT_EQ(one.status, 201) << one.body;
  EXPECT_EQ(J(one)["badges"], 1);
  EXPECT_EQ(J(one)["revoked"], 1);
  EXPECT_NE(J(one)["message"].get<std::string>().find("chỉ thẻ của"), std::string::npos);
  EXPECT_EQ(login(t0), 401);
  EXPECT_EQ(login(t1), 200);
  // Prepared prints are only for staff.
  EXPECT_EQ(HttpAnonymous(port(), "GET", J(one)["url"].get<std::string>()).status, 401);
}

TEST_F(SecretariatTest, TokensCommandWritesThePrintShopList) {
  // The CLI sees the same data directory; the server holds no lock on it.
  std::string out = MakeTempDir() + "/tokens.json";
  auto r = RunCli({"delegates", "tokens", "--data", server_->data_dir(), "--congress", "demo", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("không thu hồi"), std::string::npos) << r.out;
  FILE* f = fopen(out.c_str(), "r");
  ASSERT_NE(f, nullptr);
  char buf[4096] = {0};
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  std::string text(buf, n);
  EXPECT_NE(text.find("\"token\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"badge\": \"001\""), std::string::npos) << text;
}

// #17 item 13: the paperwork, printable and as a spreadsheet.
TEST_F(SecretariatTest, ReportsTheCongressMustFile) {
  ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses/demo/checkin/manual",
                 json({{"badge", "030"}, {"reason", "Đối chiếu giấy mời"}}).dump()).status, 200);
  for (const char* kind : {"attendance", "credentials", "delegations"}) {
    auto pdf = Http(port(), "GET", std::string("/api/v1/congresses/demo/reports/") + kind + "?format=pdf");
    ASSERT_EQ(pdf.status, 200) << kind << pdf.body;
    EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-") << kind;
    auto xlsx = Http(port(), "GET", std::string("/api/v1/congresses/demo/reports/") + kind + "?format=xlsx");
    ASSERT_EQ(xlsx.status, 200) << kind;
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK") << kind;
    EXPECT_EQ(HttpAnonymous(port(), "GET", std::string("/api/v1/congresses/demo/reports/") + kind).status, 401);
  }
  auto credentials = Http(port(), "GET", "/api/v1/congresses/demo/reports/credentials?format=csv");
  ASSERT_EQ(credentials.status, 200);
  EXPECT_NE(credentials.body.find("BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU"), std::string::npos);
  EXPECT_NE(credentials.body.find("Tổng số đại biểu chính thức được triệu tập"), std::string::npos);
  EXPECT_NE(credentials.body.find("Theo giới tính"), std::string::npos);
  EXPECT_NE(credentials.body.find("Theo độ tuổi"), std::string::npos);
  EXPECT_NE(credentials.body.find("Đảng viên"), std::string::npos);
  auto list = Http(port(), "GET", "/api/v1/congresses/demo/reports/attendance?format=csv");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Ký tên"), std::string::npos);
  EXPECT_NE(list.body.find("TỔNG CỘNG"), std::string::npos);
  EXPECT_NE(list.body.find("Cộng Đoàn đại biểu"), std::string::npos);
  EXPECT_EQ(Http(port(), "GET", "/api/v1/congresses/demo/reports/nope").status, 404);
}

}  // namespace
}  // namespace phonghop::testing
