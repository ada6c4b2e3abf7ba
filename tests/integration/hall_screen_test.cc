// #17 items 8, 14 and the notes' conditional save, against the real binary:
// a hall screen token reads exactly what the hall shows (public data and
// the delegates-only document the chair presents now), is refused once
// revoked and never reaches a staff route; comments on drafts (who sends,
// who sees, bad input refused with nothing stored, handled, export); a
// note saved over a version that changed meanwhile is refused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "server_fixture.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;
using Headers = std::map<std::string, std::string>;

json J(const HttpResult& r) { return json::parse(r.body); }

std::string Msg(const HttpResult& r) {
  auto j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"]["message"].get<std::string>() : r.body;
}

std::string CookieOf(const HttpResult& r) {
  const std::string c = r.Header("set-cookie");
  return c.substr(0, c.find(';'));
}

class HallScreenTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({"--demo", "--quiet"});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static uint16_t port() { return server_->port(); }
  // Codes of demo documents in `category`.
  static std::vector<std::string> Docs(const std::string& category) {
    std::vector<std::string> out;
    const json list = J(Http(port(), "GET", "/api/v1/congresses/demo/documents"));
    for (const auto& d : list["documents"])
      if (d["category"] == category) out.push_back(d["code"]);
    return out;
  }
  static std::string FirstDocNotIn(const std::vector<std::string>& categories) {
    const json list = J(Http(port(), "GET", "/api/v1/congresses/demo/documents"));
    for (const auto& d : list["documents"])
      if (std::find(categories.begin(), categories.end(), d["category"].get<std::string>()) == categories.end())
        return d["code"];
    return "";
  }
  // A delegate signed in with their badge: cookie and CSRF headers.
  static Headers Delegate(int index) {
    auto list = J(Http(port(), "GET", "/api/v1/congresses/demo/delegates/tokens?format=json"))["delegates"];
    auto r = HttpAnonymous(port(), "POST", "/api/v1/auth/badge", json({{"token", list[index]["token"]}}).dump(),
                           {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return {{"Cookie", CookieOf(r)}, {"X-CSRF-Token", J(r)["csrf"].get<std::string>()}};
  }
  // The delegate behind token-list entry `index`: {delegate id, delegation id}.
  static std::pair<int64_t, int64_t> IdsOf(int index) {
    const std::string badge =
        J(Http(port(), "GET", "/api/v1/congresses/demo/delegates/tokens?format=json"))["delegates"][index]["badge"];
    const json delegates = J(Http(port(), "GET", "/api/v1/congresses/demo/delegates"));
    for (const auto& d : delegates["delegates"])
      if (d["badge"] == badge)
        return {d["id"].get<int64_t>(), d["delegation_id"].is_null() ? int64_t{0} : d["delegation_id"].get<int64_t>()};
    return {0, 0};
  }
  static std::string SecretaryUrl(int64_t delegation) {
    return "/api/v1/congresses/demo/delegations/" + std::to_string(delegation) + "/secretary";
  }
  static ServerProcess* server_;
};
ServerProcess* HallScreenTest::server_ = nullptr;

TEST_F(HallScreenTest, ScreenTokenReadsExactlyTheHallUntilRevoked) {
  // Two delegates-only documents: a draft the chair will present, and one
  // the chair does not.
  auto drafts = Docs("du-thao-nghi-quyet");
  auto reports = Docs("van-kien");
  ASSERT_FALSE(drafts.empty());
  ASSERT_FALSE(reports.empty());
  const std::string shown = drafts[0], hidden = reports[0];
  for (const auto& c : {shown, hidden})
    ASSERT_EQ(Http(port(), "PATCH", "/api/v1/documents/" + c, R"({"visibility":"delegates"})").status, 200);
  ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses/demo/presentation", R"({"code":""})").status, 200);

  // Made by the secretariat; a nameless screen is refused and not stored.
  const std::string base = "/api/v1/congresses/demo/screens";
  auto nameless = Http(port(), "POST", base, R"({"label":"  "})");
  EXPECT_EQ(nameless.status, 400);
  EXPECT_NE(Msg(nameless).find("Hãy đặt tên cho màn hình"), std::string::npos) << nameless.body;
  EXPECT_EQ(Http(port(), "POST", base, R"({"label":"x","extra":1})").status, 400);
  EXPECT_TRUE(J(Http(port(), "GET", base))["screens"].empty());
  auto made = Http(port(), "POST", base, R"({"label":"Máy chiếu hội trường"})");
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string token = J(made)["token"];
  const int64_t id = J(made)["id"];
  EXPECT_NE(J(made)["url"].get<std::string>().find("/hall/demo#screen=" + token), std::string::npos);
  EXPECT_NE(J(made)["qr_svg"].get<std::string>().find("<svg"), std::string::npos);
  auto listed = J(Http(port(), "GET", base))["screens"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["state"], "live");
  EXPECT_FALSE(listed[0].contains("token"));  // shown once, never listed
  // Only staff make or list screens; a delegate cannot.
  EXPECT_EQ(HttpAnonymous(port(), "POST", base, R"({"label":"x"})").status, 401);
  EXPECT_EQ(HttpAnonymous(port(), "GET", base, "", Delegate(0)).status, 403);

  // The projector trades the token for an HttpOnly cookie.
  EXPECT_EQ(HttpAnonymous(port(), "POST", "/api/v1/screens/open", json({{"token", token + "x"}}).dump()).status, 401);
  auto opened = HttpAnonymous(port(), "POST", "/api/v1/screens/open", json({{"token", token}}).dump());
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(J(opened)["congress"], "demo");
  EXPECT_NE(opened.Header("set-cookie").find("HttpOnly"), std::string::npos);
  const Headers screen = {{"Cookie", CookieOf(opened)}};
  EXPECT_EQ(CookieOf(opened), "ph_screen=" + token);

  // The hall's data: yes. Staff and delegate routes: no.
  EXPECT_EQ(J(HttpAnonymous(port(), "GET", "/api/v1/screens/me", "", screen))["label"], "Máy chiếu hội trường");
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/congresses/demo", "", screen).status, 200);
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/congresses/demo/announcements", "", screen).status, 200);
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/congresses/demo/presentation", "", screen).status, 200);
  for (const char* staff : {"/api/v1/congresses/demo/delegates", "/api/v1/congresses/demo/screens",
                            "/api/v1/audit", "/api/v1/users", "/api/v1/congresses/demo/comments",
                            "/api/v1/congresses/demo/delegates/tokens?format=json"})
    EXPECT_EQ(HttpAnonymous(port(), "GET", staff, "", screen).status, 403) << staff;
  EXPECT_EQ(HttpAnonymous(port(), "POST", "/api/v1/congresses/demo/presentation", json({{"code", shown}}).dump(),
                          screen).status, 403);
  EXPECT_EQ(HttpAnonymous(port(), "POST", "/api/v1/congresses/demo/announcements", R"({"text":"x"})", screen).status,
            403);
  EXPECT_EQ(HttpAnonymous(port(), "DELETE", base + "/" + std::to_string(id), "", screen).status, 403);
  EXPECT_EQ(HttpAnonymous(port(), "PUT", "/api/v1/documents/" + shown + "/note", R"({"text":"x"})", screen).status, 403);
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/auth/me", "", screen).status, 401);  // not a person

  // Restricted documents: not while nobody presents them...
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/documents/" + shown, "", screen).status, 404);
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/documents/" + shown + "/file", "", screen).status, 404);
  // ...the presented one once the chair presents it, and only that one.
  ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses/demo/presentation", json({{"code", shown}}).dump()).status, 200);
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/documents/" + shown, "", screen).status, 200);
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/documents/" + shown + "/file", "", screen).status, 200);
  EXPECT_NE(J(HttpAnonymous(port(), "GET", "/api/v1/congresses/demo/presentation", "", screen))["title"], "");
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/documents/" + hidden, "", screen).status, 404);
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/documents/" + hidden + "/file", "", screen).status, 404);
  // A guest without the token still cannot open it.
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/documents/" + shown + "/file").status, 401);
  // The document list shows a screen only public documents.
  const json found = J(HttpAnonymous(port(), "GET", "/api/v1/congresses/demo/documents", "", screen));
  for (const auto& d : found["documents"]) EXPECT_EQ(d["visibility"], "public");

  // Revoked from the console: the live event, then every read refused.
  int fd = ConnectRaw(port());
  ASSERT_GE(fd, 0);
  SendRaw(fd, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_NE(ReadUntil(fd, "\n\n", 3000).find("200"), std::string::npos);
  auto revoked = Http(port(), "DELETE", base + "/" + std::to_string(id));
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(J(revoked)["state"], "revoked");
  std::string stream = ReadUntil(fd, "event: screen_revoked", 3000);
  ::close(fd);
  EXPECT_NE(stream.find("event: screen_revoked"), std::string::npos) << stream;
  auto me = HttpAnonymous(port(), "GET", "/api/v1/screens/me", "", screen);
  EXPECT_EQ(me.status, 401);
  EXPECT_NE(me.body.find("screen_revoked"), std::string::npos) << me.body;
  EXPECT_NE(Msg(me).find("thu hồi"), std::string::npos);
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/documents/" + shown + "/file", "", screen).status, 401);
  EXPECT_EQ(HttpAnonymous(port(), "POST", "/api/v1/screens/open", json({{"token", token}}).dump()).status, 401);
  EXPECT_EQ(Http(port(), "DELETE", base + "/999999").status, 404);

  // Every change is in the audit log, the projector's opening by its name.
  auto log = J(Http(port(), "GET", "/api/v1/audit?limit=50"))["entries"];
  bool made_logged = false, open_logged = false, revoke_logged = false;
  for (const auto& e : log) {
    const std::string a = e["action"], actor = e["actor"], outcome = e["outcome"];
    made_logged |= a == "POST " + base && outcome == "201";
    open_logged |= a == "POST /api/v1/screens/open" && actor == "Máy chiếu hội trường (screen)";
    revoke_logged |= a == "DELETE " + base + "/" + std::to_string(id) && outcome == "200";
    EXPECT_EQ(a.find(token), std::string::npos);  // the token is never logged
  }
  EXPECT_TRUE(made_logged);
  EXPECT_TRUE(open_logged);
  EXPECT_TRUE(revoke_logged);
  ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses/demo/presentation", R"({"code":""})").status, 200);
}

TEST_F(HallScreenTest, ScreenTokenExpiresAtTheCongressEnd) {
  ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses",
                 R"({"slug":"man-hinh","name":"Đại hội thử màn hình","start_date":"2099-04-10","end_date":"2099-04-11"})")
                .status, 201);
  auto made = Http(port(), "POST", "/api/v1/congresses/man-hinh/screens", R"({"label":"Máy chiếu"})");
  ASSERT_EQ(made.status, 201) << made.body;
  // 24:00 on the last day at the venue (UTC+7).
  EXPECT_EQ(J(made)["expires_at"], "2099-04-11T17:00:00Z");
  ASSERT_EQ(Http(port(), "POST", "/api/v1/congresses",
                 R"({"slug":"da-qua","name":"Đại hội đã qua","start_date":"2020-01-01","end_date":"2020-01-02"})")
                .status, 201);
  auto late = Http(port(), "POST", "/api/v1/congresses/da-qua/screens", R"({"label":"Máy chiếu"})");
  EXPECT_EQ(late.status, 400);
  EXPECT_NE(Msg(late).find("Đại hội đã kết thúc"), std::string::npos) << late.body;
  EXPECT_TRUE(J(Http(port(), "GET", "/api/v1/congresses/da-qua/screens"))["screens"].empty());
}

