// `phonghop move` and the data commands on both back-ends (#14 item 1):
// a venue's SQLite data directory carried into the central store and back,
// refused when the slug is taken (nothing changes), and the CLIs taking
// --database / --blobs as `serve` does.
//
// In the plain run (label integration) the target is another SQLite data
// directory; in the `pg.` run (label postgres) it is the test's PostgreSQL
// database, and the way back is PostgreSQL → SQLite. The venue is always
// SQLite, as on a secretariat's laptop. MoveS3Test adds a private Ceph
// (label ceph: the `s3.` run).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "common/sha256.h"
#include "http_client.h"
#include "server_fixture.h"
#include "storage/postgres/pg_db.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/transfer/congress_copy.h"
#include "storage/transfer/row_access.h"
#include "test_files.h"
#include "test_store.h"

namespace phonghop::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// $PHONGHOP_DATABASE unset while it lives: commands and servers then use
// SQLite, as on a venue's laptop.
class LaptopEnv {
 public:
  LaptopEnv() {
    if (const char* v = std::getenv("PHONGHOP_DATABASE")) saved_ = v, had_ = true;
    ::unsetenv("PHONGHOP_DATABASE");
  }
  ~LaptopEnv() {
    if (had_) ::setenv("PHONGHOP_DATABASE", saved_.c_str(), 1);
  }

 private:
  std::string saved_;
  bool had_ = false;
};

// The central store of this run: the test's PostgreSQL database, or "" (a
// SQLite data directory) in the plain run.
std::string CentralDatabase() {
  const char* v = std::getenv("PHONGHOP_DATABASE");
  return RunningOnPostgres() && v ? v : "";
}

std::vector<std::string> With(std::vector<std::string> args, const std::string& flag, const std::string& value) {
  if (!value.empty()) {
    args.push_back(flag);
    args.push_back(value);
  }
  return args;
}

// A venue's data directory holding the demo congress, as `serve --demo`
// leaves it on a laptop (SQLite, documents in the folder).
void MakeVenue(const std::string& dir) {
  LaptopEnv laptop;
  fs::create_directories(dir);
  const std::string log = dir + ".log";
  pid_t pid = SpawnPhonghop({"serve", "--data", dir, "--listen", "127.0.0.1:0", "--demo", "--quiet",
                             "--threads", "2"},
                            "/dev/null", log);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  while (std::chrono::steady_clock::now() < deadline && Slurp(log).find("listening=") == std::string::npos)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_NE(Slurp(log).find("listening="), std::string::npos) << Slurp(log);
}

// The badge tokens of a congress as the print shop gets them
// (`delegates tokens`: issued to whoever has none, sealed for reprinting);
// badge → token.
std::map<std::string, std::string> BadgeTokens(const std::vector<std::string>& where, const std::string& out) {
  std::vector<std::string> args = {"delegates", "tokens", "--congress", "demo", "--out", out};
  args.insert(args.end(), where.begin(), where.end());
  auto r = RunCli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::string> tokens;
  auto j = json::parse(Slurp(out), nullptr, false);
  if (j.is_object())
    for (const auto& d : j["delegates"]) tokens[d["badge"]] = d["token"];
  return tokens;
}

