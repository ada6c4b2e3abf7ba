// Biometric deletion by destroying the delegate's key (decisions 534, 550),
// end to end on both back-ends (also run as pg.FaceKeysTest): face data
// reaches the database only sealed, and deleting a delegate's faces
// destroys the key, so whatever copy the database still keeps (SQLite
// backups made before; PostgreSQL's dead tuples, WAL, dumps) no longer
// opens — and recognition forgets the person at once.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

#include "face_photos.h"
#include "http_client.h"
#include "server_fixture.h"
#include "storage/postgres/pg_db.h"
#include "test_files.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string Hex(const std::string& bytes) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

int KeyFiles(const std::string& dir) {
  int n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    n += it->is_regular_file(ec) && it->path().extension() == ".key";
  return n;
}

// Files under `dir` (recursively) holding `needle`; read in full (the test
// database and the WAL are tens of MB).
std::vector<std::string> FilesContaining(const std::string& dir, const std::string& needle) {
  std::vector<std::string> hits;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file(ec) && ReadFile(it->path().string()).find(needle) != std::string::npos)
      hits.push_back(it->path().string());
  return hits;
}

std::string PgDump(const std::string& url) {
  const std::string out = fs::temp_directory_path() / ("ph-dump-" + std::to_string(::getpid()) + ".sql");
  const std::string cmd = "/usr/lib/postgresql/15/bin/pg_dump --data-only -f '" + out + "' '" + url + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string dump = ReadFile(out);
  fs::remove(out);
  return dump;
}

TEST(FaceKeysTest, DeletingAFaceDestroysItsKeyAndNoCopyOpensAgain) {
  if (!HaveFaces()) GTEST_SKIP() << "LFW photos or face models missing (run ./scripts/setup.sh)";
  ServerProcess s({"--demo", "--quiet", "--no-liveness"});
  const std::string keys = RunningOnPostgres() ? FaceKeysFor(s.database()) : s.data_dir() + "/face-keys";
  const std::string photo = Photo("Wen_Jiabao", 0);
  auto enrolled = Enrol(s.port(), "004", photo, "consent=1&keep_photo=1");
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  EXPECT_EQ(KeyFiles(keys), 1) << keys;
  // The embedding as the engine computes it (same engine, same photo): it
  // may not reach the database in clear.
  auto embed = RunCli({"face", "embed", "--json", photo});
  ASSERT_EQ(embed.exit_code, 0) << embed.err;
  std::vector<float> e = json::parse(embed.out)["embedding"].get<std::vector<float>>();
  const std::string needle(reinterpret_cast<const char*>(e.data()), 64);

  // Recognition and the kept photo work through the key.
  auto door = json::parse(FaceCheckIn(s.port(), ReadFile(Photo("Wen_Jiabao", 2)), "A").body);
  EXPECT_EQ(door["result"], "checked_in") << door.dump();
  auto pic = Http(s.port(), "GET", "/api/v1/congresses/demo/delegates/004/face/photo");
  ASSERT_EQ(pic.status, 200);
  ASSERT_GT(pic.body.size(), 300u);
  EXPECT_EQ(pic.body.substr(0, 2), "\xff\xd8") << "a JPEG";
  // The kept photo as the server stores it: its bytes must not be in the
  // database in clear either.
  const std::string jpeg_needle = pic.body.substr(200, 64);
  // What the database holds (and every backup of it) is ciphertext only.
  if (RunningOnPostgres()) {
    const std::string dump = PgDump(s.database());
    ASSERT_NE(dump.find("face_embeddings"), std::string::npos);
    EXPECT_EQ(dump.find(Hex(needle)), std::string::npos) << "embedding in clear in pg_dump";
    EXPECT_EQ(dump.find(Hex(jpeg_needle)), std::string::npos) << "photo in clear in pg_dump";
  } else {
    auto backup = RunCli({"backup", "--data", s.data_dir(), "--out", s.data_dir() + "/before"});
    ASSERT_EQ(backup.exit_code, 0) << backup.err;
    EXPECT_EQ(ReadFile(s.data_dir() + "/before/phonghop.db").find(needle), std::string::npos);
    EXPECT_EQ(ReadFile(s.data_dir() + "/phonghop.db-wal").find(needle), std::string::npos);
    EXPECT_TRUE(FilesContaining(s.data_dir() + "/before", jpeg_needle).empty());
  }
  // The deletion destroys the key: recognition and the photo are gone at once.
  auto del = Http(s.port(), "DELETE", "/api/v1/congresses/demo/delegates/004/face");
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(KeyFiles(keys), 0);
  EXPECT_EQ(Http(s.port(), "GET", "/api/v1/congresses/demo/delegates/004/face/photo").status, 404);
  door = json::parse(FaceCheckIn(s.port(), ReadFile(Photo("Wen_Jiabao", 3)), "B").body);
  EXPECT_NE(door["result"], "checked_in");
  EXPECT_NE(door["result"], "already");
  if (RunningOnPostgres()) {
    // PostgreSQL's own files: the WAL (which kept the inserted row) and the
    // database's heap with its dead tuple hold no clear embedding.
    const char* pgdir = std::getenv("PHONGHOP_TEST_PG_DIR");
    ASSERT_NE(pgdir, nullptr);
    std::string oid;
    {
      storage::pg::PgConnection c(s.database());
      c.Exec("CHECKPOINT");
      oid = std::to_string(c.Q("SELECT oid::bigint FROM pg_database WHERE datname = current_database()").Int(0, 0));
    }
    const std::string data = std::string(pgdir) + "/data";
    EXPECT_TRUE(FilesContaining(data + "/pg_wal", needle).empty());
    EXPECT_TRUE(FilesContaining(data + "/base/" + oid, needle).empty());
  }
}

}  // namespace
}  // namespace phonghop::testing