TEST_F(HallScreenTest, DelegatesCommentOnDraftsAndTheDraftingTeamHandlesThem) {
  auto drafts = Docs("du-thao-nghi-quyet");
  ASSERT_FALSE(drafts.empty());
  const std::string draft = drafts[0];
  const std::string url = "/api/v1/documents/" + draft + "/comments";
  const Headers a = Delegate(0), b = Delegate(1);
  auto sent = HttpAnonymous(port(), "POST", url,
                            R"({"page":1,"quote":"Điều 2","text":"Đề nghị bổ sung chỉ tiêu việc làm"})", a);
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(J(sent)["page"], 1);
  EXPECT_GE(J(sent)["version"].get<int>(), 1);
  EXPECT_EQ(J(sent)["group"], "");
  // A group comment comes from the delegation's group secretary only.
  const std::string group_body = R"({"page":1,"text":"Ý kiến của cả đoàn","for_group":true})";
  auto not_yet = HttpAnonymous(port(), "POST", url, group_body, a);
  EXPECT_EQ(not_yet.status, 403) << not_yet.body;
  EXPECT_NE(Msg(not_yet).find("thư ký đoàn"), std::string::npos) << not_yet.body;
  const auto [a_id, a_group] = IdsOf(0);
  ASSERT_NE(a_group, 0);
  ASSERT_EQ(Http(port(), "PUT", SecretaryUrl(a_group), json({{"delegate_id", a_id}}).dump()).status, 200);
  auto group = HttpAnonymous(port(), "POST", url, group_body, a);
  ASSERT_EQ(group.status, 201) << group.body;
  EXPECT_NE(J(group)["group"], "");

  // Bad input: a clear message, nothing stored.
  struct Bad { std::string body, message; };
  for (const Bad& x : std::vector<Bad>{
           {R"({"page":1,"text":"   "})", "Nội dung góp ý đang trống"},
           {R"({"page":999,"text":"x"})", "Trang 999 không có"},
           {R"({"page":1,"version":9,"text":"x"})", "không có phiên bản 9"},
           {R"({"page":1,"text":"x","who":"y"})", "who"},
           {R"({"text":"x"})", "page"},
           {json({{"page", 1}, {"text", std::string(4001, 'a')}}).dump(), "4.000"}}) {
    auto r = HttpAnonymous(port(), "POST", url, x.body, a);
    EXPECT_EQ(r.status, 400) << x.body;
    EXPECT_NE(Msg(r).find(x.message), std::string::npos) << r.body;
  }
  const std::string other = FirstDocNotIn({"du-thao-nghi-quyet", "van-kien", "bao-cao"});
  ASSERT_FALSE(other.empty());
  auto wrong_kind = HttpAnonymous(port(), "POST", "/api/v1/documents/" + other + "/comments", R"({"page":1,"text":"x"})", a);
  EXPECT_EQ(wrong_kind.status, 400);
  EXPECT_NE(Msg(wrong_kind).find("không nhận góp ý"), std::string::npos);
  // Staff and guests do not send comments; guests do not read them.
  EXPECT_EQ(Http(port(), "POST", url, R"({"page":1,"text":"x"})").status, 403);
  EXPECT_EQ(HttpAnonymous(port(), "POST", url, R"({"page":1,"text":"x"})").status, 401);
  EXPECT_EQ(HttpAnonymous(port(), "GET", url).status, 401);

  // The sender sees both; another delegate sees only the group's if in the
  // same delegation, never the personal one.
  EXPECT_EQ(J(HttpAnonymous(port(), "GET", url, "", a))["comments"].size(), 2u);
  const json seen_by_b = J(HttpAnonymous(port(), "GET", url, "", b));
  for (const auto& c : seen_by_b["comments"]) EXPECT_NE(c["group"], "");

  // The drafting team: all of them, marked handled, exported.
  auto all = J(Http(port(), "GET", "/api/v1/congresses/demo/comments?document=" + draft))["comments"];
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["text"], "Đề nghị bổ sung chỉ tiêu việc làm");
  EXPECT_EQ(all[0]["quote"], "Điều 2");
  const int64_t cid = all[0]["id"];
  auto marked = Http(port(), "PATCH", "/api/v1/congresses/demo/comments/" + std::to_string(cid), R"({"handled":true})");
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_TRUE(J(marked)["handled"].get<bool>());
  EXPECT_NE(J(marked)["handled_by"], "");
  EXPECT_EQ(Http(port(), "PATCH", "/api/v1/congresses/demo/comments/999999", R"({"handled":true})").status, 404);
  EXPECT_EQ(Http(port(), "PATCH", "/api/v1/congresses/demo/comments/" + std::to_string(cid), R"({"handled":"có"})").status,
            400);
  EXPECT_TRUE(J(HttpAnonymous(port(), "GET", url, "", a))["comments"][0]["handled"].get<bool>());
  EXPECT_EQ(HttpAnonymous(port(), "PATCH", "/api/v1/congresses/demo/comments/" + std::to_string(cid),
                          R"({"handled":false})", a).status, 403);
  auto csv = Http(port(), "GET", "/api/v1/congresses/demo/comments/export?format=csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("Nội dung góp ý"), std::string::npos);
  EXPECT_NE(csv.body.find("Đề nghị bổ sung chỉ tiêu việc làm"), std::string::npos);
  EXPECT_NE(csv.body.find("Đã xử lý"), std::string::npos);
  auto xlsx = Http(port(), "GET", "/api/v1/congresses/demo/comments/export?format=xlsx");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(Http(port(), "GET", "/api/v1/congresses/demo/comments/export?format=pdf").status, 400);
}