// What a congress gathers while it runs, written as the services store it:
// badge tokens, a check-in, an enrolled face with its consent, a
// delegate's note, a secret ballot cast, an audit entry from the API.
// Returns the badge tokens.
std::map<std::string, std::string> RunSomeOfTheCongress(const std::string& venue) {
  LaptopEnv laptop;
  auto tokens = BadgeTokens({"--data", venue}, venue + "-tokens.json");
  EXPECT_GE(tokens.size(), 100u) << "the demo's delegates";
  TestStore s(venue, "");
  const std::string c = "(SELECT id FROM congresses WHERE slug = 'demo')";
  const std::string first = "(SELECT MIN(id) FROM delegates WHERE congress_id = " + c + ")";
  EXPECT_FALSE(s.Refuses("INSERT INTO attendance (congress_id, session_id, delegate_id, method, at) VALUES (" + c +
                         ", (SELECT MIN(id) FROM sessions WHERE congress_id = " + c + "), " + first +
                         ", 'manual', 1764000000)"));
  EXPECT_FALSE(s.Refuses("INSERT INTO biometric_consent (delegate_id, consent, at, by) VALUES (" + first +
                         ", 'given', 1764000000, 'kiosk')"));
  EXPECT_FALSE(s.Refuses("INSERT INTO face_embeddings (congress_id, delegate_id, embedding, model, created_at) "
                         "VALUES (" + c + ", " + first + ", " + s.BytesLiteral("00112233445566778899aabbccddeeff") +
                         ", 'test', 1764000000)"));
  EXPECT_FALSE(s.Refuses("INSERT INTO notes (owner, document_code, text, updated_at) SELECT 'd:' || " + first +
                         ", MIN(code), 'ghi chú của đại biểu', 1764000000 FROM documents WHERE congress_id = " + c));
  const std::string poll = "(SELECT MIN(id) FROM polls WHERE congress_id = " + c + " AND mode = 'secret')";
  EXPECT_FALSE(s.Refuses("INSERT INTO poll_voters (poll_id, delegate_id) VALUES (" + poll + ", " + first + ")"));
  EXPECT_FALSE(s.Refuses("INSERT INTO ballots (poll_id, ballot_id, choice, valid) VALUES (" + poll + ", " +
                         s.BytesLiteral("0f0e0d0c0b0a09080706050403020100") + ", 'Y', 1)"));
  EXPECT_FALSE(s.Refuses("INSERT INTO audit_log (at, actor, action, outcome, address) VALUES (1764000000, "
                         "'admin (admin)', 'POST /api/v1/congresses/demo/announcements', '201', '192.168.1.20')"));
  return tokens;
}

json MoveJson(const CliResult& r) {
  auto j = json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_object()) << r.out << r.err;
  return j.is_object() ? j : json::object();
}

void ExpectWhole(const json& moved, const std::string& what) {
  ASSERT_TRUE(moved.contains("tables")) << moved.dump();
  EXPECT_TRUE(moved["verified"].get<bool>()) << what;
  for (auto& [table, n] : moved["tables"].items())
    EXPECT_EQ(n["source"], n["target"]) << what << ": " << table;
  // What the venue holds arrived, not only "as many as nothing".
  for (const char* t : {"congresses", "sessions", "agenda_items", "delegations", "delegates", "delegate_tokens",
                        "documents", "document_versions", "document_pages", "attendance", "biometric_consent",
                        "face_embeddings", "notes", "province_pages", "polls", "poll_options", "poll_voters",
                        "ballots", "elections", "election_candidates"})
    EXPECT_GT(moved["tables"][t]["target"].get<int>(), 0) << what << ": " << t;
  EXPECT_GT(moved["blobs"].get<int>(), 0);
  EXPECT_GE(moved["audit_rows"].get<int>(), 1);
  EXPECT_EQ(moved["dangling"], 0);
  EXPECT_EQ(moved["notes_left"], 0);
}

