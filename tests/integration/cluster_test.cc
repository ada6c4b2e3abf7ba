// Several phonghop processes on one store behaving as one service (#14):
// a check-in retried after the node died past its COMMIT is stored once;
// a database failing over is a 503 with Retry-After that keeps the
// session; live events published through one node reach streams on
// another, with ids a phone can resume from on any node.
//
// The tests that need two nodes on one database run in the PostgreSQL
// suite (`ctest -L postgres`, test names `pg.*`); on SQLite one node is
// restarted on the same data directory instead where that means the same.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "http_client.h"
#include "server_fixture.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;

// Environment for the next server spawned (fail points are read once at
// start); restored when this goes.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* v = std::getenv(name)) old_ = v;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

int Count(const std::string& hay, const std::string& needle) {
  int n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

// The event ids ("id: N") in order of arrival.
std::vector<uint64_t> Ids(const std::string& stream) {
  std::vector<uint64_t> ids;
  std::regex re("(^|\n)id: (\\d+)\n");
  for (auto it = std::sregex_iterator(stream.begin(), stream.end(), re); it != std::sregex_iterator(); ++it)
    ids.push_back(std::stoull((*it)[2]));
  return ids;
}

// An event stream of the demo congress on `port` (anonymous, as a phone).
int OpenStream(uint16_t port, const std::string& last_event_id = "") {
  int fd = ConnectRaw(port);
  std::string req = "GET /api/v1/congresses/demo/events HTTP/1.1\r\nHost: x\r\n";
  if (!last_event_id.empty()) req += "Last-Event-ID: " + last_event_id + "\r\n";
  SendRaw(fd, req + "\r\n");
  return fd;
}

// Reads until `count` events arrived on the stream (or 5 s passed).
std::string ReadEvents(int fd, size_t count, std::string got = "") {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (Ids(got).size() < count && std::chrono::steady_clock::now() < deadline)
    got += ReadUntil(fd, "\n\n", 200);
  return got;
}

void AddDelegation(uint16_t port, const std::string& name) {
  auto r = Http(port, "POST", "/api/v1/congresses/demo/delegations", "{\"name\":\"" + name + "\"}",
                {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 201) << r.body;
}

// The extra serve arguments of a second node on `first`'s store.
std::vector<std::string> SameStore(const ServerProcess& first) {
  std::vector<std::string> a = {"--quiet"};
  if (!first.database().empty()) {
    a.push_back("--database");
    a.push_back(first.database());
  }
  return a;
}

// The kiosk checks in badge 001; the node commits and dies before it can
// answer (fail point). The kiosk sends the same attempt again, with the same
// Idempotency-Key, to another node (PostgreSQL) or to the restarted node
// (SQLite): it gets the first answer, and there is one attendance row and
// one audit entry — not two.
TEST(ClusterTest, CheckInRetriedAfterACrashPastCommitIsStoredOnce) {
  std::unique_ptr<ServerProcess> a;
  {
    ScopedEnv fail("PHONGHOP_FAILPOINTS", "crash_after_checkin_commit");
    a = std::make_unique<ServerProcess>(std::vector<std::string>{"--demo", "--quiet"});
  }
  const std::map<std::string, std::string> key = {{"Content-Type", "application/json"},
                                                  {"Idempotency-Key", "kiosk-A-000173"}};
  const std::string body = R"({"badge":"001","kiosk":"Cửa A"})";
  auto lost = Http(a->port(), "POST", "/api/v1/congresses/demo/checkin/badge", body, key);
  EXPECT_EQ(lost.status, 0) << "the node should have died before replying: " << lost.body;
  EXPECT_EQ(a->Stop(SIGKILL, 5000), 70);  // it exited at the fail point

  std::string data = a->data_dir();
  // SQLite: the same data directory again; PostgreSQL: a second node with
  // its own directory on the same database.
  ServerProcess b(SameStore(*a), a->database().empty() ? data : "");
  auto retry = Http(b.port(), "POST", "/api/v1/congresses/demo/checkin/badge", body, key);
  ASSERT_EQ(retry.status, 200) << retry.body;
  auto j = json::parse(retry.body);
  EXPECT_EQ(j["result"], "checked_in") << retry.body;  // the first answer, not "already"
  EXPECT_EQ(j["checkin"]["kiosk"], "Cửa A");
  EXPECT_EQ(retry.Header("idempotent-replayed"), "true");

  // Once more (the kiosk's third try): still the same answer.
  auto third = Http(b.port(), "POST", "/api/v1/congresses/demo/checkin/badge", body, key);
  EXPECT_EQ(json::parse(third.body)["result"], "checked_in");

  auto roll = Http(b.port(), "GET", "/api/v1/congresses/demo/attendance");
  ASSERT_EQ(roll.status, 200);
  EXPECT_EQ(json::parse(roll.body)["present"], 1);
  auto audit = Http(b.port(), "GET", "/api/v1/audit?limit=200");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(Count(audit.body, "check-in badge 001"), 1) << audit.body;
  // The replies given again are not audited as new requests either.
  EXPECT_EQ(Count(audit.body, "POST /api/v1/congresses/demo/checkin/badge"), 0) << audit.body;

  // A new attempt (another key) for the same delegate is "already present".
  auto other = Http(b.port(), "POST", "/api/v1/congresses/demo/checkin/badge", body,
                    {{"Content-Type", "application/json"}, {"Idempotency-Key", "kiosk-B-000001"}});
  EXPECT_EQ(json::parse(other.body)["result"], "already");
  // A key no kiosk could send is refused with a clear message.
  auto bad = Http(b.port(), "POST", "/api/v1/congresses/demo/checkin/badge", body,
                  {{"Content-Type", "application/json"}, {"Idempotency-Key", "có dấu"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
}

// The database becomes read-only and drops its connections, as a Patroni
// failover does for a few seconds: writes get 503 with a Retry-After, the
// signed-in session is not ended (no X-Session-Ended: the phone keeps its
// data); when the database is back the same request succeeds.
TEST(ClusterTest, FailoverIsA503WithRetryAfterAndKeepsTheSession) {
  if (!RunningOnPostgres()) GTEST_SKIP() << "needs PostgreSQL (runs as pg.ClusterTest in ctest -L postgres)";
  PgTestDatabase db;
  ServerProcess s({"--demo", "--quiet", "--database", db.url()});
  const std::string name = db.url().substr(db.url().rfind('/') + 1);
  ASSERT_TRUE(db.Admin("ALTER DATABASE " + name + " SET default_transaction_read_only = on"));
  ASSERT_TRUE(db.Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
                       "' AND pid <> pg_backend_pid()"));
  auto w = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/manual",
                R"({"badge":"002","reason":"quên thẻ"})", {{"Content-Type", "application/json"}});
  EXPECT_EQ(w.status, 503) << w.body;
  ASSERT_FALSE(w.Header("retry-after").empty());
  EXPECT_GE(std::stoi(w.Header("retry-after")), 1);
  EXPECT_TRUE(w.Header("x-session-ended").empty());
  ASSERT_TRUE(db.Admin("ALTER DATABASE " + name + " SET default_transaction_read_only = off"));
  ASSERT_TRUE(db.Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
                       "' AND pid <> pg_backend_pid()"));
  // The pool reconnects on next use: the first call after the cut may still
  // meet a dead connection; the kiosk retries.
  HttpResult ok;
  for (int i = 0; i < 20; ++i) {
    ok = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/manual", R"({"badge":"002","reason":"quên thẻ"})",
              {{"Content-Type", "application/json"}});
    if (ok.status != 503) break;
    ::usleep(100 * 1000);
  }
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["result"], "checked_in");
}


