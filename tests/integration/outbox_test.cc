// Live events in the change's own transaction (decision 552), on both
// back-ends (pg.OutboxTest on PostgreSQL): a node that dies after a
// check-in was written and before its live event was stored leaves neither
// behind — the check-in is rolled back with it — and the kiosk's retry
// stores both, once. Before, the check-in committed alone and its event was
// lost for every phone.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <cstdlib>
#include <optional>

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

}  // namespace
}  // namespace phonghop::testing
