#include <gtest/gtest.h>

#include <thread>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_congress_repository.h"
#include "test_db.h"

namespace phonghop::storage {
namespace {

TEST(SqliteStoreTest, MigratesToLatestAndUsesWal) {
  testing::TempDir dir;
  auto db = testing::OpenTestDb(dir);
  EXPECT_EQ(db->SchemaVersion(), LatestSchemaVersion());
  std::string mode = db->Read([](Connection& c) {
    auto s = c.Prepare("PRAGMA journal_mode");
    s.Step();
    return s.Text(0);
  });
  EXPECT_EQ(mode, "wal");
  // Reopening applies nothing twice.
  db.reset();
  db = testing::OpenTestDb(dir);
  EXPECT_EQ(db->SchemaVersion(), LatestSchemaVersion());
}

TEST(SqliteStoreTest, RefusesDatabaseFromNewerVersion) {
  testing::TempDir dir;
  {
    auto db = testing::OpenTestDb(dir);
    db->Write([](Connection& c) { c.Exec("PRAGMA user_version = 999"); });
  }
  auto db = SqliteDatabase::Open(dir.path() + "/phonghop.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable);
}

// Rollback of a failed write and SQL metacharacters as text are part of the
// repository contract (tests/contract), checked on every back-end.

TEST(SqliteStoreTest, BackupIsConsistentWhileWriting) {
  testing::TempDir dir;
  auto db = testing::OpenTestDb(dir);
  SqliteCongressRepository repo(*db);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      congress::Congress c;
      c.slug = "c" + std::to_string(i);
      c.name = "N";
      (void)repo.CreateCongress(c);
    }
  });
  std::string out = dir.path() + "/backup.db";
  Status st = db->BackupTo(out);
  stop = true;
  writer.join();
  ASSERT_TRUE(st.ok()) << st.ToString();
  auto copy = SqliteDatabase::Open(out);
  ASSERT_TRUE(copy.ok());
  std::string integrity = (*copy)->Read([](Connection& c) {
    auto s = c.Prepare("PRAGMA integrity_check");
    s.Step();
    return s.Text(0);
  });
  EXPECT_EQ(integrity, "ok");
  EXPECT_FALSE(std::filesystem::exists(out + ".tmp"));
}

}  // namespace
}  // namespace phonghop::storage
