// Durability for real: a child process importing delegates and documents is
// killed with SIGKILL at random moments; the database must then open, pass
// integrity_check, and hold every committed change and no half-made record
// (a delegate import is all or nothing; every document row has its pages
// and a blob on disk).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <random>
#include <map>
#include <set>
#include <thread>

#include "io/xlsx.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/fts_tokenizer.h"
#include "storage/sqlite/migrations.h"
#include "http_client.h"
#include "server_fixture.h"
#include "test_files.h"

namespace phonghop::testing {
namespace {

namespace fs = std::filesystem;

int64_t QueryInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  return v;
}

std::string QueryText(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
  std::string v = sqlite3_step(st) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0)) : "";
  sqlite3_finalize(st);
  return v;
}

TEST(KillTest, Kill9DuringImportsLeavesAConsistentDatabase) {
  PH_SQLITE_ONLY("checks the SQLite file after kill -9 (integrity_check, FTS5); PostgreSQL's crash safety is the server's");
  std::string tmp = MakeTempDir(), data = tmp + "/data";
  ASSERT_EQ(RunCli({"congress", "create", "--data", data, "--slug", "dh", "--name", "Đại hội"}).exit_code, 0);
  std::vector<std::vector<std::string>> rows = {{"Số thẻ", "Họ và tên", "Đoàn"}};
  for (int i = 1; i <= 3000; ++i) rows.push_back({std::to_string(i), "Đại biểu " + std::to_string(i), "Chi đoàn " + std::to_string(i % 9)});
  WriteFile(tmp + "/ds.xlsx", io::WriteXlsx(rows).value());
  fs::create_directories(tmp + "/docs");
  for (int i = 0; i < 12; ++i)
    WriteFile(tmp + "/docs/tai-lieu-" + std::to_string(i) + ".md",
              "# Tài liệu " + std::to_string(i) + "\n\n" + std::string(2000 + i, 'x') + "\n");

  std::mt19937 rng(42);
  int killed = 0;
  for (int round = 0; round < 8; ++round) {
    bool docs = round % 2 == 1;
    pid_t pid = docs ? SpawnPhonghop({"import", "--data", data, "--congress", "dh", tmp + "/docs", "--no-ocr"})
                     : SpawnPhonghop({"delegates", "import", "--data", data, "--congress", "dh",
                                 "--create-delegations", tmp + "/ds.xlsx"});
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 400));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    // kill() also "succeeds" on a child that already exited (a zombie):
    // only a child that died of the signal was cut off mid-work.
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++killed;

    // The database opens (migrations run) and is whole.
    ASSERT_EQ(RunCli({"congress", "list", "--data", data}).exit_code, 0) << "round " << round;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((data + "/phonghop.db").c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(storage::RegisterFtsTokenizer(db));
    EXPECT_EQ(QueryText(db, "PRAGMA integrity_check"), "ok") << "round " << round;
    // All or nothing: 0 or every one of the 3,000 delegates.
    int64_t delegates = QueryInt(db, "SELECT COUNT(*) FROM delegates");
    EXPECT_TRUE(delegates == 0 || delegates == 3000) << "half an import: " << delegates;
    // Every document is complete: a current version with its pages, its blob on disk.
    EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM documents WHERE current_version_id IS NULL"), 0);
    EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM document_versions v WHERE NOT EXISTS "
                           "(SELECT 1 FROM document_pages p WHERE p.version_id = v.id)"), 0);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT sha256 FROM document_versions", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string sha = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      EXPECT_TRUE(fs::exists(data + "/blobs/" + sha.substr(0, 2) + "/" + sha)) << "row without its file";
    }
    sqlite3_finalize(st);
    // The search index matches the documents.
    EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM search_fts"),
              QueryInt(db, "SELECT COUNT(*) FROM document_pages p JOIN documents d ON d.current_version_id = p.version_id"));
    sqlite3_close(db);
  }
  EXPECT_GT(killed, 0) << "no child was killed mid-work";
  // After the storm, a clean run finishes the job.
  EXPECT_EQ(RunCli({"delegates", "import", "--data", data, "--congress", "dh", "--create-delegations", tmp + "/ds.xlsx"}).exit_code, 0);
  auto imp = RunCli({"import", "--data", data, "--congress", "dh", tmp + "/docs", "--no-ocr"});
  EXPECT_EQ(imp.exit_code, 0) << imp.err;
  fs::remove_all(tmp);
}

