// Biometric deletion (issue #18, item 12): while a reader holds an old
// snapshot (a backup or an export running), the deleted embedding and photo
// stay in the WAL; the deletion waits for the reader and then leaves no
// copy in the database files, instead of returning with the bytes still there.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "storage/sqlite/migrations.h"
#include "storage/sqlite/sqlite_attendance_repository.h"
#include "test_db.h"

namespace phonghop::testing {
namespace {

bool FileContains(const std::string& path, const std::string& needle) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str().find(needle) != std::string::npos;
}

TEST(BiometricDeletionTest, WaitsForAnOpenSnapshotThenLeavesNoCopy) {
  TempDir dir;
  auto db = OpenTestDb(dir);
  ASSERT_TRUE(storage::ApplyMigrations(*db).ok());
  db->Write([](storage::Connection& c) {
    c.Exec("INSERT INTO congresses(id, slug, name, created_at) VALUES (1, 'dh', 'Đại hội', 0)");
    c.Exec("INSERT INTO delegates(id, congress_id, badge, full_name) VALUES (7, 1, '007', 'Nguyễn Văn A')");
  });
  storage::SqliteAttendanceRepository repo(*db);
  // A recognisable embedding and photo.
  std::string embedding(512, '\0');
  for (size_t i = 0; i < embedding.size(); ++i) embedding[i] = static_cast<char>("EMBEDDINGxyz"[i % 12]);
  attendance::FaceRecord f;
  f.delegate_id = 7;
  f.embedding = embedding;
  f.model = "test";
  f.photo_jpeg = std::string(4096, 'P') + "PHOTO-OF-DELEGATE-007";
  ASSERT_TRUE(repo.AddFace(1, f).ok());
  const std::string path = dir.path() + "/phonghop.db";

  // A backup-like reader opens a snapshot and holds it for a second.
  sqlite3* reader = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT COUNT(*) FROM face_embeddings;", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([reader] {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
  });
  auto n = repo.DeleteFaces(7);
  release.join();
  sqlite3_close(reader);
  ASSERT_TRUE(n.ok()) << n.status().message();
  EXPECT_EQ(*n, 1);
  EXPECT_FALSE(FileContains(path, "PHOTO-OF-DELEGATE-007"));
  EXPECT_FALSE(FileContains(path + "-wal", "PHOTO-OF-DELEGATE-007"));
  EXPECT_FALSE(FileContains(path, embedding.substr(0, 64)));
  EXPECT_FALSE(FileContains(path + "-wal", embedding.substr(0, 64)));
}

}  // namespace
}  // namespace phonghop::testing
