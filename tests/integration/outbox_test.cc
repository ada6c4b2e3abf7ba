// Live events in the change's own transaction (decisions 552, 553), on both
// back-ends (pg.OutboxTest, pg.OutboxCrashTest on PostgreSQL): a node that
// dies after a change was written and before its live event was stored
// leaves neither behind — the change is rolled back with it — and the
// client's retry stores both, once. Before, the change committed alone and
// its event was lost for every phone. Check-ins (552); a poll opening, a
// speaker's registration, a session added to the programme and a document
// upload (553).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http_client.h"
#include "server_fixture.h"
#include "test_store.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;

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

TEST(OutboxTest, ANodeDyingBeforeTheEventIsStoredLeavesNeitherAndTheRetryStoresBoth) {
  std::unique_ptr<ServerProcess> a;
  {
    ScopedEnv fail("PHONGHOP_FAILPOINTS", "crash_before_event_append");
    a = std::make_unique<ServerProcess>(std::vector<std::string>{"--demo", "--quiet"});
  }
  const std::map<std::string, std::string> key = {{"Content-Type", "application/json"},
                                                  {"Idempotency-Key", "kiosk-A-000200"}};
  const std::string body = R"({"badge":"001","kiosk":"Cửa A"})";
  auto lost = Http(a->port(), "POST", "/api/v1/congresses/demo/checkin/badge", body, key);
  EXPECT_EQ(lost.status, 0) << "the node should have died before replying: " << lost.body;
  EXPECT_EQ(a->Stop(SIGKILL, 5000), 70);  // it exited at the fail point
  const std::string count_checkins = "SELECT COUNT(*) FROM attendance";
  const std::string count_events = "SELECT COUNT(*) FROM live_events WHERE event = 'attendance'";
  {
    TestStore store(a->data_dir(), a->database());
    EXPECT_EQ(store.Int(count_checkins), 0) << "a check-in without its event";
    EXPECT_EQ(store.Int(count_events), 0);
  }
  // The kiosk retries: on the restarted node (SQLite) or another node on
  // the same database (PostgreSQL).
  std::vector<std::string> args = {"--quiet"};
  if (!a->database().empty()) {
    args.push_back("--database");
    args.push_back(a->database());
  }
  ServerProcess b(args, a->database().empty() ? a->data_dir() : "");
  auto retry = Http(b.port(), "POST", "/api/v1/congresses/demo/checkin/badge", body, key);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(json::parse(retry.body)["result"], "checked_in") << retry.body;
  auto again = Http(b.port(), "POST", "/api/v1/congresses/demo/checkin/badge", body, key);
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  TestStore store(b.data_dir(), b.database());
  EXPECT_EQ(store.Int(count_checkins), 1);
  EXPECT_EQ(store.Int(count_events), 1);
  // The roll agrees.
  auto roll = Http(b.port(), "GET", "/api/v1/congresses/demo/attendance");
  ASSERT_EQ(roll.status, 200);
  EXPECT_EQ(json::parse(roll.body)["present"], 1);
}

const std::string kApi = "/api/v1/congresses/demo";

// One change tried on a node that dies at the fail point (after the change
// was written, before its event was stored), then retried on a node
// without it, on the same store: the base node's data directory (SQLite,
// once the base has stopped) or its database (PostgreSQL).
class OutboxCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--demo", "--quiet"});
  }

  std::unique_ptr<ServerProcess> Node(bool crash) {
    if (base_->pid() > 0) base_->Stop(SIGTERM, 15000);
    std::optional<ScopedEnv> fail;
    if (crash) fail.emplace("PHONGHOP_FAILPOINTS", "crash_before_event_append");
    std::vector<std::string> args = {"--quiet"};
    if (!base_->database().empty()) {
      args.push_back("--database");
      args.push_back(base_->database());
    }
    return std::make_unique<ServerProcess>(args, base_->database().empty() ? base_->data_dir() : "");
  }

  // Sends the request to a node with the fail point on: it must die there
  // (exit 70) without replying.
  void Crash(const std::string& method, const std::string& target, const std::string& body = "",
             const std::map<std::string, std::string>& headers = {}) {
    auto node = Node(/*crash=*/true);
    auto r = Http(node->port(), method, target, body, headers);
    EXPECT_EQ(r.status, 0) << "the node should have died before replying: " << r.body;
    EXPECT_EQ(node->Stop(SIGKILL, 5000), 70) << "it did not exit at the fail point";
  }

  int64_t Count(const std::string& sql) {
    TestStore store(base_->data_dir(), base_->database());
    return store.Int(sql);
  }

  json CongressJson() { return json::parse(HttpAnonymous(base_->port(), "GET", kApi).body); }
  json Delegates() { return json::parse(Http(base_->port(), "GET", kApi + "/delegates").body)["delegates"]; }

  std::unique_ptr<ServerProcess> base_;
};