// A check-in rush when the power goes: every check-in a kiosk was told about
// is in the database afterwards, and nothing is half written.
TEST(KillTest, Kill9DuringACheckInRushKeepsEveryAcknowledgedCheckIn) {
  std::string tmp = MakeTempDir(), data = tmp + "/data";
  std::set<std::string> acknowledged;
  std::mutex mu;
  {
    ServerProcess s({"--demo", "--quiet"}, data);
    std::atomic<bool> stop{false};
    std::vector<std::thread> kiosks;
    for (int k = 0; k < 4; ++k)
      kiosks.emplace_back([&, k] {
        for (int i = k + 1; i <= 156 && !stop; i += 4) {
          char badge[24];
          std::snprintf(badge, sizeof badge, "%03d", i);
          auto r = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/manual",
                        "{\"badge\":\"" + std::string(badge) + "\",\"reason\":\"thử mất điện\"}");
          if (r.status == 200 && r.body.find("checked_in") != std::string::npos) {
            std::lock_guard lock(mu);
            acknowledged.insert(badge);
          }
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    s.Stop(SIGKILL, 5000);
    stop = true;
    for (auto& t : kiosks) t.join();
  }
  ASSERT_GT(acknowledged.size(), 0u) << "no check-in got through before the kill";
  if (!RunningOnPostgres()) {
    ASSERT_EQ(RunCli({"congress", "list", "--data", data}).exit_code, 0);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((data + "/phonghop.db").c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(storage::RegisterFtsTokenizer(db));
    EXPECT_EQ(QueryText(db, "PRAGMA integrity_check"), "ok");
    sqlite3_close(db);
  }
  // What the roll call says after a restart (on PostgreSQL: the same
  // database, the node restarted).
  ServerProcess again({"--quiet"}, data);
  auto roll = Http(again.port(), "GET", "/api/v1/congresses/demo/attendance");
  ASSERT_EQ(roll.status, 200) << roll.body;
  auto j = nlohmann::json::parse(roll.body);
  std::map<std::string, int> present;
  for (const auto& p : j["present_list"]) {
    ++present[p["badge"].get<std::string>()];
    // Each row complete: the operator and the reason were stored with it.
    EXPECT_FALSE(p["checkin"]["operator"].get<std::string>().empty());
    EXPECT_FALSE(p["checkin"]["reason"].get<std::string>().empty());
  }
  for (const auto& badge : acknowledged) EXPECT_EQ(present[badge], 1) << "acknowledged check-in lost: " << badge;
  // One row per delegate and session.
  EXPECT_EQ(j["present"].get<size_t>(), present.size());
  for (const auto& [badge, n] : present) EXPECT_EQ(n, 1) << badge;
  fs::remove_all(tmp);
}

// Killed while migrating a new data directory: the next start finishes the
// migrations and the schema is whole (each migration is one transaction).
TEST(KillTest, Kill9DuringMigrationsLeavesAnOpenableDatabase) {
  PH_SQLITE_ONLY("SQLite migrations in a fresh data directory; PostgreSQL migrations run under an advisory lock, each in one transaction (contract suite)");
  std::mt19937 rng(7);
  int landed = 0;
  for (int round = 0; round < 6; ++round) {
    std::string tmp = MakeTempDir(), data = tmp + "/data";
    pid_t pid = SpawnPhonghop({"congress", "list", "--data", data});
    std::this_thread::sleep_for(std::chrono::microseconds(500 + rng() % 8000));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++landed;
    ASSERT_EQ(RunCli({"congress", "list", "--data", data}).exit_code, 0) << "round " << round;
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((data + "/phonghop.db").c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(storage::RegisterFtsTokenizer(db));
    EXPECT_EQ(QueryText(db, "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(QueryInt(db, "PRAGMA user_version"), storage::LatestSchemaVersion());
    EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('attendance','province_pages','audit_log')"), 3);
    sqlite3_close(db);
    fs::remove_all(tmp);
  }
  EXPECT_GT(landed, 0) << "every child finished before the kill: nothing was proven";
}

}  // namespace
}  // namespace phonghop::testing
