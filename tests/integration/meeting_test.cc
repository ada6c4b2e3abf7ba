// The congress in session through the real server: announcements and the
// chair's presentation (who may, what the event stream carries), personal
// notes (private), province pages (drafts hidden, Markdown safe, searchable).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>

#include "http_client.h"
#include "server_fixture.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;

TEST(MeetingTest, AnnouncementsAndPresentationAreForTheChairAndReachEveryone) {
  std::string tmp = MakeTempDir();
  ASSERT_EQ(RunCli({"user", "add", "--data", tmp + "/data", "--role", "checkin", "--name", "cua",
                    "--password-stdin"}, "mat-khau-cua\n").exit_code, 0);
  ServerProcess s({"--demo", "--quiet"}, tmp + "/data");
  // Anonymous and the check-in role may not announce or present.
  const std::string ann = json({{"text", "Mời đại biểu về hội trường"}}).dump();
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses/demo/announcements", ann).status, 401);
  auto login = HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", json({{"name", "cua"}, {"password", "mat-khau-cua"}}).dump());
  ASSERT_EQ(login.status, 200);
  std::string cookie = login.Header("set-cookie");
  std::map<std::string, std::string> op = {{"Cookie", cookie.substr(0, cookie.find(';'))},
                                           {"X-CSRF-Token", json::parse(login.body)["csrf"]}};
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses/demo/announcements", ann, op).status, 403);
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses/demo/presentation", json({{"code", ""}}).dump(), op).status, 403);
  // Empty or oversized text: refused, nothing stored.
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/congresses/demo/announcements", json({{"text", "   "}}).dump()).status, 400);
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/congresses/demo/announcements", json({{"text", std::string(5000, 'a')}}).dump()).status, 400);
  EXPECT_EQ(json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/announcements").body)["announcements"].size(), 0u);
  ASSERT_EQ(Http(s.port(), "POST", "/api/v1/congresses/demo/announcements", ann).status, 201);
  auto list = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/announcements").body);
  ASSERT_EQ(list["announcements"].size(), 1u);

  // Presenting an unknown document: 404; a real one: everyone can see what.
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/congresses/demo/presentation", json({{"code", "KHONGCO1"}, {"page", 1}}).dump()).status, 404);
  auto docs = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/documents").body)["documents"];
  std::string code = docs[0]["code"];
  auto p = Http(s.port(), "POST", "/api/v1/congresses/demo/presentation", json({{"code", code}, {"page", 999}}).dump());
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_LE(json::parse(p.body)["page"].get<int>(), docs[0]["current"]["page_count"].get<int>());
  auto now = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/presentation").body);
  EXPECT_EQ(now["code"], code);
  // The event stream replays both to a phone that connects with Last-Event-ID 0.
  int fd = ConnectRaw(s.port());
  ASSERT_GE(fd, 0);
  SendRaw(fd, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n");
  std::string stream = ReadUntil(fd, "event: present", 3000);
  ::close(fd);
  EXPECT_NE(stream.find("event: announcement"), std::string::npos) << stream;
  EXPECT_NE(stream.find("event: present"), std::string::npos);
  std::filesystem::remove_all(tmp);
}

TEST(MeetingTest, NotesArePrivateAndProvincePagesAreSafe) {
  ServerProcess s({"--demo", "--quiet"});
  auto docs = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/documents").body)["documents"];
  std::string code = docs[0]["code"];
  EXPECT_EQ(HttpAnonymous(s.port(), "PUT", "/api/v1/documents/" + code + "/note", json({{"text", "x"}}).dump()).status, 401);
  ASSERT_EQ(Http(s.port(), "PUT", "/api/v1/documents/" + code + "/note", json({{"text", "ghi chú riêng"}}).dump()).status, 200);
  EXPECT_EQ(json::parse(Http(s.port(), "GET", "/api/v1/documents/" + code + "/note").body)["text"], "ghi chú riêng");
  EXPECT_EQ(Http(s.port(), "PUT", "/api/v1/documents/KHONGCO1/note", json({{"text", "x"}}).dump()).status, 404);

  // The demo's pages are published and found without diacritics.
  auto pages = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/pages").body)["pages"];
  EXPECT_GE(pages.size(), 6u);
  auto found = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/search?q=che%20shan%20tuyet").body);
  ASSERT_GE(found["pages"].size(), 1u);
  EXPECT_EQ(found["pages"][0]["slug"], "che-shan-tuyet-suoi-giang");
  // A draft with a script in it: hidden from the public, rendered without the script.
  json draft = {{"title", "Bản nháp"}, {"category", "van-hoa"}, {"body_md", "Xin chào <script>alert(1)</script> [x](javascript:alert(1))"}};
  ASSERT_EQ(Http(s.port(), "PUT", "/api/v1/congresses/demo/pages/ban-nhap", draft.dump()).status, 200);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/pages/ban-nhap").status, 404);
  auto staff_view = json::parse(Http(s.port(), "GET", "/api/v1/congresses/demo/pages/ban-nhap").body);
  EXPECT_EQ(staff_view["html"].get<std::string>().find("<script"), std::string::npos);
  EXPECT_EQ(staff_view["html"].get<std::string>().find("javascript:"), std::string::npos);
  // Bad category, bad slug: refused.
  EXPECT_EQ(Http(s.port(), "PUT", "/api/v1/congresses/demo/pages/x", json({{"title", "T"}, {"category", "khac"}}).dump()).status, 400);
  EXPECT_EQ(Http(s.port(), "PUT", "/api/v1/congresses/demo/pages/Bad%20Slug", json({{"title", "T"}, {"category", "van-hoa"}}).dump()).status, 400);
  // Page images: only real images.
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/congresses/demo/page-images", "not an image", {{"Content-Type", "image/png"}}).status, 400);
}

// #17 item 6: an announcement is corrected or withdrawn by the chair or the
// secretariat only; bad input changes nothing; phones hear both live.
TEST(MeetingTest, AnnouncementsAreCorrectedAndWithdrawnLive) {
  std::string tmp = MakeTempDir();
  ASSERT_EQ(RunCli({"user", "add", "--data", tmp + "/data", "--role", "checkin", "--name", "cua",
                    "--password-stdin"}, "mat-khau-cua\n").exit_code, 0);
  ServerProcess s({"--demo", "--quiet"}, tmp + "/data");
  const std::string base = "/api/v1/congresses/demo/announcements";
  auto made = Http(s.port(), "POST", base, json({{"text", "Họp lúc 13:00"}, {"important", true}}).dump());
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t id = json::parse(made.body)["id"];
  const std::string one = base + "/" + std::to_string(id);
  auto list = [&] { return json::parse(HttpAnonymous(s.port(), "GET", base).body)["announcements"]; };

  // Who may: not a guest, not the door.
  const std::string fix = json({{"text", "Họp lúc 13:30"}}).dump();
  EXPECT_EQ(HttpAnonymous(s.port(), "PATCH", one, fix).status, 401);
  EXPECT_EQ(HttpAnonymous(s.port(), "DELETE", one).status, 401);
  auto login = HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", json({{"name", "cua"}, {"password", "mat-khau-cua"}}).dump());
  ASSERT_EQ(login.status, 200);
  std::string cookie = login.Header("set-cookie");
  std::map<std::string, std::string> door = {{"Cookie", cookie.substr(0, cookie.find(';'))},
                                             {"X-CSRF-Token", json::parse(login.body)["csrf"]}};
  EXPECT_EQ(HttpAnonymous(s.port(), "PATCH", one, fix, door).status, 403);
  EXPECT_EQ(HttpAnonymous(s.port(), "DELETE", one, "", door).status, 403);

  // Bad input: a clear Vietnamese message, nothing changed.
  auto empty = Http(s.port(), "PATCH", one, json({{"text", "  "}}).dump());
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("Thông báo trống"), std::string::npos) << empty.body;
  EXPECT_EQ(Http(s.port(), "PATCH", one, json({{"text", std::string(5000, 'a')}}).dump()).status, 400);
  EXPECT_EQ(Http(s.port(), "PATCH", one, json({{"texte", "x"}}).dump()).status, 400);
  EXPECT_EQ(Http(s.port(), "PATCH", one, json({{"important", "yes"}}).dump()).status, 400);
  EXPECT_EQ(Http(s.port(), "PATCH", base + "/abc", fix).status, 404);
  EXPECT_EQ(Http(s.port(), "PATCH", base + "/999999", fix).status, 404);
  EXPECT_EQ(list()[0]["text"], "Họp lúc 13:00");
  EXPECT_EQ(list()[0]["important"], true);

  // A correction keeps what it does not name.
  auto fixed = Http(s.port(), "PATCH", one, fix);
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(list()[0]["text"], "Họp lúc 13:30");
  EXPECT_EQ(list()[0]["important"], true);
  ASSERT_EQ(Http(s.port(), "PATCH", one, json({{"important", false}}).dump()).status, 200);
  EXPECT_EQ(list()[0]["important"], false);
  EXPECT_EQ(list()[0]["text"], "Họp lúc 13:30");

  // Withdrawn: gone from the list; a second withdrawal finds nothing.
  ASSERT_EQ(Http(s.port(), "DELETE", one).status, 200);
  EXPECT_EQ(list().size(), 0u);
  EXPECT_EQ(Http(s.port(), "DELETE", one).status, 404);
  EXPECT_EQ(Http(s.port(), "PATCH", one, fix).status, 404);

  // A phone that reconnects replays the correction and the withdrawal.
  int fd = ConnectRaw(s.port());
  ASSERT_GE(fd, 0);
  SendRaw(fd, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n");
  std::string stream = ReadUntil(fd, "event: announcement_withdrawn", 3000);
  ::close(fd);
  EXPECT_NE(stream.find("event: announcement_changed"), std::string::npos) << stream;
  EXPECT_NE(stream.find("13:30"), std::string::npos);
  EXPECT_NE(stream.find("event: announcement_withdrawn\ndata: {\"id\":" + std::to_string(id) + "}"), std::string::npos) << stream;
  std::filesystem::remove_all(tmp);
}

}  // namespace
}  // namespace phonghop::testing
