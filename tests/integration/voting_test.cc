// Votes and elections through the real server (design §4: V3–V7, V9, V10,
// V12–V14, V16 and parts of V8): quorum gate, who may vote, forged ballots,
// idempotent retries, results hidden until allowed, tellers' sign-off,
// cancel and restart, show-of-hands totals, receipts and the bảng kê hash.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "common/random.h"
#include "common/sha256.h"
#include "congress/congress_service.h"
#include "http_client.h"
#include "io/spreadsheet.h"
#include "server_fixture.h"
#include "storage/sqlite/sqlite_db.h"
#include "test_store.h"
#include "voting/voting_service.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;
using Headers = std::map<std::string, std::string>;

const std::string kApi = "/api/v1/congresses/demo";

struct Delegate {
  std::string badge, full_name, kind;
  int64_t delegation_id = 0;
};

// 16 bytes as a phone sends them: base64url, 22 chars.
std::string Base64Url16(const std::string& bytes) {
  static const char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(k[(acc >> bits) & 63]);
    }
  }
  out.push_back(k[(acc << (6 - bits)) & 63]);
  return out;
}

// A nonce as a phone makes it: 16 random bytes.
std::string Nonce() {
  std::string hex = RandomHex(16), bytes;
  for (size_t i = 0; i < 32; i += 2) bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return Base64Url16(bytes);
}

// The same from a seeded generator (a test whose statistic must not depend on luck).
std::string NonceFrom(std::mt19937_64& gen) {
  std::string bytes(16, '\0');
  for (auto& b : bytes) b = static_cast<char>(gen() & 0xFF);
  return Base64Url16(bytes);
}

// Runs fn(i) for every i < n on `clients` threads (phones in a hall).
template <typename F>
void OnClients(size_t n, F fn, int clients = 8) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t)
    threads.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) fn(i);
    });
  for (auto& t : threads) t.join();
}

// The events of an SSE text: (name, data) pairs.
std::vector<std::pair<std::string, std::string>> SseEvents(const std::string& stream) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string name, data;
  size_t at = 0;
  while (at < stream.size()) {
    size_t end = stream.find('\n', at);
    if (end == std::string::npos) end = stream.size();
    std::string line = stream.substr(at, end - at);
    at = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("event:", 0) == 0) {
      name = line.substr(line.find_first_not_of(' ', 6));
    } else if (line.rfind("data:", 0) == 0) {
      data += line.substr(std::min(line.size(), line.find_first_not_of(' ', 5)));
    } else if (line.empty() && !data.empty()) {
      out.emplace_back(name, data);
      name.clear();
      data.clear();
    }
  }
  return out;
}

// The text of a minutes PDF (pdftotext -layout).
std::string PdfText(const std::string& dir, const std::string& pdf) {
  const std::string file = dir + "/minutes-" + std::to_string(pdf.size()) + ".pdf";
  {
    std::ofstream(file, std::ios::binary) << pdf;
  }
  FILE* pipe = popen(("pdftotext -layout " + file + " - 2>/dev/null").c_str(), "r");
  std::string text;
  if (!pipe) return text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
  pclose(pipe);
  return text;
}

// A test with its own server and data directory, removed afterwards.
class ServerTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> args) {
    tmp_ = MakeTempDir();
    server_ = std::make_unique<ServerProcess>(std::move(args), tmp_ + "/data");
    port_ = server_->port();
  }
  void TearDown() override {
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(tmp_, ec);
  }
  std::string tmp_;
  std::unique_ptr<ServerProcess> server_;
  uint16_t port_ = 0;
};

class VotingTest : public ServerTest {
 protected:
  void SetUp() override {
    Start({"--demo", "--quiet"});
    auto c = json::parse(HttpAnonymous(port_, "GET", kApi).body);
    session_ = c["sessions"][0]["id"];
    auto list = json::parse(Http(port_, "GET", kApi + "/delegates").body)["delegates"];
    for (const auto& d : list)
      delegates_.push_back({d["badge"], d["full_name"], d["kind"],
                            d["delegation_id"].is_number() ? d["delegation_id"].get<int64_t>() : 0});
  }

  // Issues a badge token through the repository port (as printing the
  // badges does), on whichever store the server uses.
  std::string Token(const std::string& badge) { return TestStore(*server_).IssueToken("demo", badge); }

  // A phone signed in with the badge's QR: cookie + CSRF.
  Headers Phone(const std::string& badge, const std::string& token = "") {
    auto r = HttpAnonymous(port_, "POST", "/api/v1/auth/badge",
                           json({{"token", token.empty() ? Token(badge) : token}}).dump());
    EXPECT_EQ(r.status, 200) << r.body;
    std::string cookie = r.Header("set-cookie");
    return {{"Cookie", cookie.substr(0, cookie.find(';'))}, {"X-CSRF-Token", json::parse(r.body)["csrf"]}};
  }

  void CheckIn(const std::string& badge) {
    auto r = Http(port_, "POST", kApi + "/checkin/manual",
                  json({{"badge", badge}, {"reason", "điểm danh giấy"}, {"session_id", session_}}).dump());
    ASSERT_EQ(r.status / 100, 2) << r.body;
  }

  std::vector<Delegate> Officials() {
    std::vector<Delegate> out;
    for (const auto& d : delegates_)
      if (d.kind == "official") out.push_back(d);
    return out;
  }

  // Checks in every official: both halves of the quorum hold.
  void FullHouse() {
    for (const auto& d : Officials()) CheckIn(d.badge);
  }

  json CreatePoll(json body) {
    body["session_id"] = session_;
    auto r = Http(port_, "POST", kApi + "/polls", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body);
  }

  HttpResult Post(const std::string& path, const json& body = json::object(), const Headers& h = {}) {
    return h.empty() ? Http(port_, "POST", kApi + path, body.dump())
                     : HttpAnonymous(port_, "POST", kApi + path, body.dump(), h);
  }

  HttpResult Vote(int64_t poll, const Headers& phone, json ballot) {
    return HttpAnonymous(port_, "POST", kApi + "/polls/" + std::to_string(poll) + "/ballots", ballot.dump(), phone);
  }

  static std::string Code(const HttpResult& r) {
    auto j = json::parse(r.body, nullptr, false);
    if (j.is_discarded() || !j.contains("error")) return "";
    return j["error"]["code"];
  }

  // An election as the election tests set it up: three candidates (ballot
  // order A-B-C: 1 Lê Văn An, 2 Phạm Thị Hà, 3 Đỗ Minh Khôi), officials 0
  // and 1 its tellers, officials 2..11 signed in on their phones.
  struct Election {
    json created;                 // the reply to its creation
    int64_t id = 0;
    std::string path;             // "/elections/<id>"
    Headers head, second;         // the tellers' phones
    std::vector<Headers> phones;  // ten voters
  };

  // Sets up `out` (the helpers below fail the test with ASSERT: call them
  // inside ASSERT_NO_FATAL_FAILURE, so the test stops there too).
  void MakeElection(const std::string& title, int seats, Election* out) {
    auto o = Officials();
    ASSERT_GE(o.size(), 12u);
    auto e = Post("/elections", {{"title", title}, {"seats", seats}});
    ASSERT_EQ(e.status, 201) << e.body;
    out->created = json::parse(e.body);
    out->id = out->created["id"];
    out->path = "/elections/" + std::to_string(out->id);
    for (const char* name : {"Lê Văn An", "Phạm Thị Hà", "Đỗ Minh Khôi"})
      ASSERT_EQ(Post(out->path + "/candidates", {{"full_name", name}}).status, 201);
    const json tellers = {{"badges", {o[0].badge, o[1].badge}}};
    ASSERT_EQ(Http(port_, "PUT", kApi + out->path + "/tellers", tellers.dump()).status, 200);
    out->head = Phone(o[0].badge);
    out->second = Phone(o[1].badge);
    for (int i = 0; i < 10; ++i) out->phones.push_back(Phone(o[2 + i].badge));
  }

  // One round of `e` from open to published: phone i keeps keeps[i], the
  // tellers sign the tally off. `published` is the reply to the publish.
  void RunRound(const Election& e, int64_t poll, const std::vector<std::vector<int>>& keeps, json* published) {
    ASSERT_LE(keeps.size(), e.phones.size());
    const std::string p = "/polls/" + std::to_string(poll);
    ASSERT_EQ(Post(p + "/open").status, 200);
    for (size_t i = 0; i < keeps.size(); ++i)
      ASSERT_EQ(Vote(poll, e.phones[i], {{"nonce", Nonce()}, {"keep", keeps[i]}}).status, 201);
    auto c = Post(p + "/close");
    ASSERT_EQ(c.status, 200) << c.body;
    ASSERT_NO_FATAL_FAILURE(SignOffAndPublish(e, poll, c, published));
  }

  // Both tellers of `e` sign off the tally of closed poll `poll` (`closed`:
  // the reply to its close); then it is published (`published`: the reply).
  void SignOffAndPublish(const Election& e, int64_t poll, const HttpResult& closed, json* published) {
    const std::string p = "/polls/" + std::to_string(poll);
    const std::string sha = json::parse(closed.body)["tally_sha256"];
    ASSERT_EQ(Post(p + "/signoff", {{"sha256", sha}}, e.head).status, 200);
    ASSERT_EQ(Post(p + "/signoff", {{"sha256", sha}}, e.second).status, 200);
    auto pub = Post(p + "/publish");
    ASSERT_EQ(pub.status, 200) << pub.body;
    *published = json::parse(pub.body);
  }

  // A published paper motion of the congress (yes / no of the officials,
  // none abstaining): the decision a further round needs. `id` is its poll.
  void CongressDecision(int yes, int no, int64_t* id) {
    auto m = CreatePoll({{"kind", "motion"}, {"mode", "paper"}, {"title", "Đại hội có đồng ý bầu lần 2 không?"}});
    const std::string mp = "/polls/" + std::to_string(m["id"].get<int64_t>());
    ASSERT_EQ(Post(mp + "/open").status, 200);
    ASSERT_EQ(Post(mp + "/tally", {{"yes", yes}, {"no", no}, {"abstain", 0}}).status, 200);
    ASSERT_EQ(Post(mp + "/publish").status, 200);
    *id = m["id"];
  }

  int64_t session_ = 0;
  std::vector<Delegate> delegates_;
};

TEST_F(VotingTest, V13QuorumNeedsTwoThirdsOfDelegatesAndOfDelegations) {
  auto poll = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua chương trình Đại hội"}});
  const std::string open = "/polls/" + std::to_string(poll["id"].get<int64_t>()) + "/open";
  auto r = Post(open);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Code(r), "quorum_not_met");
  EXPECT_NE(r.body.find("đại biểu chính thức (0/"), std::string::npos) << r.body;
  // Officials delegation by delegation, until the delegates half holds.
  auto officials = Officials();
  std::stable_sort(officials.begin(), officials.end(),
                   [](auto& a, auto& b) { return a.delegation_id < b.delegation_id; });
  auto roll = json::parse(Http(port_, "GET", kApi + "/attendance?session=" + std::to_string(session_)).body);
  const int needed = roll["quorum_needed"];
  std::set<int64_t> units;
  for (int i = 0; i < needed; ++i) {
    CheckIn(officials[i].badge);
    units.insert(officials[i].delegation_id);
  }
  roll = json::parse(Http(port_, "GET", kApi + "/attendance?session=" + std::to_string(session_)).body);
  EXPECT_TRUE(roll["delegates_quorum_met"]);
  EXPECT_EQ(roll["units_present"].get<int>(), static_cast<int>(units.size()));
  if (!roll["units_quorum_met"].get<bool>()) {
    // Example Q: enough people, too few delegations → refused, with both figures.
    r = Post(open);
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(Code(r), "quorum_not_met");
    EXPECT_NE(r.body.find("đơn vị (" + std::to_string(units.size()) + "/"), std::string::npos) << r.body;
  }
  // One official from every other delegation checks in: now it opens.
  for (const auto& d : officials)
    if (!units.count(d.delegation_id)) {
      CheckIn(d.badge);
      units.insert(d.delegation_id);
    }
  r = Post(open);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["state"], "open");
}