TEST_F(OutboxCrashTest, APollOpenedOnADyingNodeStaysClosedAndTheRetryOpensItOnce) {
  const uint16_t port = base_->port();
  const int64_t session = CongressJson()["sessions"][0]["id"];
  for (const auto& d : Delegates()) {
    if (d["kind"] != "official") continue;
    auto in = Http(port, "POST", kApi + "/checkin/manual",
                   json({{"badge", d["badge"]}, {"reason", "điểm danh giấy"}, {"session_id", session}}).dump());
    ASSERT_EQ(in.status / 100, 2) << in.body;
  }
  auto created = Http(port, "POST", kApi + "/polls",
                      json({{"kind", "motion"}, {"mode", "secret"}, {"title", "Thông qua chương trình"},
                            {"session_id", session}})
                          .dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = std::to_string(json::parse(created.body)["id"].get<int64_t>());
  const std::string open = "SELECT COUNT(*) FROM polls WHERE id = " + id + " AND state = 'open'";
  const std::string events =
      "SELECT COUNT(*) FROM live_events WHERE event = 'poll' AND data LIKE '%\"state\":\"open\"%'";
  const std::string audit = "SELECT COUNT(*) FROM audit_log WHERE action = 'poll.open'";

  Crash("POST", kApi + "/polls/" + id + "/open");
  EXPECT_EQ(Count(open), 0) << "a poll opened without its event: no phone would show the ballot";
  EXPECT_EQ(Count(events), 0);
  EXPECT_EQ(Count(audit), 0) << "the audit row goes with the change";

  auto node = Node(/*crash=*/false);
  auto r = Http(node->port(), "POST", kApi + "/polls/" + id + "/open");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["state"], "open");
  EXPECT_EQ(Count(open), 1);
  EXPECT_EQ(Count(events), 1);
  EXPECT_EQ(Count(audit), 1);
}

TEST_F(OutboxCrashTest, ASpeakerRegisteredOnADyingNodeIsNotOnTheListAndTheRetryAddsThemOnce) {
  const int64_t item = CongressJson()["sessions"][0]["agenda"][3]["id"];
  const std::string badge = Delegates()[0]["badge"];
  const std::string list = kApi + "/agenda-items/" + std::to_string(item) + "/speakers";
  // The chair puts a delegate on the list.
  const std::string body = json({{"kind", "speech"}, {"topic", "Chuyển đổi số"}, {"badge", badge}}).dump();
  const std::string requests = "SELECT COUNT(*) FROM speech_requests WHERE agenda_item_id = " + std::to_string(item);
  const std::string events = "SELECT COUNT(*) FROM live_events WHERE event = 'speakers'";
  ASSERT_EQ(Count(requests), 0);
  const int64_t events_before = Count(events);

  Crash("POST", list, body);
  EXPECT_EQ(Count(requests), 0) << "a request on the list that the hall screen never heard of";
  EXPECT_EQ(Count(events), events_before);

  auto node = Node(/*crash=*/false);
  auto r = Http(node->port(), "POST", list, body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Count(requests), 1);
  EXPECT_EQ(Count(events), events_before + 1);
  auto shown = json::parse(HttpAnonymous(node->port(), "GET", list).body);
  EXPECT_EQ(shown["requested"].size(), 1u) << shown.dump();
}

TEST_F(OutboxCrashTest, ASessionAddedOnADyingNodeIsNotInTheProgrammeAndTheRetryAddsItOnce) {
  const std::string body = json({{"name", "Phiên bổ sung: bầu Ban Kiểm tra"}}).dump();
  const std::string sessions = "SELECT COUNT(*) FROM sessions WHERE name = 'Phiên bổ sung: bầu Ban Kiểm tra'";
  const std::string events = "SELECT COUNT(*) FROM live_events WHERE event = 'programme_changed'";
  const int64_t events_before = Count(events);
  const size_t shown_before = CongressJson()["sessions"].size();

  Crash("POST", kApi + "/sessions", body);
  EXPECT_EQ(Count(sessions), 0) << "a programme change the phones were never told of";
  EXPECT_EQ(Count(events), events_before);

  auto node = Node(/*crash=*/false);
  auto r = Http(node->port(), "POST", kApi + "/sessions", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Count(sessions), 1);
  EXPECT_EQ(Count(events), events_before + 1);
  auto c = json::parse(HttpAnonymous(node->port(), "GET", kApi).body);
  EXPECT_EQ(c["sessions"].size(), shown_before + 1);
}

TEST_F(OutboxCrashTest, ADocumentUploadedOnADyingNodeIsNotListedAndTheRetryStoresItOnce) {
  const std::string boundary = "----outboxBoundary";
  const std::string upload = "--" + boundary +
                             "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"quy-che-bo-sung.md\"\r\n"
                             "Content-Type: text/markdown\r\n\r\n# Quy chế bầu cử bổ sung\n\nĐiều 1. Phạm vi.\n\r\n--" +
                             boundary + "--\r\n";
  const std::map<std::string, std::string> type = {{"Content-Type", "multipart/form-data; boundary=" + boundary}};
  const std::string docs = "SELECT COUNT(*) FROM documents WHERE title = 'Quy chế bầu cử bổ sung'";
  const std::string events = "SELECT COUNT(*) FROM live_events WHERE event = 'documents_changed'";
  const int64_t events_before = Count(events);

  // The file reaches the blob store before the rows; the node dies between
  // the rows and their event.
  Crash("POST", kApi + "/documents", upload, type);
  EXPECT_EQ(Count(docs), 0) << "a document no phone was told of";
  EXPECT_EQ(Count(events), events_before);

  auto node = Node(/*crash=*/false);
  auto r = Http(node->port(), "POST", kApi + "/documents", upload, type);
  ASSERT_EQ(r.status, 201) << r.body << "\n(the file left by the dead node must not make it a duplicate)";
  EXPECT_EQ(Count(docs), 1);
  EXPECT_EQ(Count(events), events_before + 1);
  const std::string code = json::parse(r.body)["code"];
  auto page = HttpAnonymous(node->port(), "GET", "/api/v1/documents/" + code);
  EXPECT_EQ(page.status, 200) << page.body;
}

}  // namespace
}  // namespace phonghop::testing