TEST(MoveTest, VenueIntoTheCentralStoreAndBackCarriesTheWholeCongress) {
  const std::string tmp = MakeTempDir();
  const std::string venue = tmp + "/venue", central = tmp + "/central", laptop = tmp + "/laptop";
  MakeVenue(venue);
  const auto tokens = RunSomeOfTheCongress(venue);
  ASSERT_EQ(tokens.count("001"), 1u);
  const std::string token = tokens.at("001");
  const std::string db = CentralDatabase();

  // The central nodes' shared face-key folder (a test database's own); the
  // mover reads no environment for it.
  const std::string central_keys = db.empty() ? central + "/face-keys" : FaceKeysFor(db);
  auto r = RunCli(With({"move", "--congress", "demo", "--from-data", venue, "--data", central, "--face-keys",
                        central_keys, "--json"},
                       "--database", db));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  json there = MoveJson(r);
  ExpectWhole(there, "venue → central");
  EXPECT_TRUE(there["audit_whole"].get<bool>()) << "the venue held this congress only";

  {
    // The central node serves it: documents (same bytes), search, badges,
    // the roll and the ballot box as they were at the venue.
    ServerProcess s(With({"--quiet"}, "--database", db), central);
    ASSERT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo").status, 200);
    auto docs = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/documents").body)["documents"];
    ASSERT_EQ(static_cast<int>(docs.size()), there["tables"]["documents"]["source"].get<int>());
    for (const auto& d : docs) {
      auto f = HttpAnonymous(s.port(), "GET", "/api/v1/documents/" + d["code"].get<std::string>() + "/file");
      ASSERT_EQ(f.status, 200) << d.dump();
      EXPECT_NE(f.Header("etag").find(Sha256Hex(f.body)), std::string::npos) << "the bytes the venue had";
    }
    auto found = json::parse(
        HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/search?q=bao%20cao%20chinh%20tri").body);
    EXPECT_GE(found["results"].size(), 1u) << "the search index follows the moved documents";
    auto badge = HttpAnonymous(s.port(), "POST", "/api/v1/auth/badge", json({{"token", token}}).dump());
    EXPECT_EQ(badge.status, 200) << "a badge printed at the venue signs in centrally: " << badge.body;
  }
  {
    // Badges can be reprinted centrally: the same codes, none issued anew
    // (the tokens were sealed again under the central key).
    auto r2 = RunCli(With({"delegates", "tokens", "--data", central, "--congress", "demo", "--out", tmp + "/t2.json"},
                          "--database", db));
    ASSERT_EQ(r2.exit_code, 0) << r2.err;
    EXPECT_NE(r2.out.find(", 0 mã mới cấp"), std::string::npos) << r2.out;
    EXPECT_EQ(r2.out.find("không đọc lại được"), std::string::npos) << r2.out;
    auto again = json::parse(Slurp(tmp + "/t2.json"));
    for (const auto& d : again["delegates"]) EXPECT_EQ(d["token"], tokens.at(d["badge"])) << d.dump();
  }
  {
    TestStore s(central, db);
    EXPECT_EQ(s.Int("SELECT COUNT(*) FROM attendance a JOIN congresses c ON c.id = a.congress_id "
                    "JOIN delegates d ON d.id = a.delegate_id AND d.congress_id = c.id WHERE c.slug = 'demo' "
                    "AND d.badge = '001'"),
              1)
        << "the check-in names the same delegate under its new id";
  }

  // The uplink is lost: the congress goes back onto a laptop.
  r = RunCli(With({"move", "--congress", "demo", "--from-data", central, "--from-face-keys", central_keys, "--data",
                   laptop, "--json"},
                  "--from-database", db));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  json back = MoveJson(r);
  ExpectWhole(back, "central → laptop");
  for (auto& [table, n] : there["tables"].items()) {
    if (table == "live_event_seq") continue;  // the first move announced the faces at the target: one event more
    EXPECT_EQ(back["tables"][table]["target"], n["target"]) << "round trip: " << table;
  }
  {
    LaptopEnv env;
    auto found = RunCli({"search", "--data", laptop, "--congress", "demo", "--json", "bao cao chinh tri"});
    ASSERT_EQ(found.exit_code, 0) << found.err;
    EXPECT_GE(json::parse(found.out)["results"].size(), 1u) << found.out;
    TestStore s(laptop, "");
    EXPECT_EQ(s.Int("SELECT COUNT(*) FROM ballots b JOIN polls p ON p.id = b.poll_id WHERE p.mode = 'secret' "
                    "AND b.delegate_id IS NULL"),
              1)
        << "the secret ballot stays unlinked";
    EXPECT_EQ(s.Int("SELECT COUNT(*) FROM notes n JOIN delegates d ON n.owner = 'd:' || d.id"), 1)
        << "the note still belongs to its delegate after the ids changed";
  }
  // The moved face is the central store's to erase, with the face command
  // pointed at it like `serve`.
  auto erased = RunCli(With({"face", "delete", "--data", central, "--congress", "demo", "--all"}, "--database", db));
  ASSERT_EQ(erased.exit_code, 0) << erased.err;
  EXPECT_NE(erased.out.find("deleted 1 face"), std::string::npos) << erased.out;
  TestStore after(central, db);
  EXPECT_EQ(after.Int("SELECT COUNT(*) FROM face_embeddings"), 0);
  fs::remove_all(tmp);
}

TEST(MoveTest, RefusedWhenTheSlugExistsAndNothingChanges) {
  const std::string tmp = MakeTempDir();
  const std::string venue = tmp + "/venue", central = tmp + "/central";
  const std::string db = CentralDatabase();
  {
    LaptopEnv env;
    ASSERT_EQ(RunCli({"congress", "create", "--data", venue, "--slug", "dh", "--name", "Đại hội ở xã"}).exit_code, 0);
    WriteFile(tmp + "/ds.csv", "Số thẻ,Họ và tên\n1,Nguyễn Văn A\n2,Trần Thị B\n");
    ASSERT_EQ(RunCli({"delegates", "import", "--data", venue, "--congress", "dh", tmp + "/ds.csv"}).exit_code, 0);
  }
  auto made = RunCli(With({"congress", "create", "--data", central, "--slug", "dh", "--name", "Đại hội ở tỉnh"},
                          "--database", db));
  ASSERT_EQ(made.exit_code, 0) << made.err;
  TestStore target(central, db);
  const std::string counts =
      "SELECT (SELECT COUNT(*) FROM congresses) * 1000000 + (SELECT COUNT(*) FROM delegates) * 1000 + "
      "(SELECT COUNT(*) FROM audit_log)";
  const int64_t before = target.Int(counts);

  auto r = RunCli(With({"move", "--congress", "dh", "--from-data", venue, "--data", central}, "--database", db));
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("đã có đại hội 'dh'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("không có gì được ghi"), std::string::npos) << r.err;
  EXPECT_EQ(target.Int(counts), before) << "nothing written at the target";
  auto list = RunCli(With({"congress", "list", "--data", central}, "--database", db));
  EXPECT_NE(list.out.find("Đại hội ở tỉnh"), std::string::npos) << "the target's congress untouched";

  auto none = RunCli(With({"move", "--congress", "khong-co", "--from-data", venue, "--data", central},
                          "--database", db));
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_NE(none.err.find("không có đại hội 'khong-co' ở nơi gửi"), std::string::npos) << none.err;
  auto help = RunCli({"move", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("Usage: phonghop move"), std::string::npos);
  EXPECT_EQ(RunCli({"move", "--from-data", venue, "--data", central}).exit_code, 2) << "--congress is required";
  auto missing = RunCli({"move", "--congress", "dh", "--from-data", tmp + "/nowhere", "--data", central});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_FALSE(fs::exists(tmp + "/nowhere")) << "a mistyped source is not created";
  EXPECT_EQ(target.Int(counts), before);
  fs::remove_all(tmp);
}

// Every table of the schema is either carried by the copier or left behind
// on purpose: a migration that adds a table must classify it there.
TEST(MoveTest, EveryTableOfTheSchemaIsClassified) {
  const std::string tmp = MakeTempDir();
  if (const std::string db = CentralDatabase(); !db.empty()) {
    auto pg = storage::pg::PgDatabase::Open(db, 1);
    ASSERT_TRUE(pg.ok()) << pg.status().message();
    (*pg)->Read([](storage::pg::PgConnection& c) {
      storage::transfer::PgRowAccess a(c);
      EXPECT_EQ(storage::transfer::UnclassifiedTables(a), std::vector<std::string>{});
      EXPECT_GT(a.Tables().size(), 20u);
    });
  }
  auto lite = storage::SqliteDatabase::Open(tmp + "/phonghop.db", 1);
  ASSERT_TRUE(lite.ok());
  (*lite)->Read([](storage::Connection& c) {
    storage::transfer::SqliteRowAccess a(c);
    EXPECT_EQ(storage::transfer::UnclassifiedTables(a), std::vector<std::string>{});
    EXPECT_GT(a.Tables().size(), 20u);
  });
  fs::remove_all(tmp);
}

// The data commands with the store named on the command line, as `serve`
// takes it: on PostgreSQL the environment is cleared, so only the flags can
// lead them there.
TEST(CliStorageTest, DataCommandsTakeDatabaseLikeServe) {
  const std::string tmp = MakeTempDir();
  const std::string data = tmp + "/node";
  const std::string db = CentralDatabase();
  LaptopEnv env;
  auto cli = [&](std::vector<std::string> args) { return RunCli(With(std::move(args), "--database", db)); };
  ASSERT_EQ(cli({"congress", "create", "--data", data, "--slug", "dh", "--name", "Đại hội thử"}).exit_code, 0);
  WriteFile(tmp + "/ds.csv", "Số thẻ,Họ và tên\n1,Nguyễn Văn A\n");
  ASSERT_EQ(cli({"delegates", "import", "--data", data, "--congress", "dh", tmp + "/ds.csv"}).exit_code, 0);
  MakeTextPdf(tmp + "/bc.pdf", {"Báo cáo chính trị của Ban Chấp hành"}, "Báo cáo chính trị");
  auto imp = cli({"import", "--data", data, "--congress", "dh", "--json", tmp + "/bc.pdf"});
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  auto found = cli({"search", "--data", data, "--congress", "dh", "--json", "bao cao chinh tri"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_EQ(json::parse(found.out)["results"].size(), 1u) << found.out;
  auto re = cli({"reindex", "--data", data});
  EXPECT_EQ(re.exit_code, 0) << re.err;
  EXPECT_NE(re.out.find("1 trang"), std::string::npos) << re.out;
  auto list = cli({"congress", "list", "--data", data});
  EXPECT_NE(list.out.find("dh"), std::string::npos);
  if (!db.empty()) {
    // The same data directory without the flag is another (empty) store:
    // the commands above did reach PostgreSQL.
    EXPECT_EQ(RunCli({"congress", "list", "--data", data}).out.find("dh"), std::string::npos);
    auto whole = cli({"backup", "--data", data, "--out", tmp + "/all"});
    EXPECT_EQ(whole.exit_code, 3);
    EXPECT_NE(whole.err.find("pgBackRest"), std::string::npos) << whole.err;
    EXPECT_FALSE(fs::exists(tmp + "/all"));
  }

  // One congress backed up from whichever store, restored onto a laptop.
  auto b = cli({"backup", "--data", data, "--congress", "dh", "--out", tmp + "/dh-backup"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.out.find("1 tệp tài liệu"), std::string::npos) << b.out;
  auto again = cli({"backup", "--data", data, "--congress", "dh", "--out", tmp + "/dh-backup"});
  EXPECT_EQ(again.exit_code, 3) << "an existing folder is never overwritten";
  auto r = RunCli({"restore", "--data", tmp + "/laptop", "--in", tmp + "/dh-backup"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto there = RunCli({"search", "--data", tmp + "/laptop", "--congress", "dh", "--json", "bao cao chinh tri"});
  ASSERT_EQ(there.exit_code, 0) << there.err;
  EXPECT_EQ(json::parse(there.out)["results"].size(), 1u) << there.out;
  auto into_pg = RunCli({"restore", "--data", tmp + "/x", "--in", tmp + "/dh-backup", "--database", "postgresql://x/y"});
  EXPECT_EQ(into_pg.exit_code, 2);
  EXPECT_NE(into_pg.err.find("phonghop move"), std::string::npos) << into_pg.err;
  fs::remove_all(tmp);
}

// With a private Ceph (ctest -L ceph, the `s3.` run): the venue goes into
// PostgreSQL + S3, and backups on an S3 node fetch the files from the
// bucket, not from the node's (empty) cache.
TEST(MoveS3Test, VenueIntoPostgresAndS3ThenBackupsFetchFromTheBucket) {
  const char* ceph_dir = std::getenv("PHONGHOP_TEST_CEPH_DIR");
  if (!ceph_dir || !*ceph_dir || !RunningOnPostgres())
    GTEST_SKIP() << "needs Ceph and PostgreSQL (runs as s3.MoveS3Test in ctest -L ceph)";
  std::string s3 = Slurp(std::string(ceph_dir) + "/url");
  while (!s3.empty() && (s3.back() == '\n' || s3.back() == ' ')) s3.pop_back();
  ASSERT_FALSE(s3.empty()) << "no Ceph running in " << ceph_dir;
  ::setenv("PHONGHOP_S3_ACCESS_KEY", "PHONGHOPTESTKEY", 1);
  ::setenv("PHONGHOP_S3_SECRET_KEY", "phonghop-test-secret", 1);
  {
    PgTestDatabase pg;
    ASSERT_FALSE(pg.url().empty());
    const std::string tmp = MakeTempDir();
    const std::string venue = tmp + "/venue";
    MakeVenue(venue);
    RunSomeOfTheCongress(venue);
    auto r = RunCli({"move", "--congress", "demo", "--from-data", venue, "--data", tmp + "/node1", "--database",
                     pg.url(), "--blobs", s3, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    ExpectWhole(MoveJson(r), "venue → postgresql + s3");
    // Another node, its cache empty: serves the files from the bucket.
    {
      ServerProcess s({"--quiet", "--database", pg.url(), "--blobs", s3}, tmp + "/node2");
      auto docs = json::parse(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/documents").body)["documents"];
      ASSERT_GE(docs.size(), 1u);
      auto f = HttpAnonymous(s.port(), "GET", "/api/v1/documents/" + docs[0]["code"].get<std::string>() + "/file");
      EXPECT_EQ(f.status, 200);
      EXPECT_NE(f.Header("etag").find(Sha256Hex(f.body)), std::string::npos);
    }
    // A backup taken on a third node with nothing cached holds every file.
    auto b = RunCli({"backup", "--data", tmp + "/node3", "--database", pg.url(), "--blobs", s3, "--congress", "demo",
                     "--out", tmp + "/backup"});
    ASSERT_EQ(b.exit_code, 0) << b.err;
    auto r2 = RunCli({"restore", "--data", tmp + "/restored", "--in", tmp + "/backup"});
    ASSERT_EQ(r2.exit_code, 0) << r2.err << " (restore checks that every document file is in the backup)";
    // A SQLite node whose files are in S3: its whole backup fetches them too.
    {
      LaptopEnv env;
      auto m = RunCli({"move", "--congress", "demo", "--from-data", venue, "--data", tmp + "/s3lite", "--blobs", s3,
                       "--json"});
      ASSERT_EQ(m.exit_code, 0) << m.err;
      fs::remove_all(tmp + "/s3lite/blobs");  // the node's cache, gone
      auto whole = RunCli({"backup", "--data", tmp + "/s3lite", "--blobs", s3, "--out", tmp + "/s3lite-backup"});
      ASSERT_EQ(whole.exit_code, 0) << whole.err;
      EXPECT_EQ(RunCli({"restore", "--data", tmp + "/s3lite-restored", "--in", tmp + "/s3lite-backup"}).exit_code, 0);
    }
    fs::remove_all(tmp);
  }
}

// Faces sealed at the venue (decision 550) are bound to the venue's ids and
// keys: the move opens them with the venue's key and seals them again for
// the target's ids under a key of the target's, so the central door still
// recognises the delegate. A face whose key the venue destroyed (its
// biometric data deleted) cannot be opened by anyone and does not travel.
TEST(MoveTest, SealedFacesAreSealedAgainForTheTargetAndDeletedOnesStayBehind) {
  const std::string lfw = std::string(PHONGHOP_SHARED_DIR) + "/faces/lfw/images/Wen_Jiabao";
  if (!fs::exists(lfw) || !fs::exists(fs::path(PHONGHOP_SOURCE_DIR) / "models/face/fr_feature.onnx"))
    GTEST_SKIP() << "LFW photos or face models missing (run ./scripts/setup.sh)";
  std::vector<std::string> photos;
  for (const auto& e : fs::directory_iterator(lfw)) photos.push_back(e.path().string());
  std::sort(photos.begin(), photos.end());
  ASSERT_GE(photos.size(), 3u);
  const std::map<std::string, std::string> jpeg = {{"Content-Type", "image/jpeg"}};
  const std::string tmp = MakeTempDir();
  const std::string venue = tmp + "/venue", central = tmp + "/central", other = tmp + "/other";
  const std::string db = CentralDatabase();
  MakeVenue(venue);
  {
    // Enrolled at the venue's laptop, with consent and the photo kept.
    LaptopEnv laptop;
    auto e = RunCli({"face", "enroll", "--data", venue, "--congress", "demo", "--delegate", "004", "--keep-photo",
                     photos[0]});
    ASSERT_EQ(e.exit_code, 0) << e.out << e.err;
  }
  {
    TestStore v(venue, "");
    ASSERT_EQ(v.Int("SELECT COUNT(*) FROM face_embeddings WHERE sealed = 1"), 1) << "sealed at the venue";
  }
  const std::string central_keys = db.empty() ? central + "/face-keys" : FaceKeysFor(db);
  auto r = RunCli(With({"move", "--congress", "demo", "--from-data", venue, "--data", central, "--face-keys",
                        central_keys, "--json"},
                       "--database", db));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  json moved = MoveJson(r);
  EXPECT_EQ(moved["faces_unopened"], 0);
  EXPECT_EQ(moved["tables"]["face_embeddings"]["target"], 1);
  {
    TestStore c(central, db);
    EXPECT_EQ(c.Int("SELECT COUNT(*) FROM face_embeddings WHERE sealed = 1"), 1) << "sealed again, not in clear";
  }
  {
    ServerProcess s(With({"--quiet", "--no-liveness"}, "--database", db), central);
    auto door = json::parse(Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/face?kiosk=A",
                                 Slurp(photos[2]), jpeg).body, nullptr, false);
    EXPECT_EQ(door.value("result", ""), "checked_in") << door.dump();
    auto pic = Http(s.port(), "GET", "/api/v1/congresses/demo/delegates/004/face/photo");
    EXPECT_EQ(pic.status, 200);
    EXPECT_EQ(pic.body.substr(0, 2), "\xff\xd8") << "the kept photo opens centrally";
  }
  // The venue's key destroyed: the sealed row left there opens nowhere.
  fs::remove_all(venue + "/face-keys");
  LaptopEnv laptop;
  r = RunCli({"move", "--congress", "demo", "--from-data", venue, "--data", other, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  moved = MoveJson(r);
  EXPECT_EQ(moved["faces_unopened"], 1);
  EXPECT_EQ(moved["tables"]["face_embeddings"]["target"], 0);
  EXPECT_TRUE(moved["verified"].get<bool>());
  fs::remove_all(tmp);
}

}  // namespace
}  // namespace phonghop::testing