TEST_F(VotingTest, SecretMotionFromOpenToPublishedWithEveryRefusal) {
  auto officials = Officials();
  // Everyone but the last official checks in.
  for (size_t i = 0; i + 1 < officials.size(); ++i) CheckIn(officials[i].badge);
  auto poll = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua quy chế làm việc"}});
  const int64_t id = poll["id"];
  const std::string p = "/polls/" + std::to_string(id);
  EXPECT_EQ(poll["options"].size(), 3u);
  EXPECT_EQ(poll["options"][0]["label"], "Tán thành");

  auto a = Phone(officials[0].badge);
  // V5: a ballot to a poll still `created` → 409.
  EXPECT_EQ(Code(Vote(id, a, {{"nonce", Nonce()}, {"choice", "Y"}})), "poll_not_open");
  ASSERT_EQ(Post(p + "/open").status, 200);

  // V6 forged ballots: 400, nothing written.
  EXPECT_EQ(Vote(id, a, {{"nonce", Nonce()}, {"choice", "X"}}).status, 400);
  EXPECT_EQ(Vote(id, a, {{"nonce", Nonce()}, {"choice", "Y"}, {"extra", 1}}).status, 400);
  EXPECT_EQ(Vote(id, a, {{"nonce", Nonce()}, {"keep", {1}}}).status, 400);
  EXPECT_EQ(Vote(id, a, {{"nonce", "ngan"}, {"choice", "Y"}}).status, 400);
  EXPECT_EQ(Vote(id, a, {{"nonce", Nonce()}, {"choice", std::string(5000, 'Y')}}).status, 400);
  std::vector<int> many(10000, 1);
  EXPECT_EQ(Vote(id, a, {{"nonce", Nonce()}, {"keep", many}}).status, 400);
  auto progress = json::parse(HttpAnonymous(port_, "GET", kApi + p + "/progress").body);
  EXPECT_EQ(progress["cast"], 0);

  // A ballot, its retry (200, same receipt) and a second ballot (409).
  const std::string nonce_a = Nonce();
  auto first = Vote(id, a, {{"nonce", nonce_a}, {"choice", "Y"}});
  ASSERT_EQ(first.status, 201) << first.body;
  const std::string receipt = json::parse(first.body)["receipt"];
  EXPECT_EQ(receipt.size(), 9u);
  for (int i = 0; i < 5; ++i) {
    auto again = Vote(id, a, {{"nonce", nonce_a}, {"choice", "Y"}});
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(json::parse(again.body)["receipt"], receipt);
  }
  EXPECT_EQ(Code(Vote(id, a, {{"nonce", Nonce()}, {"choice", "N"}})), "already_voted");

  // V4: without CSRF → 403; staff → not_a_delegate; guests and alternates → not_entitled.
  auto b = Phone(officials[1].badge);
  Headers no_csrf = {{"Cookie", b["Cookie"]}};
  EXPECT_EQ(Vote(id, no_csrf, {{"nonce", Nonce()}, {"choice", "N"}}).status, 403);
  EXPECT_EQ(Code(Post(p + "/ballots", {{"nonce", Nonce()}, {"choice", "Y"}})), "not_a_delegate");
  for (const auto& d : delegates_)
    if (d.kind != "official") {
      auto g = Phone(d.badge);
      auto r = Vote(id, g, {{"nonce", Nonce()}, {"choice", "Y"}});
      EXPECT_EQ(r.status, 403);
      EXPECT_EQ(Code(r), "not_entitled") << d.kind;
    }
  // Not checked in → not_present; a late check-in while open → may vote.
  auto late = Phone(officials.back().badge);
  auto r = Vote(id, late, {{"nonce", Nonce()}, {"choice", "A"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Code(r), "not_present");
  auto me = json::parse(HttpAnonymous(port_, "GET", kApi + p + "/me", "", late).body);
  EXPECT_FALSE(me["eligible"]);
  EXPECT_EQ(me["reason"], "not_present");
  CheckIn(officials.back().badge);
  EXPECT_EQ(Vote(id, late, {{"nonce", Nonce()}, {"choice", "A"}}).status, 201);

  // V3: 20 concurrent ballots from one phone with different nonces → one 201.
  std::atomic<int> created{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&] {
      auto x = Vote(id, b, {{"nonce", Nonce()}, {"choice", "N"}});
      (x.status == 201 ? created : x.status == 409 ? conflicts : other)++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), 19);
  EXPECT_EQ(other.load(), 0);
  // …and the store holds as many voters as ballots (3: a, late and b).
  {
    TestStore store(*server_);
    const std::string pid = std::to_string(id);
    EXPECT_EQ(store.Int("SELECT count(*) FROM poll_voters WHERE poll_id = " + pid), 3);
    EXPECT_EQ(store.Int("SELECT count(*) FROM ballots WHERE poll_id = " + pid), 3);
  }
  // V6: the forged ballots left an audit entry each, naming no choice.
  {
    auto audit = json::parse(Http(port_, "GET", "/api/v1/audit?limit=200").body);
    int rejected = 0;
    for (const auto& e : audit["entries"]) {
      if (e.value("action", "") != "vote_rejected") continue;
      ++rejected;
      EXPECT_EQ(e.value("outcome", ""), std::to_string(id) + " forged_ballot");
    }
    EXPECT_GE(rejected, 2);  // choice "X" and a keep-list on a motion reach the service
  }

  // V9: while open, nobody sees a result; the progress is counts only.
  EXPECT_TRUE(json::parse(Http(port_, "GET", kApi + p).body)["result"].is_null());
  EXPECT_TRUE(json::parse(HttpAnonymous(port_, "GET", kApi + p, "", a).body)["result"].is_null());
  progress = json::parse(HttpAnonymous(port_, "GET", kApi + p + "/progress").body);
  EXPECT_EQ(progress["cast"], 3);
  EXPECT_EQ(progress["eligible"].get<size_t>(), officials.size());
  EXPECT_EQ(progress.size(), 3u);  // id, cast, eligible: no per-option figure
  // …nor the hall's anonymous reads (the poll, the list of polls).
  auto no_result_for_the_hall = [&] {
    EXPECT_TRUE(json::parse(HttpAnonymous(port_, "GET", kApi + p).body)["result"].is_null());
    const json list = json::parse(HttpAnonymous(port_, "GET", kApi + "/polls").body);
    for (const auto& x : list["polls"])
      if (x["id"] == id) {
        EXPECT_TRUE(x["result"].is_null()) << x.dump();
      }
  };
  no_result_for_the_hall();

  // Close: the chair sees the result, a delegate not yet.
  auto closed = Post(p + "/close");
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(Code(Vote(id, b, {{"nonce", Nonce()}, {"choice", "N"}})), "poll_not_open");
  auto res = json::parse(closed.body)["result"];
  EXPECT_EQ(res["yes"], 1);
  EXPECT_EQ(res["no"], 1);
  EXPECT_EQ(res["abstain"], 1);
  EXPECT_EQ(res["base"].get<size_t>(), officials.size());
  EXPECT_EQ(res["not_voted"].get<size_t>(), officials.size() - 3);
  EXPECT_FALSE(res["passed"]);
  EXPECT_TRUE(json::parse(HttpAnonymous(port_, "GET", kApi + p, "", a).body)["result"].is_null());
  no_result_for_the_hall();  // closed, not yet published
  // A receipt says nothing before publish.
  EXPECT_EQ(HttpAnonymous(port_, "GET", kApi + p + "/receipt/" + nonce_a).status, 409);

  // V16: the bảng kê hashes to the published tally_sha256.
  auto csv = Http(port_, "GET", kApi + p + "/tally.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(Sha256Hex(csv.body), json::parse(closed.body)["tally_sha256"]);
  EXPECT_EQ(HttpAnonymous(port_, "GET", kApi + p + "/tally.csv", "", a).status, 403);
  auto voters = json::parse(Http(port_, "GET", kApi + p + "/voters").body);
  EXPECT_EQ(voters["count"], 3);

  ASSERT_EQ(Post(p + "/publish").status, 200);
  auto pub = json::parse(HttpAnonymous(port_, "GET", kApi + p, "", a).body);
  EXPECT_EQ(pub["state"], "published");
  EXPECT_EQ(pub["result"]["yes"], 1);
  auto rc = json::parse(HttpAnonymous(port_, "GET", kApi + p + "/receipt/" + nonce_a).body);
  EXPECT_TRUE(rc["counted"]);
  EXPECT_TRUE(rc["valid"]);
  EXPECT_EQ(rc.size(), 2u);  // never the choice
  EXPECT_EQ(HttpAnonymous(port_, "GET", kApi + p + "/receipt/" + Nonce()).status, 404);
  // V10: a published poll is final.
  EXPECT_EQ(Post(p + "/publish").status, 409);
  EXPECT_EQ(Post(p + "/cancel", {{"reason", "nhầm"}}).status, 409);
  EXPECT_EQ(Post(p + "/open").status, 409);

  // The event stream carried the states and counts, never a choice.
  int fd = ConnectRaw(port_);
  ASSERT_GE(fd, 0);
  SendRaw(fd, "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n");
  std::string stream = ReadUntil(fd, "event: poll_result", 3000);
  ::close(fd);
  EXPECT_NE(stream.find("event: poll\n"), std::string::npos) << stream;
  EXPECT_NE(stream.find("event: poll_progress"), std::string::npos);
  EXPECT_NE(stream.find("event: poll_result"), std::string::npos);
  EXPECT_EQ(stream.find("\"yes\""), std::string::npos);
  EXPECT_EQ(stream.find("Y\""), std::string::npos);
}

TEST_F(VotingTest, V7ASecondPhoneWithACopiedBadgeIsRefusedUntilRebound) {
  FullHouse();
  auto officials = Officials();
  const std::string token = Token(officials[2].badge);
  auto phone1 = Phone(officials[2].badge, token);
  auto phone2 = Phone(officials[2].badge, token);  // the copied QR
  auto p1 = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Biểu quyết 1"}});
  ASSERT_EQ(Post("/polls/" + std::to_string(p1["id"].get<int64_t>()) + "/open").status, 200);
  ASSERT_EQ(Vote(p1["id"], phone1, {{"nonce", Nonce()}, {"choice", "Y"}}).status, 201);
  ASSERT_EQ(Post("/polls/" + std::to_string(p1["id"].get<int64_t>()) + "/close").status, 200);
  auto p2 = CreatePoll({{"kind", "motion"}, {"mode", "named"}, {"title", "Biểu quyết 2"}});
  const std::string path2 = "/polls/" + std::to_string(p2["id"].get<int64_t>());
  ASSERT_EQ(Post(path2 + "/open").status, 200);
  auto r = Vote(p2["id"], phone2, {{"nonce", Nonce()}, {"choice", "Y"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Code(r), "device_not_bound");
  // The console's audit view shows the alert.
  auto audit = Http(port_, "GET", "/api/v1/audit?limit=50");
  EXPECT_NE(audit.body.find("poll.device_not_bound"), std::string::npos);
  // The secretariat checks the person and rebinds: the new phone votes once.
  ASSERT_EQ(Post("/delegates/" + officials[2].badge + "/voting-device/reset").status, 200);
  EXPECT_EQ(Vote(p2["id"], phone2, {{"nonce", Nonce()}, {"choice", "Y"}}).status, 201);
  EXPECT_EQ(Code(Vote(p2["id"], phone1, {{"nonce", Nonce()}, {"choice", "N"}})), "device_not_bound");
}

// V3 with two phones: a delegate signed in on two phones sends from both at
// once (10 ballots each, different nonces) before either is bound to vote:
// exactly one ballot counts; the rest are told "already voted" or "not the
// voting device"; the store holds one voter and one ballot.
TEST_F(VotingTest, V3TwoPhonesOfOneDelegateCastOneBallot) {
  FullHouse();
  auto officials = Officials();
  const std::string token = Token(officials[3].badge);
  std::vector<Headers> phones = {Phone(officials[3].badge, token), Phone(officials[3].badge, token)};
  auto poll = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua danh sách bầu cử"}});
  const int64_t id = poll["id"];
  ASSERT_EQ(Post("/polls/" + std::to_string(id) + "/open").status, 200);
  std::atomic<int> created{0}, voted{0}, unbound{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&, i] {
      auto r = Vote(id, phones[i % 2], {{"nonce", Nonce()}, {"choice", i % 3 ? "Y" : "N"}});
      const std::string code = Code(r);
      if (r.status == 201) ++created;
      else if (r.status == 409 && code == "already_voted") ++voted;
      else if (r.status == 403 && code == "device_not_bound") ++unbound;
      else ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(voted.load() + unbound.load(), 19);
  TestStore store(*server_);
  const std::string pid = std::to_string(id);
  EXPECT_EQ(store.Int("SELECT count(*) FROM poll_voters WHERE poll_id = " + pid), 1);
  EXPECT_EQ(store.Int("SELECT count(*) FROM ballots WHERE poll_id = " + pid), 1);
  EXPECT_EQ(json::parse(HttpAnonymous(port_, "GET", kApi + "/polls/" + pid + "/progress").body)["cast"], 1);
}

TEST_F(VotingTest, V14ElectionWithTellersSignOffAndResultVisibility) {
  FullHouse();
  auto officials = Officials();
  auto e = Post("/elections", {{"title", "Bầu Ban Chấp hành khóa XV"}, {"seats", 2}});
  ASSERT_EQ(e.status, 201) << e.body;
  const std::string el = "/elections/" + std::to_string(json::parse(e.body)["id"].get<int64_t>());
  // Three candidates; one of them is an official delegate.
  ASSERT_EQ(Post(el + "/candidates", {{"full_name", "Nguyễn Văn Bình"}, {"birth_date", "1990-04-02"}}).status, 201);
  ASSERT_EQ(Post(el + "/candidates", {{"full_name", "Trần Thị An"}}).status, 201);
  ASSERT_EQ(Post(el + "/candidates", {{"full_name", officials[5].full_name}}).status, 201);
  EXPECT_EQ(Post(el + "/candidates", {{"full_name", "  "}}).status, 400);
  EXPECT_EQ(Post(el + "/candidates", {{"full_name", "X"}, {"birth_date", "hôm qua"}}).status, 400);
  // V14: a candidate cannot count the votes.
  auto bad = Http(port_, "PUT", kApi + el + "/tellers", json({{"badges", {officials[0].badge, officials[5].badge}}}).dump());
  EXPECT_EQ(bad.status, 400);
  auto poll = CreatePoll({{"kind", "election"}, {"mode", "secret"}, {"election_id", json::parse(e.body)["id"]}});
  const int64_t id = poll["id"];
  const std::string p = "/polls/" + std::to_string(id);
  // Without two tellers the ballot does not open.
  EXPECT_EQ(Code(Post(p + "/open")), "tellers_missing");
  ASSERT_EQ(Http(port_, "PUT", kApi + el + "/tellers", json({{"badges", {officials[0].badge, officials[1].badge}}}).dump()).status, 200);
  // A-B-C order by the given name: An before Bình.
  int an = 0, binh = 0;
  for (const auto& o : poll["options"]) {
    if (o["label"] == "Trần Thị An") an = o["position"];
    if (o["label"] == "Nguyễn Văn Bình") binh = o["position"];
  }
  ASSERT_TRUE(an && binh);
  EXPECT_LT(an, binh);
  ASSERT_EQ(Post(p + "/open").status, 200);
  // Candidates are frozen once the ballot is open.
  EXPECT_EQ(Post(el + "/candidates", {{"full_name", "Người đến muộn"}}).status, 409);

  auto head = Phone(officials[0].badge);
  auto second = Phone(officials[1].badge);
  auto voter = Phone(officials[2].badge);
  // V2: duplicates and unknown positions are forged (400), not invalid.
  EXPECT_EQ(Vote(id, voter, {{"nonce", Nonce()}, {"keep", {1, 1}}}).status, 400);
  EXPECT_EQ(Vote(id, voter, {{"nonce", Nonce()}, {"keep", {4}}}).status, 400);
  EXPECT_EQ(Vote(id, voter, {{"nonce", Nonce()}, {"choice", "Y"}}).status, 400);
  // Valid (2 kept), and knowingly invalid ballots (3 kept; none kept).
  EXPECT_EQ(Vote(id, voter, {{"nonce", Nonce()}, {"keep", {an, binh}}}).status, 201);
  EXPECT_EQ(Vote(id, head, {{"nonce", Nonce()}, {"keep", {1, 2, 3}}}).status, 201);
  EXPECT_EQ(Vote(id, second, {{"nonce", Nonce()}, {"keep", json::array()}}).status, 201);
  for (int i = 3; i < 8; ++i)
    ASSERT_EQ(Vote(id, Phone(officials[i].badge), {{"nonce", Nonce()}, {"keep", {an}}}).status, 201);
  auto closed = Post(p + "/close");
  ASSERT_EQ(closed.status, 200);
  auto res = json::parse(closed.body)["result"];
  EXPECT_EQ(res["returned"], 8);
  EXPECT_EQ(res["valid"], 6);
  EXPECT_EQ(res["invalid"], 2);
  EXPECT_EQ(res["invalid_by_reason"]["too_many"], 1);
  EXPECT_EQ(res["invalid_by_reason"]["none_kept"], 1);
  EXPECT_EQ(res["threshold_base"], "valid");
  EXPECT_EQ(res["threshold_votes"], 4);
  EXPECT_EQ(res["candidates"][an - 1]["votes"], 6);
  EXPECT_EQ(res["candidates"][binh - 1]["votes"], 1);
  EXPECT_EQ(res["elected"], json::array({an}));
  EXPECT_EQ(res["empty_seats"], 1);
  const std::string sha = json::parse(closed.body)["tally_sha256"];
  // Tellers see the unpublished result; other delegates do not.
  EXPECT_FALSE(json::parse(HttpAnonymous(port_, "GET", kApi + p, "", second).body)["result"].is_null());
  EXPECT_TRUE(json::parse(HttpAnonymous(port_, "GET", kApi + p, "", voter).body)["result"].is_null());
  // Publish needs the head teller and one more on the current hash.
  EXPECT_EQ(Code(Post(p + "/publish")), "signoff_missing");
  EXPECT_EQ(Post(p + "/signoff", {{"sha256", sha}}, voter).status, 403);
  EXPECT_EQ(Code(Post(p + "/signoff", {{"sha256", std::string(64, 'a')}}, head)), "stale_hash");
  ASSERT_EQ(Post(p + "/signoff", {{"sha256", sha}}, head).status, 200);
  EXPECT_EQ(Code(Post(p + "/publish")), "signoff_missing");
  ASSERT_EQ(Post(p + "/signoff", {{"sha256", sha}}, second).status, 200);
  auto pub = Post(p + "/publish");
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_FALSE(json::parse(HttpAnonymous(port_, "GET", kApi + p, "", voter).body)["result"].is_null());

  // V16: the minutes print the hash of the bảng kê, the figures and both sign-offs.
  auto csv = HttpAnonymous(port_, "GET", kApi + p + "/tally.csv", "", head);
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(Sha256Hex(csv.body), sha);
  EXPECT_EQ(HttpAnonymous(port_, "GET", kApi + p + "/minutes.pdf", "", voter).status, 403);
  auto pdf = Http(port_, "GET", kApi + p + "/minutes.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  const std::string file = tmp_ + "/bien-ban.pdf";
  {
    std::ofstream(file, std::ios::binary) << pdf.body;
  }
  FILE* pipe = popen(("pdftotext -layout " + file + " - 2>/dev/null").c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) text.append(buf, n);
  pclose(pipe);
  std::string flat;
  for (char ch : text)
    if (ch != '\n' && ch != ' ') flat += ch;  // the hash may wrap across lines
  EXPECT_NE(text.find("BIÊN BẢN KIỂM PHIẾU BẦU CỬ"), std::string::npos) << text;
  EXPECT_NE(flat.find(sha), std::string::npos) << text;
  EXPECT_NE(text.find("Số phiếu không hợp lệ: 2"), std::string::npos) << text;
  EXPECT_NE(flat.find("Trưởngban"), std::string::npos) << text;
  EXPECT_NE(text.find(officials[0].full_name + " "), std::string::npos);

  // V16: the XLSX shows the very figures of the hall (the API result) and the minutes.
  EXPECT_EQ(HttpAnonymous(port_, "GET", kApi + p + "/result.xlsx", "", voter).status, 403);
  auto xlsx = Http(port_, "GET", kApi + p + "/result.xlsx");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  auto sheet = io::ParseSpreadsheet(xlsx.body);
  ASSERT_TRUE(sheet.ok()) << sheet.status().ToString();
  const json shown = json::parse(Http(port_, "GET", kApi + p).body)["result"];
  std::map<std::string, std::vector<std::string>> by_label;
  for (const auto& row : sheet->rows)
    if (row.cells.size() >= 3) by_label[row.cells[1]] = row.cells;
  int candidates_seen = 0;
  for (const auto& k : shown["candidates"]) {
    const std::string name = k["full_name"];
    ASSERT_TRUE(by_label.count(name)) << name;
    const auto& cells = by_label[name];
    ASSERT_GE(cells.size(), 5u) << name;
    EXPECT_EQ(cells[2], std::to_string(k["votes"].get<int>())) << name;
    std::string pv = k["percent_valid"];
    std::replace(pv.begin(), pv.end(), '.', ',');
    EXPECT_EQ(cells[3], pv) << name;
    // …and the minutes print the same votes and percentage for that name.
    EXPECT_NE(text.find(name + ": " + cells[2] + " phiếu, " + pv + " %"), std::string::npos) << name << "\n" << text;
    ++candidates_seen;
  }
  EXPECT_EQ(candidates_seen, 3);
  for (const auto& [label, key] : std::vector<std::pair<std::string, std::string>>{
           {"Số phiếu thu vào", "returned"}, {"Số phiếu hợp lệ", "valid"}, {"Số phiếu không hợp lệ", "invalid"}}) {
    ASSERT_TRUE(by_label.count(label)) << label;
    EXPECT_EQ(by_label[label][2], std::to_string(shown[key].get<int>())) << label;
    EXPECT_NE(text.find(label + ": " + by_label[label][2]), std::string::npos) << label;
  }
  auto verdict = [&](const std::string& name) {
    const auto& cells = by_label[name];
    return cells.size() > 5 ? cells[5] : std::string();
  };
  EXPECT_EQ(verdict("Trần Thị An"), "Trúng cử");
  EXPECT_EQ(verdict("Nguyễn Văn Bình"), "");

  // On publish the minutes become a congress document with its QR code,
  // in the documents list like every other document.
  std::string code;
  for (int i = 0; i < 100 && code.empty(); ++i) {
    auto got = json::parse(Http(port_, "GET", kApi + p).body);
    if (got["minutes_code"].is_string()) code = got["minutes_code"];
    else std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_FALSE(code.empty()) << "the minutes were not filed";
  auto docs = json::parse(HttpAnonymous(port_, "GET", kApi + "/documents").body);
  bool listed = false;
  for (const auto& d : docs["documents"])
    if (d.value("code", "") == code) {
      listed = true;
      EXPECT_EQ(d.value("title", ""), "Biên bản kiểm phiếu bầu cử: Bầu Ban Chấp hành khóa XV");
    }
  EXPECT_TRUE(listed) << docs.dump().substr(0, 2000);
  auto qr = HttpAnonymous(port_, "GET", "/api/v1/documents/" + code + "/qr");
  EXPECT_EQ(qr.status, 200);
  auto filed = HttpAnonymous(port_, "GET", "/api/v1/documents/" + code + "/file");
  ASSERT_EQ(filed.status, 200);
  EXPECT_EQ(filed.body.substr(0, 5), "%PDF-");
}

TEST_F(VotingTest, V12CancelDeletesBallotsAndRestartStartsEmpty) {
  FullHouse();
  auto officials = Officials();
  auto poll = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua Nghị quyết"}});
  const std::string p = "/polls/" + std::to_string(poll["id"].get<int64_t>());
  ASSERT_EQ(Post(p + "/open").status, 200);
  std::vector<Headers> phones;
  for (int i = 0; i < 5; ++i) {
    phones.push_back(Phone(officials[i].badge));
    ASSERT_EQ(Vote(poll["id"], phones.back(), {{"nonce", Nonce()}, {"choice", "Y"}}).status, 201);
  }
  // An open poll needs a reason to be cancelled.
  EXPECT_EQ(Post(p + "/cancel", json::object()).status, 400);
  auto c = Post(p + "/cancel", {{"reason", "Mất điện hội trường"}});
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(json::parse(c.body)["state"], "cancelled");
  EXPECT_EQ(json::parse(HttpAnonymous(port_, "GET", kApi + p + "/progress").body)["cast"], 0);
  EXPECT_EQ(Http(port_, "GET", kApi + p + "/tally.csv").status, 409);
  EXPECT_NE(Http(port_, "GET", "/api/v1/audit?limit=50").body.find("Mất điện hội trường"), std::string::npos);
  // The store holds nothing of the cancelled attempt.
  {
    const std::string pid = std::to_string(poll["id"].get<int64_t>());
    EXPECT_EQ(TestStore(*server_).Int("SELECT (SELECT count(*) FROM ballots WHERE poll_id = " + pid +
                                      ") + (SELECT count(*) FROM poll_voters WHERE poll_id = " + pid + ")"),
              0);
  }
  auto again = Post(p + "/restart");
  ASSERT_EQ(again.status, 200) << again.body;
  auto p2 = json::parse(again.body);
  EXPECT_EQ(p2["attempt"], 2);
  EXPECT_EQ(p2["supersedes_id"], poll["id"]);
  EXPECT_EQ(p2["state"], "created");
  ASSERT_EQ(Post("/polls/" + std::to_string(p2["id"].get<int64_t>()) + "/open").status, 200);
  for (auto& ph : phones) EXPECT_EQ(Vote(p2["id"], ph, {{"nonce", Nonce()}, {"choice", "N"}}).status, 201);
  // The minutes of attempt 2 say that attempt 1 was cancelled, when and why.
  ASSERT_EQ(Post("/polls/" + std::to_string(p2["id"].get<int64_t>()) + "/close").status, 200);
  auto pdf = Http(port_, "GET", kApi + "/polls/" + std::to_string(p2["id"].get<int64_t>()) + "/minutes.pdf");
  ASSERT_EQ(pdf.status, 200);
  const std::string text = PdfText(tmp_, pdf.body);
  EXPECT_NE(text.find("Các lần tổ chức trước"), std::string::npos) << text;
  EXPECT_NE(text.find("Lần 1"), std::string::npos) << text;
  EXPECT_NE(text.find("lý do: Mất điện hội"), std::string::npos) << text;  // the line may wrap
  EXPECT_NE(text.find("lần tổ chức thứ 2"), std::string::npos) << text;
}

TEST_F(VotingTest, ShowOfHandsTotalsCloseThePaperMotion) {
  FullHouse();
  const size_t n = Officials().size();
  auto poll = CreatePoll({{"kind", "motion"}, {"mode", "paper"}, {"title", "Bầu Đoàn Chủ tịch (giơ thẻ)"}});
  const std::string p = "/polls/" + std::to_string(poll["id"].get<int64_t>());
  ASSERT_EQ(Post(p + "/open").status, 200);
  // Phones cannot vote in a show of hands.
  EXPECT_EQ(Vote(poll["id"], Phone(Officials()[0].badge), {{"nonce", Nonce()}, {"choice", "Y"}}).status, 409);
  // More hands than people present: refused, nothing changes.
  EXPECT_EQ(Post(p + "/tally", {{"yes", static_cast<int>(n)}, {"no", 5}, {"abstain", 0}}).status, 400);
  EXPECT_EQ(json::parse(Http(port_, "GET", kApi + p).body)["state"], "open");
  auto t = Post(p + "/tally", {{"yes", static_cast<int>(n) - 3}, {"no", 2}, {"abstain", 1}});
  ASSERT_EQ(t.status, 200) << t.body;
  auto j = json::parse(t.body);
  EXPECT_EQ(j["state"], "closed");
  EXPECT_TRUE(j["result"]["passed"]);
  EXPECT_EQ(j["result"]["not_voted"], 0);
  ASSERT_EQ(Post(p + "/publish").status, 200);
}

// V4 (checked out) and R1: a delegate who leaves at the door no longer
// counts as present: the roll and the quorum drop, their ballot is refused
// (not_present) until they check in again; the quorum gate sees it too.
TEST_F(VotingTest, V4CheckOutLeavesTheRollTheQuorumAndTheBallot) {
  FullHouse();
  auto o = Officials();
  auto roll = [&] {
    return json::parse(Http(port_, "GET", kApi + "/attendance?session=" + std::to_string(session_)).body);
  };
  const int before = roll()["official_present"];
  auto out = Post("/checkout", {{"badge", o[3].badge}, {"session_id", session_}});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(roll()["official_present"], before - 1);
  // Twice is harmless; a stranger's badge or a delegate never checked in is refused.
  EXPECT_TRUE(json::parse(Post("/checkout", {{"badge", o[3].badge}, {"session_id", session_}}).body)["already"]);
  EXPECT_EQ(Post("/checkout", {{"badge", "KHONG-CO"}, {"session_id", session_}}).status, 404);
  EXPECT_EQ(roll()["official_present"], before - 1);
  // Staff only.
  auto phone = Phone(o[3].badge);
  EXPECT_EQ(Post("/checkout", {{"badge", o[4].badge}, {"session_id", session_}}, phone).status, 403);

  auto poll = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua chương trình"}});
  const int64_t id = poll["id"];
  ASSERT_EQ(Post("/polls/" + std::to_string(id) + "/open").status, 200);
  auto refused = Vote(id, phone, {{"nonce", Nonce()}, {"choice", "Y"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(Code(refused), "not_present");
  CheckIn(o[3].badge);  // back in the hall
  EXPECT_EQ(roll()["official_present"], before);
  EXPECT_EQ(Vote(id, phone, {{"nonce", Nonce()}, {"choice", "Y"}}).status, 201);
  ASSERT_EQ(Post("/polls/" + std::to_string(id) + "/close").status, 200);

  // Enough delegates leave to break the quorum: the next poll cannot open.
  const int needed = roll()["quorum_needed"];
  for (int i = 0; roll()["official_present"].get<int>() >= needed && i < static_cast<int>(o.size()); ++i)
    ASSERT_EQ(Post("/checkout", {{"badge", o[i].badge}, {"session_id", session_}}).status, 200);
  auto next = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua quy chế"}});
  EXPECT_EQ(Code(Post("/polls/" + std::to_string(next["id"].get<int64_t>()) + "/open")), "quorum_not_met");
}

// Design R7 / E2 through the API: a tie across the last seat → a runoff
// among the tied names for the seats at stake, created by the chair once
// the result is published; the runoff's winner completes the seats.
TEST_F(VotingTest, E2TieAcrossTheLastSeatGoesToARunoffPoll) {
  FullHouse();
  Election e;
  ASSERT_NO_FATAL_FAILURE(MakeElection("Bầu Ban Thường vụ", 2, &e));
  auto poll = CreatePoll({{"kind", "election"}, {"mode", "secret"}, {"election_id", e.id}});
  const int64_t id = poll["id"];
  const std::string p = "/polls/" + std::to_string(id);
  std::map<std::string, int> pos;
  for (const auto& x : poll["options"]) pos[x["label"]] = x["position"];
  const int an = pos["Lê Văn An"], ha = pos["Phạm Thị Hà"], khoi = pos["Đỗ Minh Khôi"];
  ASSERT_EQ(Post(p + "/open").status, 200);
  // An 8, Hà 6, Khôi 6 of 10 valid: all three pass (≥ 6); An is elected,
  // Hà and Khôi tie at 6 for the one seat left.
  std::vector<std::vector<int>> keeps = {{an, ha}, {an, ha}, {an, ha}, {an, ha}, {an, khoi},
                                         {an, khoi}, {an, khoi}, {an, khoi}, {ha, khoi}, {ha, khoi}};
  for (size_t i = 0; i < keeps.size(); ++i)
    ASSERT_EQ(Vote(id, e.phones[i], {{"nonce", Nonce()}, {"keep", keeps[i]}}).status, 201);
  auto closed = Post(p + "/close");
  ASSERT_EQ(closed.status, 200);
  auto res = json::parse(closed.body)["result"];
  EXPECT_EQ(res["elected"], json::array({an}));
  ASSERT_TRUE(res["runoff"].is_object()) << res.dump();
  EXPECT_EQ(res["runoff"]["seats"], 1);
  // Not before the result is published (and signed by the tellers).
  EXPECT_EQ(Code(Post(p + "/runoff")), "not_published");
  json published;
  ASSERT_NO_FATAL_FAILURE(SignOffAndPublish(e, id, closed, &published));
  // A delegate cannot create it; the chair can, once.
  EXPECT_EQ(Post(p + "/runoff", json::object(), e.phones[0]).status, 403);
  auto ro = Post(p + "/runoff");
  ASSERT_EQ(ro.status, 201) << ro.body;
  auto r = json::parse(ro.body);
  EXPECT_EQ(r["purpose"], "runoff");
  EXPECT_EQ(r["round"], 1);
  EXPECT_EQ(r["seats"], 1);
  EXPECT_EQ(r["follows_id"], id);
  EXPECT_EQ(r["state"], "created");
  ASSERT_EQ(r["options"].size(), 2u);  // only the tied names, in A-B-C order
  EXPECT_EQ(r["options"][0]["label"], "Phạm Thị Hà");
  EXPECT_EQ(r["options"][1]["label"], "Đỗ Minh Khôi");
  EXPECT_EQ(Code(Post(p + "/runoff")), "round_exists");
  EXPECT_EQ(Code(Post(p + "/next-round", {{"decision_poll_id", 1}})), "round_exists");
  // The runoff: the most votes win (no new majority needed).
  const int64_t rid = r["id"];
  const std::string rp = "/polls/" + std::to_string(rid);
  ASSERT_EQ(Post(rp + "/open").status, 200);
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(Vote(rid, e.phones[i], {{"nonce", Nonce()}, {"keep", {i < 3 ? 2 : 1}}}).status, 201);
  auto rc = Post(rp + "/close");
  ASSERT_EQ(rc.status, 200);
  auto rr = json::parse(rc.body)["result"];
  EXPECT_EQ(rr["elected"], json::array({2}));  // Khôi, 3 of 5
  EXPECT_TRUE(rr["runoff"].is_null());
  ASSERT_NO_FATAL_FAILURE(SignOffAndPublish(e, rid, rc, &published));
  // Both seats are filled now: no runoff, no further round.
  EXPECT_EQ(Code(Post(rp + "/runoff")), "no_runoff");
  EXPECT_EQ(Code(Post(rp + "/next-round", {{"decision_poll_id", 1}})), "no_empty_seats");
  // The minutes of the runoff say what it is.
  auto md = Http(port_, "GET", kApi + rp + "/minutes.pdf");
  EXPECT_EQ(md.status, 200);
}

// Design R8 / E3 through the API: seats left empty → a further round only
// after a published motion of the congress that passed; the list is who
// was not elected; no more rounds than max_rounds.
TEST_F(VotingTest, E3EmptySeatsNeedACongressDecisionForAFurtherRound) {
  FullHouse();
  const int n = static_cast<int>(Officials().size());
  Election e;
  ASSERT_NO_FATAL_FAILURE(MakeElection("Bầu Ủy ban Kiểm tra", 2, &e));
  EXPECT_EQ(e.created["max_rounds"], 2);
  auto poll = CreatePoll({{"kind", "election"}, {"mode", "secret"}, {"election_id", e.id}});
  const int64_t id = poll["id"];
  std::map<std::string, int> pos;
  for (const auto& x : poll["options"]) pos[x["label"]] = x["position"];
  // An 8 of 10 passes; Hà 2 does not: one seat stays empty.
  std::vector<std::vector<int>> keeps(8, {pos["Lê Văn An"]});
  keeps.push_back({pos["Phạm Thị Hà"]});
  keeps.push_back({pos["Phạm Thị Hà"]});
  json first;
  ASSERT_NO_FATAL_FAILURE(RunRound(e, id, keeps, &first));
  EXPECT_EQ(first["result"]["empty_seats"], 1);
  const std::string p = "/polls/" + std::to_string(id);
  EXPECT_EQ(Code(Post(p + "/runoff")), "no_runoff");
  // No decision, a decision that failed, or a decision that is not a motion: refused.
  EXPECT_EQ(Post(p + "/next-round", json::object()).status, 400);
  EXPECT_EQ(Code(Post(p + "/next-round", {{"decision_poll_id", 0}})), "decision_missing");
  EXPECT_EQ(Code(Post(p + "/next-round", {{"decision_poll_id", id}})), "decision_missing");
  int64_t failed = 0;
  ASSERT_NO_FATAL_FAILURE(CongressDecision(n / 2, n - n / 2, &failed));  // exactly half is not enough
  auto count = [&] { return json::parse(Http(port_, "GET", kApi + "/polls").body)["polls"].size(); };
  const size_t before = count();
  EXPECT_EQ(Code(Post(p + "/next-round", {{"decision_poll_id", failed}})), "decision_missing");
  EXPECT_EQ(count(), before);  // nothing created
  int64_t passed = 0;
  ASSERT_NO_FATAL_FAILURE(CongressDecision(n - 1, 1, &passed));
  auto nr = Post(p + "/next-round", {{"decision_poll_id", passed}});
  ASSERT_EQ(nr.status, 201) << nr.body;
  auto r2 = json::parse(nr.body);
  EXPECT_EQ(r2["purpose"], "additional");
  EXPECT_EQ(r2["round"], 2);
  EXPECT_EQ(r2["seats"], 1);
  EXPECT_EQ(r2["decision_id"], passed);
  ASSERT_EQ(r2["options"].size(), 2u);  // An is elected: not on the list again
  EXPECT_EQ(r2["options"][0]["label"], "Phạm Thị Hà");
  EXPECT_EQ(r2["options"][1]["label"], "Đỗ Minh Khôi");
  EXPECT_EQ(Code(Post(p + "/next-round", {{"decision_poll_id", passed}})), "round_exists");
  // Round 2 (threshold on its own ballots, 6 of 10): 5 / 5 → nobody passes.
  json second_round;
  ASSERT_NO_FATAL_FAILURE(RunRound(e, r2["id"], {{1}, {1}, {1}, {1}, {1}, {2}, {2}, {2}, {2}, {2}}, &second_round));
  EXPECT_EQ(second_round["result"]["threshold_votes"], 6);
  EXPECT_EQ(second_round["result"]["elected"].size(), 0u);
  // max_rounds = 2: even with another decision, no third round.
  int64_t again = 0;
  ASSERT_NO_FATAL_FAILURE(CongressDecision(n - 1, 1, &again));
  const std::string p2 = "/polls/" + std::to_string(r2["id"].get<int64_t>());
  EXPECT_EQ(Code(Post(p2 + "/next-round", {{"decision_poll_id", again}})), "max_rounds");
}

// #12: an election whose first round leaves seats empty ends with ONE
// result — everyone elected across the rounds, with the round and the
// figures that elected them — identical on the hall (the public API the
// projector reads), in the published minutes, in result.xlsx and on the
// election. Names added to the further round (R8, Quy chế bầu cử trong
// Đảng Điều 20.2) are validated: not twice, not someone already elected,
// at most 30 % more names than seats.
TEST_F(VotingTest, OneOutcomeAcrossRoundsWithNamesAddedForTheFurtherRound) {
  FullHouse();
  const int n = static_cast<int>(Officials().size());
  Election e;
  ASSERT_NO_FATAL_FAILURE(MakeElection("Bầu Ban Thường vụ", 3, &e));
  auto poll = CreatePoll({{"kind", "election"}, {"mode", "secret"}, {"election_id", e.id}});
  const int64_t id1 = poll["id"];
  // Round 1, 10 ballots, threshold 6: An 8 is elected; Hà 4 and Khôi 3 are not: 2 seats empty.
  std::vector<std::vector<int>> keeps;
  for (int i = 0; i < 10; ++i) {
    std::vector<int> k;
    if (i < 8) k.push_back(1);   // An (A-B-C: An, Hà, Khôi)
    if (i < 4) k.push_back(2);   // Hà
    if (i >= 7) k.push_back(3);  // Khôi
    keeps.push_back(k);
  }
  json first;
  ASSERT_NO_FATAL_FAILURE(RunRound(e, id1, keeps, &first));
  EXPECT_EQ(first["result"]["empty_seats"], 2);
  EXPECT_EQ(first["result"]["overall"]["status"], "seats_empty");
  EXPECT_FALSE(first["result"]["overall"]["final"]);
  // The congress decides to go on; the chair creates round 2.
  int64_t decision = 0;
  ASSERT_NO_FATAL_FAILURE(CongressDecision(n - 1, 1, &decision));
  auto nr = Post("/polls/" + std::to_string(id1) + "/next-round", {{"decision_poll_id", decision}});
  ASSERT_EQ(nr.status, 201) << nr.body;
  const int64_t id2 = json::parse(nr.body)["id"];
  const std::string p2 = "/polls/" + std::to_string(id2);
  EXPECT_EQ(json::parse(nr.body)["options"].size(), 2u);  // Hà, Khôi

  // Adding names to round 2's list.
  auto add = [&](const std::string& name) { return Post(p2 + "/candidates", {{"full_name", name}}); };
  auto dup = add("phạm thị hà");  // already on the list (case and tone marks aside)
  EXPECT_EQ(dup.status, 400);
  EXPECT_NE(json::parse(dup.body)["error"]["message"].get<std::string>().find("đã có trong danh sách"), std::string::npos);
  auto again = add("Lê Văn An");  // elected in round 1
  EXPECT_EQ(again.status, 400);
  EXPECT_NE(json::parse(again.body)["error"]["message"].get<std::string>().find("đã trúng cử"), std::string::npos);
  EXPECT_EQ(add("  ").status, 400);
  EXPECT_EQ(Post(p2 + "/candidates", {{"full_name", "Vũ Quang Sử"}}, e.phones[0]).status, 403);  // staff only
  EXPECT_EQ(Post("/polls/" + std::to_string(id1) + "/candidates", {{"full_name", "Vũ Quang Sử"}}).status, 409);
  auto added = add("Vũ Quang Sử");
  ASSERT_EQ(added.status, 201) << added.body;
  auto ballot2 = json::parse(added.body)["options"];
  ASSERT_EQ(ballot2.size(), 3u);  // A-B-C: Hà, Khôi, Sử
  EXPECT_EQ(ballot2[0]["label"], "Phạm Thị Hà");
  EXPECT_EQ(ballot2[2]["label"], "Vũ Quang Sử");
  // 3 names for 2 seats is the most (30 % more, rounded up): a 4th is refused.
  auto over = add("Ngô Thị Yến");
  EXPECT_EQ(over.status, 400);
  EXPECT_NE(json::parse(over.body)["error"]["message"].get<std::string>().find("30%"), std::string::npos);
  EXPECT_EQ(json::parse(Http(port_, "GET", kApi + p2).body)["options"].size(), 3u);  // nothing written
  EXPECT_NE(Http(port_, "GET", "/api/v1/audit?limit=50").body.find("poll.round_candidate"), std::string::npos);

  // Round 2 (threshold 6 of 10): Hà 8 and Sử 7 are elected, Khôi 2 is not.
  std::vector<std::vector<int>> keeps2;
  for (int i = 0; i < 10; ++i) {
    std::vector<int> k;
    if (i < 8) k.push_back(1);
    if (i >= 8) k.push_back(2);
    if (i < 7) k.push_back(3);
    keeps2.push_back(k);
  }
  json second_round;
  ASSERT_NO_FATAL_FAILURE(RunRound(e, id2, keeps2, &second_round));
  // Opened: no more names.
  EXPECT_EQ(Code(add("Ngô Thị Yến")), "poll_not_draft");

  // The hall reads the published poll anonymously: the overall result.
  auto hall = json::parse(HttpAnonymous(port_, "GET", kApi + p2).body)["result"]["overall"];
  EXPECT_EQ(hall["status"], "complete");
  EXPECT_TRUE(hall["final"]);
  EXPECT_EQ(hall["empty_seats"], 0);
  ASSERT_EQ(hall["elected"].size(), 3u);
  const std::vector<std::pair<std::string, int>> expect = {{"Lê Văn An", 1}, {"Phạm Thị Hà", 2}, {"Vũ Quang Sử", 2}};
  for (size_t i = 0; i < expect.size(); ++i) {
    EXPECT_EQ(hall["elected"][i]["full_name"], expect[i].first);
    EXPECT_EQ(hall["elected"][i]["round"], expect[i].second);
  }
  EXPECT_EQ(hall["elected"][0]["votes"], 8);
  EXPECT_EQ(hall["elected"][2]["votes"], 7);
  EXPECT_EQ(hall["elected"][2]["percent_base"], "70.00");
  // The election says the same.
  auto election = json::parse(Http(port_, "GET", kApi + e.path).body);
  EXPECT_EQ(election["outcome"], hall);

  // The published minutes print the same people, rounds and figures.
  auto pdf = Http(port_, "GET", kApi + p2 + "/minutes.pdf");
  ASSERT_EQ(pdf.status, 200);
  const std::string text = PdfText(tmp_, pdf.body);
  EXPECT_NE(text.find("Kết quả chung cuộc"), std::string::npos) << text;
  EXPECT_NE(text.find("3/3 người trúng cử"), std::string::npos) << text;
  EXPECT_NE(text.find("Đã bầu đủ 3 vị trí"), std::string::npos) << text;
  // …and the spreadsheet, row by row.
  auto xlsx = Http(port_, "GET", kApi + p2 + "/result.xlsx");
  ASSERT_EQ(xlsx.status, 200);
  auto sheet = io::ParseSpreadsheet(xlsx.body);
  ASSERT_TRUE(sheet.ok());
  bool in_overall = false;
  std::vector<std::vector<std::string>> overall_rows;
  for (const auto& row : sheet->rows) {
    if (row.cells.size() >= 2 && row.cells[1].find("KẾT QUẢ CHUNG CUỘC") == 0) in_overall = true;
    else if (in_overall && row.cells.size() >= 6 && row.cells[5] == "Trúng cử") overall_rows.push_back(row.cells);
  }
  ASSERT_EQ(overall_rows.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const json& seat = hall["elected"][i];
    const std::string name = seat["full_name"];
    std::string pct = seat["percent_base"];
    std::replace(pct.begin(), pct.end(), '.', ',');
    EXPECT_EQ(overall_rows[i][1], name);
    EXPECT_EQ(overall_rows[i][2], std::to_string(seat["votes"].get<int>()));
    EXPECT_EQ(overall_rows[i][3], pct);
    EXPECT_EQ(overall_rows[i][4], "vòng " + std::to_string(seat["round"].get<int>()));
    // The minutes' line for that person carries the same figures.
    const std::string line = name + " — vòng " + std::to_string(seat["round"].get<int>()) + ": " +
                             overall_rows[i][2] + " phiếu, " + pct + " % của cơ sở tính";
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  }
  // Round 1's own minutes and result stay what they were at its publication.
  auto r1 = json::parse(Http(port_, "GET", kApi + "/polls/" + std::to_string(id1)).body)["result"]["overall"];
  EXPECT_EQ(r1["elected"].size(), 1u);
  EXPECT_EQ(second_round["result"]["overall"], hall);
}

// Design §3.9 PATCH and V10: a poll, an election and its candidates can be
// corrected while nothing has opened — the prepared ballot follows — and
// are refused with a Vietnamese 409 once the ballot opened (the store
// refuses a direct SQL change of the rules as well).
TEST_F(VotingTest, V10DraftsCanBeEditedUntilTheBallotOpens) {
  FullHouse();
  auto o = Officials();
  auto e = Post("/elections", {{"title", "Bầu Ủy ban Kiểm tra"}, {"seats", 2}});
  ASSERT_EQ(e.status, 201);
  const int64_t eid = json::parse(e.body)["id"];
  const std::string el = "/elections/" + std::to_string(eid);
  std::vector<int64_t> cid;
  for (const char* name : {"Lê Văn An", "Phạm Thị Hà", "Đỗ Minh Khoi", "Ngô Thị Rút"}) {
    auto r = Post(el + "/candidates", {{"full_name", name}});
    ASSERT_EQ(r.status, 201);
    cid.push_back(json::parse(r.body)["id"]);
  }
  ASSERT_EQ(Http(port_, "PUT", kApi + el + "/tellers", json({{"badges", {o[0].badge, o[1].badge}}}).dump()).status, 200);
  auto poll = CreatePoll({{"kind", "election"}, {"mode", "secret"}, {"election_id", eid}});
  const int64_t id = poll["id"];
  const std::string p = "/polls/" + std::to_string(id);
  auto patch = [&](const std::string& path, const json& body) {
    return Http(port_, "PATCH", kApi + path, body.dump());
  };
  auto get = [&] { return json::parse(Http(port_, "GET", kApi + p).body); };
  // The election: seats and the threshold base; the prepared ballot follows.
  auto pe = patch(el, {{"seats", 3}, {"threshold_base", "returned"}});
  ASSERT_EQ(pe.status, 200) << pe.body;
  EXPECT_EQ(json::parse(pe.body)["seats"], 3);
  EXPECT_EQ(json::parse(pe.body)["threshold_base"], "returned");
  EXPECT_EQ(get()["seats"], 3);
  EXPECT_EQ(patch(el, {{"seats", 0}}).status, 400);
  EXPECT_EQ(patch(el, {{"threshold_base", "nhiều nhất"}}).status, 400);
  EXPECT_EQ(patch(el, {{"ghế", 2}}).status, 400);
  // A candidate's name corrected, another withdrawn: the ballot shows it.
  ASSERT_EQ(patch(el + "/candidates/" + std::to_string(cid[2]), {{"full_name", "Đỗ Minh Khôi"}}).status, 200);
  ASSERT_EQ(patch(el + "/candidates/" + std::to_string(cid[3]), {{"withdrawn", true}}).status, 200);
  EXPECT_EQ(patch(el + "/candidates/" + std::to_string(cid[1]), {{"full_name", "Lê Văn An"}}).status, 400);  // twice
  EXPECT_EQ(patch(el + "/candidates/999999", {{"full_name", "X"}}).status, 404);
  auto labels = [&] {
    std::vector<std::string> out;
    const json poll_now = get();
    for (const auto& x : poll_now["options"]) out.push_back(x["label"]);
    return out;
  };
  EXPECT_EQ(labels(), (std::vector<std::string>{"Lê Văn An", "Phạm Thị Hà", "Đỗ Minh Khôi"}));
  // A name added while the ballot is prepared is on it too.
  ASSERT_EQ(Post(el + "/candidates", {{"full_name", "Vũ Quang Sử"}}).status, 201);
  EXPECT_EQ(labels().size(), 4u);
  // The poll itself: title, mode, deadline.
  auto pp = patch(p, {{"title", "Bầu Ủy ban Kiểm tra khóa mới"}, {"duration_s", 600}});
  ASSERT_EQ(pp.status, 200) << pp.body;
  EXPECT_EQ(json::parse(pp.body)["title"], "Bầu Ủy ban Kiểm tra khóa mới");
  EXPECT_EQ(json::parse(pp.body)["duration_s"], 600);
  EXPECT_EQ(patch(p, {{"mode", "bí mật"}}).status, 400);
  EXPECT_EQ(patch(p, {{"title", ""}}).status, 400);
  EXPECT_EQ(patch(p, {{"pass_rule", "cast"}}).status, 400);  // elections have no pass rule
  EXPECT_EQ(Http(port_, "PATCH", kApi + p, json({{"title", "x"}}).dump(), {}).status, 200);
  EXPECT_EQ(HttpAnonymous(port_, "PATCH", kApi + p, json({{"title", "y"}}).dump(), Phone(o[3].badge)).status, 403);
  auto audit = Http(port_, "GET", "/api/v1/audit?limit=100").body;
  EXPECT_NE(audit.find("poll.edit"), std::string::npos);
  EXPECT_NE(audit.find("election.edit"), std::string::npos);
  EXPECT_NE(audit.find("election.candidate_withdrawn"), std::string::npos);

  // Opened: every edit is refused, in Vietnamese, and nothing changes.
  ASSERT_EQ(Post(p + "/open").status, 200);
  auto r = patch(p, {{"title", "Đổi tên"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Code(r), "poll_not_draft");
  EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find("đã mở"), std::string::npos);
  r = patch(el, {{"seats", 2}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Code(r), "election_started");
  EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find("đã bắt đầu"), std::string::npos);
  EXPECT_EQ(Code(patch(el + "/candidates/" + std::to_string(cid[0]), {{"full_name", "Lê Văn Ân"}})), "election_started");
  EXPECT_EQ(get()["title"], "x");
  EXPECT_EQ(json::parse(Http(port_, "GET", kApi + el).body)["seats"], 3);
  // A motion: the same rule.
  auto mo = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua chương trình"}});
  const std::string mp = "/polls/" + std::to_string(mo["id"].get<int64_t>());
  auto mr = patch(mp, {{"pass_rule", "summoned"}, {"mode", "named"}});
  ASSERT_EQ(mr.status, 200) << mr.body;
  EXPECT_EQ(json::parse(mr.body)["pass_rule"], "summoned");
  EXPECT_EQ(json::parse(mr.body)["mode"], "named");
  // The store refuses a direct change of the rules of an opened election.
  TestStore store(*server_);
  EXPECT_TRUE(store.Refuses("UPDATE elections SET threshold_base = 'valid' WHERE id = " + std::to_string(eid)));
  EXPECT_TRUE(store.Refuses("DELETE FROM poll_options WHERE poll_id = " + std::to_string(id)));
}

// Decision 224: a name the secretary adds to a further round while the
// chair opens it is either on the ballot that opens (the add committed
// first) or refused with a Vietnamese 409 and nothing saved (the open
// committed first) — never saved beside the ballot. Fail points widen both
// windows: the server pauses 300 ms in the open after it read the poll, and
// in the add after it read the list, before each writes. Sending the add
// 100 ms before the open lands the add inside the open; the other way round
// lands the open inside the add. Four attempts, alternating.
class VotingRaceTest : public VotingTest {
 protected:
  void SetUp() override {
    ::setenv("PHONGHOP_FAILPOINTS", "voting_pause_open,voting_pause_round_add", 1);
    VotingTest::SetUp();
    ::unsetenv("PHONGHOP_FAILPOINTS");
  }
};

TEST_F(VotingRaceTest, ANameAddedWhileTheChairOpensTheRoundIsOnTheBallotOrRefused) {
  FullHouse();
  const int n = static_cast<int>(Officials().size());
  ASSERT_GE(n, 16);
  Election e;
  ASSERT_NO_FATAL_FAILURE(MakeElection("Bầu Ban Chấp hành", 6, &e));
  // Round 1 (10 ballots, threshold 6): An 8 is elected, Hà 2 and Khôi 1 are not: 5 seats empty.
  auto r1 = CreatePoll({{"kind", "election"}, {"mode", "secret"}, {"election_id", e.id}});
  const std::string p1 = "/polls/" + std::to_string(r1["id"].get<int64_t>());
  std::vector<std::vector<int>> keeps;
  for (int i = 0; i < 10; ++i)
    keeps.push_back(i < 8 ? std::vector<int>{1} : i == 8 ? std::vector<int>{2} : std::vector<int>{2, 3});
  json pub;
  ASSERT_NO_FATAL_FAILURE(RunRound(e, r1["id"], keeps, &pub));
  ASSERT_EQ(pub["result"]["empty_seats"], 5);
  int64_t decision = 0;
  ASSERT_NO_FATAL_FAILURE(CongressDecision(n - 1, 1, &decision));
  auto nr = Post(p1 + "/next-round", {{"decision_poll_id", decision}});
  ASSERT_EQ(nr.status, 201) << nr.body;
  int64_t round = json::parse(nr.body)["id"];

  auto has = [](const json& poll, const std::string& name) -> int {
    for (const auto& x : poll["options"])
      if (x["label"] == name) return x["position"];
    return 0;
  };
  int on_ballot = 0, refused = 0;
  const std::vector<std::string> names = {"Vũ Quang Sử", "Ngô Thị Yến", "Trịnh Văn Lâm", "Hồ Thị Nga"};
  for (size_t i = 0; i < names.size(); ++i) {
    const bool add_first = i % 2 == 0;
    const std::string& name = names[i];
    const std::string p = "/polls/" + std::to_string(round);
    HttpResult add, open;
    auto send_add = [&] { add = Post(p + "/candidates", {{"full_name", name}}); };
    auto send_open = [&] { open = Post(p + "/open"); };
    std::function<void()> early = send_open, late = send_add;
    if (add_first) std::swap(early, late);
    std::thread first(early);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    late();
    first.join();
    ASSERT_EQ(open.status, 200) << open.body;
    const bool added = add.status == 201;
    if (added) {
      ++on_ballot;
    } else {
      ++refused;
      EXPECT_EQ(add.status, 409) << add.body;
      EXPECT_EQ(Code(add), "poll_not_draft");
      const std::string message = json::parse(add.body)["error"]["message"];
      EXPECT_NE(message.find(name), std::string::npos) << message;
      EXPECT_NE(message.find("đã mở"), std::string::npos) << message;
      EXPECT_NE(message.find("chưa lưu gì"), std::string::npos) << message;
    }
    // The chair's reply, the ballot the phones read and the election's list
    // all agree with what the secretary was told.
    auto opened = json::parse(open.body);
    auto stored = json::parse(Http(port_, "GET", kApi + p).body);
    EXPECT_EQ(stored["state"], "open");
    EXPECT_EQ(has(opened, name) != 0, added) << name << (add_first ? " (add first)" : " (open first)");
    EXPECT_EQ(has(stored, name) != 0, added) << name;
    EXPECT_EQ(opened["options"], stored["options"]);
    bool listed = false;
    const json election = json::parse(Http(port_, "GET", kApi + e.path).body);
    for (const auto& k : election["candidates"]) listed = listed || k["full_name"] == name;
    EXPECT_EQ(listed, added) << name << "\n" << election.dump();
    const std::string audit = Http(port_, "GET", "/api/v1/audit?limit=100").body;
    EXPECT_EQ(audit.find("+" + name) != std::string::npos, added) << name;
    // A phone can keep the name when it is on the ballot.
    if (added) {
      EXPECT_EQ(Vote(round, e.phones[i], {{"nonce", Nonce()}, {"keep", {has(stored, name)}}}).status, 201);
    }
    // The next attempt: cancel, restart (the list so far carries over).
    ASSERT_EQ(Post(p + "/cancel", {{"reason", "thử lại"}}).status, 200);
    auto again = Post(p + "/restart");
    ASSERT_EQ(again.status / 100, 2) << again.body;
    round = json::parse(again.body)["id"];
    EXPECT_EQ(has(json::parse(again.body), name) != 0, added);
  }
  // Both orders happened: the add first is on the ballot, the open first refuses it.
  EXPECT_GE(on_ballot, 1);
  EXPECT_GE(refused, 1);
}

TEST_F(VotingTest, V8SecretBallotsCarryNoVoterAndTheWalIsEmptiedAtClose) {
  FullHouse();
  auto officials = Officials();
  auto poll = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Phiếu kín"}});
  const int64_t id = poll["id"];
  ASSERT_EQ(Post("/polls/" + std::to_string(id) + "/open").status, 200);
  for (int i = 0; i < 10; ++i)
    ASSERT_EQ(Vote(id, Phone(officials[i].badge), {{"nonce", Nonce()}, {"choice", i % 2 ? "Y" : "N"}}).status, 201);
  ASSERT_EQ(Post("/polls/" + std::to_string(id) + "/close").status, 200);
  // The close truncates the WAL (its frames are in casting order); only the
  // audit rows written after it (a few frames) may be there, far fewer than
  // the 10 ballots' transactions (≥ 2 frames each).
  if (!RunningOnPostgres()) {
    // SQLite only: PostgreSQL keeps the WAL for its standbys (decision 506).
    std::error_code ec;
    auto wal = std::filesystem::file_size(server_->data_dir() + "/phonghop.db-wal", ec);
    EXPECT_TRUE(ec || wal < 8 * (4096 + 24) + 32) << "WAL still holds " << wal << " bytes after close";
  }
  TestStore store(*server_);
  const std::string pid = std::to_string(id);
  EXPECT_EQ(store.Int("SELECT count(*) FROM ballots WHERE poll_id = " + pid), 10);
  EXPECT_EQ(store.Int("SELECT count(delegate_id) FROM ballots WHERE poll_id = " + pid), 0);
  // The trigger refuses a voter on a secret ballot even by direct SQL.
  EXPECT_TRUE(store.Refuses("INSERT INTO ballots(poll_id, ballot_id, choice, valid, delegate_id) VALUES (" + pid +
                            ", " + store.BytesLiteral("00112233445566778899aabbccddeeff") + ", 'Y', 1, 1)"));
  // V10: the configuration is frozen by the store as well.
  EXPECT_TRUE(store.Refuses("UPDATE polls SET mode = 'named' WHERE id = " + pid));
}


// V5: ballots racing the close are either in the snapshot or refused with
// 409 poll_not_open; `returned` is exactly the number of 201s; a ballot to
// a published poll is refused too.
TEST_F(VotingTest, V5BallotsRacingTheCloseAreCountedOrRefused) {
  FullHouse();
  auto officials = Officials();
  auto poll = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua báo cáo chính trị"}});
  const int64_t id = poll["id"];
  const std::string p = "/polls/" + std::to_string(id);
  std::vector<Headers> phones;
  for (const auto& d : officials) phones.push_back(Phone(d.badge));
  ASSERT_EQ(Post(p + "/open").status, 200);
  std::atomic<int> created{0}, refused{0}, other{0};
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (size_t i = next++; i < phones.size(); i = next++) {
        auto r = Vote(id, phones[i], {{"nonce", Nonce()}, {"choice", i % 2 ? "Y" : "N"}});
        if (r.status == 201) ++created;
        else if (r.status == 409 && Code(r) == "poll_not_open") ++refused;
        else ++other;
      }
    });
  while (next < phones.size() / 3) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto closed = Post(p + "/close");
  for (auto& t : threads) t.join();
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(created.load() + refused.load(), static_cast<int>(phones.size()));
  EXPECT_GT(created.load(), 0);
  auto result = json::parse(Http(port_, "GET", kApi + p).body)["result"];
  EXPECT_EQ(result["yes"].get<int>() + result["no"].get<int>(), created.load());
  EXPECT_EQ(json::parse(HttpAnonymous(port_, "GET", kApi + p + "/progress").body)["cast"], created.load());
  ASSERT_EQ(Post(p + "/publish").status, 200);
  EXPECT_EQ(Code(Vote(id, phones[0], {{"nonce", Nonce()}, {"choice", "Y"}})), "poll_not_open");
}

// V8 at the design's size: a new congress of 1,000 official delegates, each
// checked in and signed in on their own phone, casts 1,000 secret ballots
// through the HTTP API (8 clients at a time, as phones in a hall). Then no
// table, log line, audit entry, event (live or replayed) or backup holds a
// voter next to a ballot id or a choice, and the order of the ballots on
// disk is not the order they were cast in (|Spearman ρ| < 0.1), and the WAL
// is emptied at close. The server runs without --quiet, so every request
// is in its log. The phones' nonces come from a seeded generator so that the
// statistic is exact, not lucky: random keys give |ρ| ≈ 1/√1000 ≈ 0.03,
// a store in arrival order ρ ≈ 1 (with 8 clients the arrival order is the
// casting order up to a few places); this seed gives ρ = 0.025.
class VotingAtScaleTest : public ServerTest {
 protected:
  // One test client is the whole hall: no per-address or per-session rate limit.
  void SetUp() override { Start({"--rate-per-ip", "0", "--rate-per-session", "0"}); }
};

TEST_F(VotingAtScaleTest, V8AThousandSecretBallotsLeaveNoLinkAndNoOrder) {
  constexpr size_t kVoters = 1000;
  const std::string api = "/api/v1/congresses/v8";
  ASSERT_EQ(Http(port_, "POST", "/api/v1/congresses",
                 json({{"slug", "v8"}, {"name", "Đại hội thử V8"}, {"start_date", "2026-12-01"},
                       {"end_date", "2026-12-01"}}).dump()).status, 201);
  auto s = Http(port_, "POST", api + "/sessions",
                json({{"name", "Phiên biểu quyết"}, {"date", "2026-12-01"}, {"starts_at", "08:00"},
                      {"ends_at", "11:30"}}).dump());
  ASSERT_EQ(s.status, 201) << s.body;
  const int64_t session = json::parse(s.body)["id"];
  std::string csv = "Số thẻ,Họ và tên,Đoàn\n";
  for (size_t i = 0; i < kVoters; ++i) {
    char row[64];
    std::snprintf(row, sizeof row, "%04zu,Đại biểu %04zu,Đoàn %zu\n", i + 1, i + 1, i % 20 + 1);
    csv += row;
  }
  auto imported = Http(port_, "POST", api + "/delegates/import?create_delegations=1", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(imported.status, 200) << imported.body;
  auto tokens = json::parse(Http(port_, "GET", api + "/delegates/tokens?format=json").body)["delegates"];
  ASSERT_EQ(tokens.size(), kVoters);
  // Everyone checks in at the door and signs in on their own phone.
  std::vector<Headers> phones(kVoters);
  std::atomic<int> failed{0};
  OnClients(kVoters, [&](size_t i) {
    const std::string badge = tokens[i]["badge"];
    auto in = Http(port_, "POST", api + "/checkin/manual",
                   json({{"badge", badge}, {"reason", "điểm danh giấy"}, {"session_id", session}}).dump());
    auto r = HttpAnonymous(port_, "POST", "/api/v1/auth/badge", json({{"token", tokens[i]["token"]}}).dump());
    if (in.status / 100 != 2 || r.status != 200) {
      ++failed;
      return;
    }
    const std::string cookie = r.Header("set-cookie");
    phones[i] = {{"Cookie", cookie.substr(0, cookie.find(';'))}, {"X-CSRF-Token", json::parse(r.body)["csrf"]}};
  });
  ASSERT_EQ(failed.load(), 0);
  auto created = Http(port_, "POST", api + "/polls",
                      json({{"session_id", session}, {"kind", "motion"}, {"mode", "secret"},
                            {"title", "Thông qua Nghị quyết Đại hội"}}).dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = json::parse(created.body)["id"];
  const std::string p = api + "/polls/" + std::to_string(id);
  // A phone's live event stream, open through the whole poll.
  int live = ConnectRaw(port_);
  ASSERT_GE(live, 0);
  ASSERT_TRUE(SendRaw(live, "GET " + api + "/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"));
  ASSERT_EQ(Http(port_, "POST", p + "/open").status, 200);

  std::mt19937_64 gen(20261201);
  std::vector<std::string> sent(kVoters);
  std::vector<char> choice(kVoters);
  std::map<char, int> chosen;
  const char kChoices[] = {'Y', 'N', 'A'};
  for (size_t i = 0; i < kVoters; ++i) {
    sent[i] = NonceFrom(gen);
    choice[i] = kChoices[gen() % 3];
    ++chosen[choice[i]];
  }
  std::mutex mu;
  std::vector<std::string> cast;  // raw ballot ids in the order the server acknowledged them
  std::vector<std::string> receipts;
  OnClients(kVoters, [&](size_t i) {
    auto r = HttpAnonymous(port_, "POST", p + "/ballots",
                           json({{"nonce", sent[i]}, {"choice", std::string(1, choice[i])}}).dump(), phones[i]);
    if (r.status != 201) {
      ++failed;
      return;
    }
    auto raw = voting::VotingService::DecodeNonce(sent[i]);
    std::lock_guard<std::mutex> lock(mu);
    cast.push_back(raw.ok() ? *raw : "");
    receipts.push_back(json::parse(r.body)["receipt"]);
  });
  ASSERT_EQ(failed.load(), 0);
  ASSERT_EQ(cast.size(), kVoters);
  auto closed = Http(port_, "POST", p + "/close");
  ASSERT_EQ(closed.status, 200) << closed.body;
  // The WAL, in casting order, is emptied by the close (SQLite; PostgreSQL
  // keeps its WAL for its standbys, decision 506).
  if (!RunningOnPostgres()) {
    std::error_code ec;
    auto wal = std::filesystem::file_size(server_->data_dir() + "/phonghop.db-wal", ec);
    EXPECT_TRUE(ec || wal < 8 * (4096 + 24) + 32) << "WAL still holds " << wal << " bytes after close";
  }
  // Counted right: the figures are the choices sent.
  auto result = json::parse(closed.body)["result"];
  EXPECT_EQ(result["yes"], chosen['Y']);
  EXPECT_EQ(result["no"], chosen['N']);
  EXPECT_EQ(result["abstain"], chosen['A']);
  EXPECT_EQ(result["not_voted"], 0);

  // No table holds a voter next to a secret ballot, on either back-end.
  TestStore store(*server_);
  const std::string pid = std::to_string(id);
  EXPECT_EQ(store.Int("SELECT count(*) FROM ballots WHERE poll_id = " + pid), static_cast<int64_t>(kVoters));
  EXPECT_EQ(store.Int("SELECT count(delegate_id) FROM ballots WHERE poll_id = " + pid), 0);
  EXPECT_EQ(store.Int("SELECT count(*) FROM poll_voters WHERE poll_id = " + pid), static_cast<int64_t>(kVoters));

  // No log line, audit entry or event carries a ballot id or a receipt;
  // the log and the audit do have a line for every ballot (the check has
  // something to look at).
  const std::string log = server_->Log();
  const std::string audit = Http(port_, "GET", "/api/v1/audit?limit=5000").body;
  auto count = [](const std::string& text, const std::string& needle) {
    size_t n = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
  };
  EXPECT_GE(count(log, "/polls/" + pid + "/ballots"), kVoters);
  EXPECT_GE(count(audit, "/polls/" + pid + "/ballots"), kVoters);
  const std::string stream = ReadRaw(live, 1500);
  ::close(live);
  int replay = ConnectRaw(port_);
  ASSERT_GE(replay, 0);
  ASSERT_TRUE(SendRaw(replay, "GET " + api + "/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n"));
  const std::string history = ReadRaw(replay, 1500);
  ::close(replay);
  EXPECT_NE(stream.find("event: poll_progress"), std::string::npos);
  EXPECT_NE(history.find("event: poll\n"), std::string::npos)
      << "the replay ends with: " << history.substr(history.size() > 600 ? history.size() - 600 : 0);
  for (size_t i = 0; i < kVoters; ++i) {
    for (const std::string* text : {&log, &audit, &stream, &history}) {
      EXPECT_EQ(text->find(sent[i]), std::string::npos) << "ballot id " << sent[i];
      EXPECT_EQ(text->find(receipts[i]), std::string::npos) << "receipt " << receipts[i];
    }
  }
  // The poll's events are states and counts: no delegate, no choice.
  const std::set<std::string> allowed = {"id", "state", "kind", "mode", "title", "session_id",
                                         "attempt", "closes_at", "cast", "eligible"};
  size_t poll_events = 0;
  for (const std::string* text : {&stream, &history})
    for (const auto& [name, data] : SseEvents(*text)) {
      if (name.rfind("poll", 0) != 0) continue;
      ++poll_events;
      auto j = json::parse(data, nullptr, false);
      ASSERT_TRUE(j.is_object()) << data;
      for (const auto& [key, value] : j.items()) EXPECT_TRUE(allowed.count(key)) << name << ": " << data;
    }
  EXPECT_GE(poll_events, 3u);  // open, progress, close at least

  if (RunningOnPostgres()) return;  // the rest reads SQLite's own files (decision 506 for PostgreSQL)
  // The order on disk: random 16-byte keys of a WITHOUT ROWID table.
  std::vector<std::string> stored;
  auto db = storage::SqliteDatabase::Open(server_->data_dir() + "/phonghop.db", 1);
  ASSERT_TRUE(db.ok());
  (*db)->Read([&](storage::Connection& conn) {
    auto q = conn.Prepare("SELECT ballot_id FROM ballots WHERE poll_id = ?");
    q.Bind(1, id);
    while (q.Step()) stored.push_back(q.Blob(0));
  });
  ASSERT_EQ(stored.size(), cast.size());
  std::map<std::string, size_t> cast_rank;
  for (size_t i = 0; i < cast.size(); ++i) cast_rank[cast[i]] = i;
  double d2 = 0;
  for (size_t i = 0; i < stored.size(); ++i) {
    ASSERT_TRUE(cast_rank.count(stored[i]));
    const double d = static_cast<double>(cast_rank[stored[i]]) - static_cast<double>(i);
    d2 += d * d;
  }
  const double n = static_cast<double>(stored.size());
  const double rho = 1.0 - 6.0 * d2 / (n * (n * n - 1.0));
  EXPECT_LT(std::abs(rho), 0.1) << "Spearman rho between casting order and stored order: " << rho;
  // A backup: no table holds a voter next to a ballot id or a choice.
  auto backup = RunCli({"backup", "--data", server_->data_dir(), "--out", tmp_ + "/backup"});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  auto copy = storage::SqliteDatabase::Open(tmp_ + "/backup/phonghop.db", 1);
  ASSERT_TRUE(copy.ok());
  (*copy)->Read([&](storage::Connection& conn) {
    std::vector<std::string> tables;
    auto t = conn.Prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    while (t.Step()) tables.push_back(t.Text(0));
    for (const auto& table : tables) {
      bool voter = false, ballot = false;
      auto cols = conn.Prepare("SELECT name FROM pragma_table_info(?)");
      cols.Bind(1, table);
      while (cols.Step()) {
        const std::string c = cols.Text(0);
        voter = voter || c.find("delegate") != std::string::npos;
        ballot = ballot || c == "ballot_id" || c == "choice";
      }
      if (!(voter && ballot)) continue;
      // Only `ballots` has both, for named polls; this secret poll's rows name nobody.
      EXPECT_EQ(table, "ballots");
      auto q = conn.Prepare("SELECT count(*), count(delegate_id) FROM ballots WHERE poll_id = ?");
      q.Bind(1, id);
      ASSERT_TRUE(q.Step());
      EXPECT_EQ(q.Int(0), static_cast<int64_t>(kVoters));
      EXPECT_EQ(q.Int(1), 0);
    }
  });
}

TEST_F(VotingTest, V11Kill9DuringTheBallotsKeepsEveryAcknowledgedOne) {
  FullHouse();
  auto officials = Officials();
  auto poll = CreatePoll({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua Nghị quyết"}});
  const int64_t id = poll["id"];
  ASSERT_EQ(Post("/polls/" + std::to_string(id) + "/open").status, 200);
  std::vector<Headers> phones;
  for (const auto& d : officials) phones.push_back(Phone(d.badge));
  // Ballots from 8 threads; the server is killed with SIGKILL midway.
  std::mutex mu;
  std::vector<std::string> acknowledged;  // nonces answered 201
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (size_t i = next++; i < phones.size(); i = next++) {
        const std::string n = Nonce();
        auto r = Vote(id, phones[i], {{"nonce", n}, {"choice", i % 3 == 0 ? "N" : "Y"}});
        if (r.status == 201) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.push_back(n);
        }
        if (r.status == 0) return;  // the server is gone
      }
    });
  while (next < phones.size() / 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(kill(server_->pid(), SIGKILL), 0);
  for (auto& t : threads) t.join();
  ASSERT_GT(acknowledged.size(), 0u);
  server_->Stop(SIGKILL, 5000);
  server_.reset();
  // After a restart: every acknowledged ballot is there, voters = ballots,
  // and the poll is still open.
  ServerProcess again({"--quiet"}, tmp_ + "/data");
  auto p = json::parse(Http(again.port(), "GET", kApi + "/polls/" + std::to_string(id)).body);
  EXPECT_EQ(p["state"], "open");
  TestStore store(tmp_ + "/data", again.database());
  const std::string pid = std::to_string(id);
  const int64_t ballots = store.Int("SELECT count(*) FROM ballots WHERE poll_id = " + pid);
  EXPECT_EQ(ballots, store.Int("SELECT count(*) FROM poll_voters WHERE poll_id = " + pid));
  EXPECT_GE(ballots, static_cast<int64_t>(acknowledged.size()));
  // Each acknowledged nonce is a stored ballot.
  for (const auto& n : acknowledged) {
    auto raw = voting::VotingService::DecodeNonce(n);
    ASSERT_TRUE(raw.ok());
    static const char* kHex = "0123456789abcdef";
    std::string hex;
    for (unsigned char ch : *raw) {
      hex += kHex[ch >> 4];
      hex += kHex[ch & 15];
    }
    EXPECT_EQ(store.Int("SELECT count(*) FROM ballots WHERE poll_id = " + pid + " AND ballot_id = " +
                        store.BytesLiteral(hex)),
              1)
        << "acknowledged ballot lost: " << n;
  }
}

TEST_F(VotingTest, V15PaperBallotsEnteredTwiceMustAgree) {
  FullHouse();
  auto officials = Officials();
  auto e = Post("/elections", {{"title", "Bầu đại biểu dự Đại hội cấp trên"}, {"seats", 2}});
  ASSERT_EQ(e.status, 201);
  const int64_t eid = json::parse(e.body)["id"];
  const std::string el = "/elections/" + std::to_string(eid);
  for (const char* n : {"Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Cường"})
    ASSERT_EQ(Post(el + "/candidates", {{"full_name", n}}).status, 201);
  ASSERT_EQ(Http(port_, "PUT", kApi + el + "/tellers", json({{"badges", {officials[0].badge, officials[1].badge}}}).dump()).status, 200);
  auto poll = CreatePoll({{"kind", "election"}, {"mode", "paper"}, {"election_id", eid}});
  const std::string p = "/polls/" + std::to_string(poll["id"].get<int64_t>());
  ASSERT_EQ(Post(p + "/open").status, 200);
  auto a = Phone(officials[0].badge);
  auto b = Phone(officials[1].badge);
  auto other = Phone(officials[2].badge);
  auto put = [&](const std::string& set, json body, const Headers& h) {
    return HttpAnonymous(port_, "PUT", kApi + p + "/paper/" + set, body.dump(), h);
  };
  json ballots = json::array({{{"keep", {1, 2}}}, {{"keep", {1}}}, {{"keep", {1, 2}}}, {{"invalid", "marked"}}});
  // Entries only after the ballots are collected (closed), only by tellers.
  EXPECT_EQ(put("A", {{"returned", 4}, {"ballots", ballots}}, a).status, 409);
  ASSERT_EQ(Post(p + "/close").status, 200);
  EXPECT_EQ(put("A", {{"returned", 4}, {"ballots", ballots}}, other).status, 403);
  EXPECT_EQ(put("A", {{"ballots", json::array({{{"keep", {1, 1}}}})}}, a).status, 400);
  auto ra = put("A", {{"returned", 4}, {"ballots", ballots}}, a);
  ASSERT_EQ(ra.status, 200) << ra.body;
  EXPECT_FALSE(json::parse(ra.body)["complete"]);  // one set is not enough
  EXPECT_EQ(put("A", {{"ballots", ballots}}, b).status, 403);  // someone else's set
  // Set B differs by one ballot: not complete, the diff names the patterns.
  json wrong = ballots;
  wrong[1] = {{"keep", {2}}};
  auto rb = json::parse(put("B", {{"ballots", wrong}}, b).body);
  EXPECT_FALSE(rb["complete"]);
  ASSERT_EQ(rb["differences"].size(), 2u);
  EXPECT_EQ(rb["differences"][0]["pattern"], "1");
  EXPECT_EQ(rb["differences"][0]["counts"]["A"], 1);
  EXPECT_EQ(rb["differences"][0]["counts"]["B"], 0);
  EXPECT_EQ(Code(Post(p + "/publish")), "conflict");
  // Fixed: complete; the result comes from the agreed entries.
  rb = json::parse(put("B", {{"ballots", ballots}}, b).body);
  EXPECT_TRUE(rb["complete"]) << rb.dump();
  auto res = json::parse(Http(port_, "GET", kApi + p).body);
  EXPECT_EQ(res["result"]["returned"], 4);
  EXPECT_EQ(res["result"]["valid"], 3);
  EXPECT_EQ(res["result"]["invalid_by_reason"]["marked"], 1);
  // |A| ≠ returned → blocked again.
  auto rc = json::parse(put("A", {{"returned", 5}, {"ballots", ballots}}, a).body);
  EXPECT_FALSE(rc["complete"]);
  EXPECT_TRUE(json::parse(Http(port_, "GET", kApi + p).body)["result"].is_null());
  rc = json::parse(put("A", {{"returned", 4}, {"ballots", ballots}}, a).body);
  ASSERT_TRUE(rc["complete"]);
  const std::string sha = json::parse(Http(port_, "GET", kApi + p).body)["tally_sha256"];
  ASSERT_EQ(Post(p + "/signoff", {{"sha256", sha}}, a).status, 200);
  ASSERT_EQ(Post(p + "/signoff", {{"sha256", sha}}, b).status, 200);
  // V14: a change after the sign-off (both sets corrected alike) makes a new
  // count with a new hash: the old sign-offs no longer allow publishing.
  json corrected = ballots;
  corrected[1] = {{"keep", {2}}};
  ASSERT_TRUE(json::parse(put("A", {{"ballots", corrected}}, a).body)["complete"] == false);
  ASSERT_TRUE(json::parse(put("B", {{"ballots", corrected}}, b).body)["complete"]);
  const std::string sha2 = json::parse(Http(port_, "GET", kApi + p).body)["tally_sha256"];
  EXPECT_NE(sha2, sha);
  EXPECT_EQ(Code(Post(p + "/publish")), "signoff_missing");
  auto signs = json::parse(Http(port_, "GET", kApi + p + "/signoffs").body)["signoffs"];
  for (const auto& x : signs) EXPECT_FALSE(x["current"]);
  ASSERT_EQ(Post(p + "/signoff", {{"sha256", sha2}}, a).status, 200);
  ASSERT_EQ(Post(p + "/signoff", {{"sha256", sha2}}, b).status, 200);
  EXPECT_EQ(Post(p + "/publish").status, 200);
}

// ---------------------------------------------------------------- speakers
using SpeakersTest = VotingTest;

TEST_F(SpeakersTest, S1S2S5RegisteringIsOncePresentAndOpen) {
  auto c = json::parse(HttpAnonymous(port_, "GET", kApi).body);
  const int64_t item = c["sessions"][0]["agenda"][3]["id"];
  const std::string list = "/agenda-items/" + std::to_string(item) + "/speakers";
  auto officials = Officials();
  auto a = Phone(officials[0].badge);
  auto b = Phone(officials[1].badge);
  // S2: not checked in → 403 not_present.
  auto r = Post(list, {{"kind", "speech"}, {"topic", "Chuyển đổi số"}}, a);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Code(r), "not_present");
  CheckIn(officials[0].badge);
  CheckIn(officials[1].badge);
  // S1: a double tap → one request; the second gets 409.
  std::atomic<int> created{0}, conflict{0};
  std::thread t1([&] { (Post(list, {{"kind", "speech"}, {"topic", "Chuyển đổi số"}}, a).status == 201 ? created : conflict)++; });
  std::thread t2([&] { (Post(list, {{"kind", "speech"}, {"topic", "Chuyển đổi số"}}, a).status == 201 ? created : conflict)++; });
  t1.join();
  t2.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflict.load(), 1);
  EXPECT_EQ(Code(Post(list, {{"kind", "speech"}}, a)), "already_requested");
  // A paper (tham luận) is another kind: allowed. A topic over 200 characters is not.
  EXPECT_EQ(Post(list, {{"kind", "paper"}, {"topic", "Thanh niên khởi nghiệp"}}, a).status, 201);
  EXPECT_EQ(Post(list, {{"kind", "speech"}, {"topic", std::string(201, 'a')}}, b).status, 400);
  // S5: delegates cannot approve; B cannot withdraw A's request.
  auto l = json::parse(HttpAnonymous(port_, "GET", kApi + list).body);
  ASSERT_EQ(l["requested"].size(), 2u);
  const int64_t a_speech = l["requested"][0]["id"];
  EXPECT_EQ(Post("/speakers/" + std::to_string(a_speech) + "/approve", json::object(), a).status, 403);
  EXPECT_EQ(Post("/speakers/" + std::to_string(a_speech) + "/withdraw", json::object(), b).status, 403);
  // S2: a closed list refuses delegates, the chair can still add someone.
  ASSERT_EQ(Http(port_, "PUT", kApi + list + "/state", json({{"closed", true}}).dump()).status, 200);
  EXPECT_EQ(Code(Post(list, {{"kind", "speech"}}, b)), "list_closed");
  EXPECT_EQ(Post(list, {{"kind", "speech"}, {"badge", officials[1].badge}}).status, 201);
  // The delegate learns the place in the queue.
  ASSERT_EQ(Post("/speakers/" + std::to_string(a_speech) + "/approve").status, 200);
  auto mine = json::parse(HttpAnonymous(port_, "GET", kApi + list, "", a).body)["mine"];
  EXPECT_EQ(mine["place"], 1);
  EXPECT_EQ(mine["message"], "Bạn đang ở vị trí thứ 1");
  // The owner withdraws; then the request is gone from the queue.
  EXPECT_EQ(Post("/speakers/" + std::to_string(a_speech) + "/withdraw", json::object(), a).status, 200);
  EXPECT_EQ(json::parse(HttpAnonymous(port_, "GET", kApi + list).body)["queue"].size(), 0u);
}

TEST_F(SpeakersTest, S3S4S6OrderStartAndTheServerTimer) {
  auto c = json::parse(HttpAnonymous(port_, "GET", kApi).body);
  const int64_t item = c["sessions"][0]["agenda"][3]["id"];
  const std::string list = "/agenda-items/" + std::to_string(item) + "/speakers";
  auto officials = Officials();
  std::vector<int64_t> ids;
  for (int i = 0; i < 4; ++i) {
    auto r = Post(list, {{"kind", "speech"}, {"badge", officials[i].badge}, {"topic", "Ý kiến " + std::to_string(i)}});
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(json::parse(r.body)["id"]);
    ASSERT_EQ(Post("/speakers/" + std::to_string(ids.back()) + "/approve").status, 200);
  }
  auto l = json::parse(HttpAnonymous(port_, "GET", kApi + list).body);
  const int64_t v = l["version"];
  // S3: a stale version, a missing id or an extra id → 409.
  auto order = [&](int64_t version, std::vector<int64_t> o) {
    return Http(port_, "PUT", kApi + list + "/order", json({{"version", version}, {"ids", o}}).dump());
  };
  EXPECT_EQ(Code(order(v - 1, {ids[3], ids[2], ids[1], ids[0]})), "stale_version");
  EXPECT_EQ(Code(order(v, {ids[3], ids[2], ids[1]})), "wrong_set");
  EXPECT_EQ(Code(order(v, {ids[3], ids[2], ids[1], ids[0], 999999})), "wrong_set");
  ASSERT_EQ(order(v, {ids[3], ids[2], ids[1], ids[0]}).status, 200);
  l = json::parse(HttpAnonymous(port_, "GET", kApi + list).body);
  EXPECT_EQ(l["queue"][0]["id"], ids[3]);
  // S3: a reorder racing the owner's withdrawal: the withdrawal always wins;
  // the reorder either came first (200) or is refused (409), never both half-done.
  {
    const std::string extra_badge = officials[4].badge;
    auto r = Post(list, {{"kind", "speech"}, {"badge", extra_badge}, {"topic", "Ý kiến rút"}});
    ASSERT_EQ(r.status, 201) << r.body;
    const int64_t extra = json::parse(r.body)["id"];
    ASSERT_EQ(Post("/speakers/" + std::to_string(extra) + "/approve").status, 200);
    auto owner = Phone(extra_badge);
    const int64_t v2 = json::parse(HttpAnonymous(port_, "GET", kApi + list).body)["version"];
    int reorder_status = 0, withdraw_status = 0;
    std::thread t1([&] { reorder_status = order(v2, {extra, ids[3], ids[2], ids[1], ids[0]}).status; });
    std::thread t2([&] {
      withdraw_status = Post("/speakers/" + std::to_string(extra) + "/withdraw", json::object(), owner).status;
    });
    t1.join();
    t2.join();
    EXPECT_EQ(withdraw_status, 200);
    EXPECT_TRUE(reorder_status == 200 || reorder_status == 409) << reorder_status;
    l = json::parse(HttpAnonymous(port_, "GET", kApi + list).body);
    std::vector<int64_t> queue;
    for (const auto& x : l["queue"]) queue.push_back(x["id"]);
    EXPECT_EQ(queue, (std::vector<int64_t>{ids[3], ids[2], ids[1], ids[0]}));
  }
  // S4: 10 concurrent starts → exactly one person speaking; the rest done or waiting.
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i)
    threads.emplace_back([&, i] { Post("/speakers/" + std::to_string(ids[i % 4]) + "/start"); });
  for (auto& t : threads) t.join();
  l = json::parse(HttpAnonymous(port_, "GET", kApi + list).body);
  ASSERT_FALSE(l["current"].is_null());
  int speaking = 0;
  for (const auto& x : l["others"]) {
    EXPECT_NE(x["state"], "speaking");
    if (x["state"] == "done") {
      EXPECT_TRUE(x.contains("ended_at"));
    }
  }
  speaking += !l["current"].is_null();
  EXPECT_EQ(speaking, 1);
  // Start the one still waiting (if any) and check the previous is done.
  const int64_t cur = l["current"]["id"];
  if (!l["queue"].empty()) {
    const int64_t next = l["queue"][0]["id"];
    ASSERT_EQ(Post("/speakers/" + std::to_string(next) + "/start").status, 200);
    auto prev = json::parse(HttpAnonymous(port_, "GET", kApi + list).body);
    bool done = false;
    for (const auto& x : prev["others"])
      if (x["id"] == cur) done = x["state"] == "done" && x.contains("ended_at");
    EXPECT_TRUE(done);
  }
  // S6: pause 2 s, resume: the pause does not count.
  l = json::parse(HttpAnonymous(port_, "GET", kApi + list).body);
  const int64_t now_speaking = l["current"]["id"];
  // The hall after a reload asks who speaks anywhere in the congress.
  auto cur_any = json::parse(HttpAnonymous(port_, "GET", kApi + "/speakers/current").body);
  EXPECT_EQ(cur_any["current"]["id"], now_speaking);
  EXPECT_EQ(cur_any["agenda_item_id"], l["agenda_item_id"]);
  const std::string sp = "/speakers/" + std::to_string(now_speaking);
  ASSERT_EQ(Post(sp + "/pause").status, 200);
  EXPECT_EQ(Post(sp + "/pause").status, 409);
  const int before = json::parse(HttpAnonymous(port_, "GET", kApi + list).body)["current"]["remaining_s"];
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  ASSERT_EQ(Post(sp + "/resume").status, 200);
  const int after = json::parse(HttpAnonymous(port_, "GET", kApi + list).body)["current"]["remaining_s"];
  EXPECT_LE(std::abs(before - after), 1) << before << " → " << after;
  // A server restart mid-speech keeps the timer.
  const std::string dir = server_->data_dir();
  const int at_stop = json::parse(HttpAnonymous(port_, "GET", kApi + list).body)["current"]["remaining_s"];
  server_.reset();  // SIGTERM; the data directory is the fixture's and stays
  ServerProcess again({"--quiet"}, dir);
  auto l2 = json::parse(HttpAnonymous(again.port(), "GET", kApi + list).body);
  ASSERT_FALSE(l2["current"].is_null());
  EXPECT_EQ(l2["current"]["id"], now_speaking);
  // The same origin: only the seconds of the restart itself have passed.
  EXPECT_LE(l2["current"]["remaining_s"].get<int>(), at_stop);
  EXPECT_GE(l2["current"]["remaining_s"].get<int>(), at_stop - 10);
  ASSERT_EQ(Http(again.port(), "POST", kApi + "/speakers/" + std::to_string(now_speaking) + "/end").status, 200);
  EXPECT_TRUE(json::parse(HttpAnonymous(again.port(), "GET", kApi + "/speakers/current").body)["current"].is_null());
  // The export for the minutes.
  auto x = Http(again.port(), "GET", kApi + list + "/export?format=csv");
  EXPECT_EQ(x.status, 200);
  EXPECT_NE(x.body.find("Ý kiến"), std::string::npos);
}

TEST_F(SpeakersTest, S7ManyDelegatesRegisterAtOnce) {
  FullHouse();
  auto c = json::parse(HttpAnonymous(port_, "GET", kApi).body);
  const int64_t item = c["sessions"][0]["agenda"][5]["id"];
  const std::string list = "/agenda-items/" + std::to_string(item) + "/speakers";
  auto officials = Officials();
  const size_t n = std::min<size_t>(officials.size(), 100);
  std::vector<Headers> phones;
  for (size_t i = 0; i < n; ++i) phones.push_back(Phone(officials[i].badge));
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < n; ++i)
    threads.emplace_back([&, i] { ok += Post(list, {{"kind", "speech"}}, phones[i]).status == 201; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), static_cast<int>(n));
  auto l = json::parse(HttpAnonymous(port_, "GET", kApi + list).body);
  ASSERT_EQ(l["requested"].size(), n);
  std::set<int64_t> positions;
  for (const auto& x : l["requested"]) ASSERT_EQ(Post("/speakers/" + std::to_string(x["id"].get<int64_t>()) + "/approve").status, 200);
  l = json::parse(HttpAnonymous(port_, "GET", kApi + list).body);
  for (const auto& x : l["queue"]) positions.insert(x["position"].get<int64_t>());
  EXPECT_EQ(positions.size(), n);
}

}  // namespace
}  // namespace phonghop::testing