// A sign-in while the database cannot be reached (a failover) is a 503
// with Retry-After, not "wrong name or password", and it counts toward no
// lockout: the same sign-in succeeds as soon as the database is back.
TEST(ClusterTest, SignInDuringAFailoverIsA503NotAWrongPassword) {
  if (!RunningOnPostgres()) GTEST_SKIP() << "needs PostgreSQL (runs as pg.ClusterTest in ctest -L postgres)";
  PgTestDatabase db;
  ServerProcess s({"--demo", "--quiet", "--database", db.url()});
  const std::string name = db.url().substr(db.url().rfind('/') + 1);
  const std::string body = json({{"name", kTestUser}, {"password", kTestPassword}}).dump();
  ASSERT_TRUE(db.Admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false"));
  ASSERT_TRUE(db.Admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
                       "' AND pid <> pg_backend_pid()"));
  for (int i = 0; i < 6; ++i) {  // more than the free tries before a lockout
    auto r = HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", body);
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_FALSE(r.Header("retry-after").empty());
  }
  ASSERT_TRUE(db.Admin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true"));
  HttpResult ok;
  for (int i = 0; i < 20; ++i) {
    ok = HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", body);
    if (ok.status != 503) break;
    ::usleep(100 * 1000);
  }
  EXPECT_EQ(ok.status, 200) << ok.body;
}

// Two nodes on one PostgreSQL: a phone's stream on node B sees the events
// published through node A, numbered 1, 2, 3 ... per congress; when the
// phone moves to node A with its Last-Event-ID it gets exactly the events it
// missed, once; a third node started later replays from the database what it
// never saw itself (decision 532).
TEST(ClusterTest, EventsCrossNodesAndResumeOnAnyNode) {
  if (!RunningOnPostgres()) GTEST_SKIP() << "needs PostgreSQL (runs as pg.ClusterTest in ctest -L postgres)";
  PgTestDatabase db;
  ServerProcess a({"--demo", "--quiet", "--database", db.url()});
  ServerProcess b({"--quiet", "--database", db.url()});
  int on_b = OpenStream(b.port());
  ASSERT_GE(on_b, 0);
  std::string head = ReadUntil(on_b, "retry:", 3000);
  ASSERT_NE(head.find("text/event-stream"), std::string::npos) << head;
  for (int i = 0; i < 3; ++i) AddDelegation(a.port(), "Đoàn A" + std::to_string(i));
  std::string seen = ReadEvents(on_b, 3, head);
  auto ids = Ids(seen);
  ASSERT_EQ(ids.size(), 3u) << seen;
  EXPECT_EQ(ids[1], ids[0] + 1);
  EXPECT_EQ(ids[2], ids[1] + 1);
  EXPECT_NE(seen.find("event: delegates_changed"), std::string::npos);
  ::close(on_b);  // the phone loses node B

  // Meanwhile two more changes, one through each node.
  AddDelegation(a.port(), "Đoàn A3");
  AddDelegation(b.port(), "Đoàn B4");
  // The phone reconnects to node A with the last id it saw.
  int on_a = OpenStream(a.port(), std::to_string(ids[2]));
  std::string resumed = ReadEvents(on_a, 2);
  auto gap = Ids(resumed);
  ASSERT_EQ(gap.size(), 2u) << resumed;
  EXPECT_EQ(gap[0], ids[2] + 1);
  EXPECT_EQ(gap[1], ids[2] + 2);
  // Then live again, from either node, never a repeat.
  AddDelegation(b.port(), "Đoàn B5");
  resumed = ReadEvents(on_a, 3, resumed);
  auto all = Ids(resumed);
  ASSERT_EQ(all.size(), 3u) << resumed;
  EXPECT_EQ(all[2], ids[2] + 3);
  ::close(on_a);

  // A node started now has none of this in memory: the database replays.
  ServerProcess c({"--quiet", "--database", db.url()});
  int on_c = OpenStream(c.port(), std::to_string(ids[0]));
  auto replay = Ids(ReadEvents(on_c, 5));
  ASSERT_EQ(replay.size(), 5u);
  for (size_t i = 0; i < replay.size(); ++i) EXPECT_EQ(replay[i], ids[0] + 1 + i);
  ::close(on_c);
}

// A phone on node B reloads the delegations when their event arrives; the
// change was made through node A a moment after node B had cached the list
// (its reply cache keeps a list up to a second while nothing changed through
// B itself). The reload must show the change — with the phone's old ETag
// too — not the copy cached before it (decision 73).
TEST(ClusterTest, AReloadAfterAnEventShowsAChangeMadeOnAnotherNode) {
  if (!RunningOnPostgres()) GTEST_SKIP() << "needs PostgreSQL (runs as pg.ClusterTest in ctest -L postgres)";
  PgTestDatabase db;
  ServerProcess a({"--demo", "--quiet", "--database", db.url()});
  ServerProcess b({"--quiet", "--database", db.url()});
  const std::string list = "/api/v1/congresses/demo/delegations";
  for (int round = 0; round < 3; ++round) {
    int on_b = OpenStream(b.port());
    ASSERT_GE(on_b, 0);
    std::string head = ReadUntil(on_b, "retry:", 3000);
    auto before = HttpAnonymous(b.port(), "GET", list);
    ASSERT_EQ(before.status, 200);
    const std::string name = "Đoàn liên cụm " + std::to_string(round);
    ASSERT_EQ(before.body.find(name), std::string::npos);
    AddDelegation(a.port(), name);
    std::string seen = ReadEvents(on_b, 1, head);
    ASSERT_NE(seen.find("event: delegates_changed"), std::string::npos) << seen;
    auto after = HttpAnonymous(b.port(), "GET", list);
    ASSERT_EQ(after.status, 200);
    EXPECT_NE(after.body.find(name), std::string::npos) << "node B answered its cached list from before the change";
    auto revalidated = HttpAnonymous(b.port(), "GET", list, "", {{"If-None-Match", before.Header("etag")}});
    EXPECT_EQ(revalidated.status, 200) << "a phone holding the old list was told it is current";
    ::close(on_b);
  }
}

// The chair presents a document through node A; a phone that loads the
// page through node B (or after the only node restarted, on SQLite) is told
// what is presented, so it opens the same page (decision 74).
TEST(ClusterTest, WhatTheChairPresentsIsKnownOnEveryNodeAndAfterARestart) {
  std::string code;
  auto present = [&](uint16_t port) {
    auto docs = json::parse(HttpAnonymous(port, "GET", "/api/v1/congresses/demo/documents").body)["documents"];
    code = docs[0]["code"];
    auto p = Http(port, "POST", "/api/v1/congresses/demo/presentation", json({{"code", code}, {"page", 2}}).dump());
    ASSERT_EQ(p.status, 200) << p.body;
  };
  auto shown = [&](uint16_t port) {
    auto r = HttpAnonymous(port, "GET", "/api/v1/congresses/demo/presentation");
    EXPECT_EQ(r.status, 200);
    auto now = json::parse(r.body);
    EXPECT_EQ(now["code"], code) << r.body;
    EXPECT_EQ(now["page"], 2) << r.body;
  };
  if (RunningOnPostgres()) {
    PgTestDatabase db;
    ServerProcess a({"--demo", "--quiet", "--database", db.url()});
    ServerProcess b({"--quiet", "--database", db.url()});
    present(a.port());
    shown(b.port());
    ServerProcess c({"--quiet", "--database", db.url()});
    shown(c.port());
  } else {
    std::string data = MakeTempDir() + "/data";
    {
      ServerProcess s({"--demo", "--quiet"}, data);
      present(s.port());
    }
    ServerProcess again({"--quiet"}, data);
    shown(again.port());
  }
}

// A face enrolled through node A is recognised at a kiosk on node B, and
// once deleted through A it is no longer recognised on B: each node
// reloads the congress's gallery on its `biometrics_changed` event
// (decision 536).
TEST(ClusterTest, FacesEnrolledOrDeletedOnOneNodeAreFollowedByAnother) {
  if (!RunningOnPostgres()) GTEST_SKIP() << "needs PostgreSQL (runs as pg.ClusterTest in ctest -L postgres)";
  const std::string lfw = std::string(PHONGHOP_SHARED_DIR) + "/faces/lfw/images/Silvio_Berlusconi";
  if (!std::filesystem::exists(lfw) ||
      !std::filesystem::exists(std::filesystem::path(PHONGHOP_SOURCE_DIR) / "models/face/fr_feature.onnx"))
    GTEST_SKIP() << "LFW photos or face models missing (run ./scripts/setup.sh)";
  std::vector<std::string> photos;
  for (const auto& e : std::filesystem::directory_iterator(lfw)) photos.push_back(e.path().string());
  std::sort(photos.begin(), photos.end());
  auto bytes = [](const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  const std::map<std::string, std::string> jpeg = {{"Content-Type", "image/jpeg"}};
  ServerProcess a({"--demo", "--quiet", "--no-liveness"});
  ServerProcess b({"--quiet", "--no-liveness", "--database", a.database()});
  HttpResult enrolled;
  for (int n = 0; n < 3 && enrolled.status != 201; ++n)
    enrolled = Http(a.port(), "POST", "/api/v1/congresses/demo/delegates/002/face?consent=1", bytes(photos[n]), jpeg);
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  auto door = [&](const std::string& want) {
    json j;
    for (int i = 0; i < 50; ++i) {
      auto r = Http(b.port(), "POST", "/api/v1/congresses/demo/checkin/face?kiosk=B", bytes(photos[7]), jpeg);
      EXPECT_EQ(r.status, 200) << r.body;
      j = json::parse(r.body);
      if (j["result"] == want) break;
      ::usleep(100 * 1000);
    }
    return j["result"];
  };
  EXPECT_EQ(door("checked_in"), "checked_in");
  ASSERT_EQ(Http(a.port(), "DELETE", "/api/v1/congresses/demo/delegates/002/face").status, 200);
  EXPECT_EQ(door("unknown"), "unknown");  // not "already": node B forgot the face
}

}  // namespace
}  // namespace phonghop::testing