// Decisions 416 and 417: the group secretary is named by the secretariat
// and only they send for the delegation; a sender withdraws an unhandled
// comment of their own (never someone else's, never a handled one); each
// change is a content-free live event for the drafting team's page.
TEST_F(HallScreenTest, GroupSecretarySendsForTheDelegationAndSendersWithdrawUnhandledComments) {
  const json tokens = J(Http(port(), "GET", "/api/v1/congresses/demo/delegates/tokens?format=json"))["delegates"];
  // Two delegates of one delegation (a, b) and one of another (c).
  int ia = -1, ib = -1, ic = -1;
  for (int i = 0; i < static_cast<int>(tokens.size()) && (ib < 0 || ic < 0); ++i) {
    if (tokens[i]["delegation"] == "") continue;
    if (ia < 0) ia = i;
    else if (ib < 0 && tokens[i]["delegation"] == tokens[ia]["delegation"]) ib = i;
    else if (ic < 0 && tokens[i]["delegation"] != tokens[ia]["delegation"]) ic = i;
  }
  ASSERT_GE(ia, 0);
  ASSERT_GE(ib, 0);
  ASSERT_GE(ic, 0);
  const auto [a_id, group_id] = IdsOf(ia);
  const auto [b_id, b_group] = IdsOf(ib);
  const auto [c_id, c_group] = IdsOf(ic);
  ASSERT_EQ(b_group, group_id);
  ASSERT_NE(c_group, group_id);
  const Headers a = Delegate(ia), b = Delegate(ib);
  const std::string code = Docs("van-kien")[0];
  const std::string url = "/api/v1/documents/" + code + "/comments";

  // Naming the secretary: staff only, a member of that delegation only.
  const std::string sec = SecretaryUrl(group_id);
  EXPECT_EQ(HttpAnonymous(port(), "PUT", sec, json({{"delegate_id", a_id}}).dump(), a).status, 403);
  EXPECT_EQ(HttpAnonymous(port(), "PUT", sec, json({{"delegate_id", a_id}}).dump()).status, 401);
  auto outsider = Http(port(), "PUT", sec, json({{"delegate_id", c_id}}).dump());
  EXPECT_EQ(outsider.status, 400);
  EXPECT_NE(Msg(outsider).find("phải là một đại biểu của"), std::string::npos) << outsider.body;
  EXPECT_EQ(Http(port(), "PUT", sec, R"({"delegate_id":"một"})").status, 400);
  EXPECT_EQ(Http(port(), "PUT", sec, R"({"delegate":1})").status, 400);
  EXPECT_EQ(Http(port(), "PUT", SecretaryUrl(999999), json({{"delegate_id", a_id}}).dump()).status, 404);
  auto named = Http(port(), "PUT", sec, json({{"delegate_id", b_id}}).dump());
  ASSERT_EQ(named.status, 200) << named.body;
  EXPECT_EQ(J(named)["delegate_id"], b_id);
  bool listed = false;
  const json secretaries = J(Http(port(), "GET", "/api/v1/congresses/demo/group-secretaries"));
  for (const auto& g : secretaries["secretaries"])
    if (g["delegation_id"] == group_id) listed = g["delegate_id"] == b_id && g["name"] != "";
  EXPECT_TRUE(listed);
  EXPECT_EQ(HttpAnonymous(port(), "GET", "/api/v1/congresses/demo/group-secretaries", "", a).status, 403);

  // The phone learns who may tick "for the delegation".
  EXPECT_TRUE(J(HttpAnonymous(port(), "GET", url, "", b))["group_secretary"].get<bool>());
  const json a_view = J(HttpAnonymous(port(), "GET", url, "", a));
  EXPECT_FALSE(a_view["group_secretary"].get<bool>());
  EXPECT_EQ(a_view["delegation"], tokens[ia]["delegation"]);
  const std::string group_body = R"({"page":1,"text":"Tổ thảo luận số 2 đề nghị bổ sung","for_group":true})";
  EXPECT_EQ(HttpAnonymous(port(), "POST", url, group_body, a).status, 403);
  // Cleared: nobody sends for the delegation any more.
  ASSERT_EQ(Http(port(), "PUT", sec, R"({"delegate_id":null})").status, 200);
  EXPECT_EQ(HttpAnonymous(port(), "POST", url, group_body, b).status, 403);
  ASSERT_EQ(Http(port(), "PUT", sec, json({{"delegate_id", b_id}}).dump()).status, 200);

  // Every change reaches the drafting team's page as a live event.
  int fd = ConnectRaw(port());
  ASSERT_GE(fd, 0);
  SendRaw(fd, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_NE(ReadUntil(fd, "\n\n", 3000).find("200"), std::string::npos);
  auto group = HttpAnonymous(port(), "POST", url, group_body, b);
  ASSERT_EQ(group.status, 201) << group.body;
  EXPECT_NE(J(group)["group"], "");
  std::string stream = ReadUntil(fd, "event: comments_changed", 3000);
  EXPECT_NE(stream.find("event: comments_changed"), std::string::npos) << stream;
  EXPECT_EQ(stream.find("Tổ thảo luận"), std::string::npos);  // the public stream carries no content
  const int64_t group_cid = J(group)["id"];

  // a sees the group's comment but may not withdraw it.
  bool seen = false;
  const json a_sees = J(HttpAnonymous(port(), "GET", url, "", a));
  for (const auto& c : a_sees["comments"])
    if (c["id"] == group_cid) seen = !c["withdrawable"].get<bool>();
  EXPECT_TRUE(seen);
  const std::string group_item = url + "/" + std::to_string(group_cid);
  EXPECT_EQ(HttpAnonymous(port(), "DELETE", group_item, "", a).status, 403);
  EXPECT_EQ(HttpAnonymous(port(), "DELETE", group_item).status, 401);
  EXPECT_EQ(Http(port(), "DELETE", group_item).status, 403);  // staff mark, they do not delete

  // a's own comment: withdrawn while unhandled, gone for everyone.
  auto own = HttpAnonymous(port(), "POST", url, R"({"page":1,"text":"Rút lại sau"})", a);
  ASSERT_EQ(own.status, 201) << own.body;
  const std::string own_item = url + "/" + std::to_string(J(own)["id"].get<int64_t>());
  EXPECT_NE(ReadUntil(fd, "event: comments_changed", 3000).find("comments_changed"), std::string::npos);
  auto gone = HttpAnonymous(port(), "DELETE", own_item, "", a);
  EXPECT_EQ(gone.status, 200) << gone.body;
  stream = ReadUntil(fd, "event: comments_changed", 3000);
  EXPECT_NE(stream.find("event: comments_changed"), std::string::npos);
  EXPECT_EQ(HttpAnonymous(port(), "DELETE", own_item, "", a).status, 404);
  const json after_withdrawal = J(Http(port(), "GET", "/api/v1/congresses/demo/comments?document=" + code));
  for (const auto& c : after_withdrawal["comments"])
    EXPECT_NE(c["text"], "Rút lại sau");
  // On another document's address it is not found either.
  EXPECT_EQ(HttpAnonymous(port(), "DELETE", "/api/v1/documents/" + Docs("du-thao-nghi-quyet")[0] + "/comments/" +
                                                std::to_string(group_cid), "", b).status, 404);

  // Once handled, the sender cannot take it back: 409, still there.
  ASSERT_EQ(Http(port(), "PATCH", "/api/v1/congresses/demo/comments/" + std::to_string(group_cid),
                 R"({"handled":true})").status, 200);
  stream = ReadUntil(fd, "event: comments_changed", 3000);
  ::close(fd);
  EXPECT_NE(stream.find("event: comments_changed"), std::string::npos);
  auto late = HttpAnonymous(port(), "DELETE", group_item, "", b);
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_NE(Msg(late).find("đã được tổ biên tập xử lý"), std::string::npos) << late.body;
  bool kept = false;
  const json after_409 = J(Http(port(), "GET", "/api/v1/congresses/demo/comments?document=" + code));
  for (const auto& c : after_409["comments"])
    kept |= c["id"] == group_cid;
  EXPECT_TRUE(kept);
}

TEST_F(HallScreenTest, NoteSavedOverAChangedVersionIsRefused) {
  const Headers a = Delegate(2);
  const std::string code = Docs("du-thao-nghi-quyet")[0];
  const std::string url = "/api/v1/documents/" + code + "/note";
  auto first = HttpAnonymous(port(), "GET", url, "", a);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(J(first)["version"], 0);
  EXPECT_EQ(first.Header("etag"), "\"0\"");
  auto with = [&](const std::string& v) {
    Headers h = a;
    h["If-Match"] = v;
    return h;
  };
  // Phone and tablet both read version 0; the tablet writes first.
  auto tablet = HttpAnonymous(port(), "PUT", url, R"({"text":"bản máy tính bảng"})", with("\"0\""));
  ASSERT_EQ(tablet.status, 200) << tablet.body;
  EXPECT_EQ(J(tablet)["version"], 1);
  auto phone = HttpAnonymous(port(), "PUT", url, R"({"text":"bản điện thoại"})", with("\"0\""));
  EXPECT_EQ(phone.status, 409);
  EXPECT_NE(phone.body.find("note_changed"), std::string::npos);
  EXPECT_EQ(J(HttpAnonymous(port(), "GET", url, "", a))["text"], "bản máy tính bảng");  // nothing lost
  // Read again, merged, written over version 1.
  auto merged = HttpAnonymous(port(), "PUT", url, R"({"text":"bản máy tính bảng\nbản điện thoại"})", with("\"1\""));
  EXPECT_EQ(merged.status, 200);
  EXPECT_EQ(J(merged)["version"], 2);
  EXPECT_EQ(HttpAnonymous(port(), "PUT", url, R"({"text":"x"})", with("abc")).status, 400);
  // Without If-Match (an older page): saved as before.
  EXPECT_EQ(HttpAnonymous(port(), "PUT", url, R"({"text":"không điều kiện"})", a).status, 200);
  EXPECT_EQ(J(HttpAnonymous(port(), "GET", url, "", a))["version"], 3);
}

}  // namespace
}  // namespace phonghop::testing
