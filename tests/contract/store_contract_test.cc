// What every storage back-end must do, whatever the engine: migrate to the
// latest schema, keep a failed write from leaving half of itself behind,
// treat SQL metacharacters as text, and enforce the schema's own rules.
#include <gtest/gtest.h>

#include "backend.h"
#include "storage/postgres/pg_migrations.h"
#include "storage/sqlite/migrations.h"

namespace phonghop::contract {
namespace {

using StoreContract = RepositoryContract;

TEST_P(StoreContract, MigratesToTheSameLatestVersion) {
  EXPECT_EQ(storage::pg::LatestPgSchemaVersion(), storage::LatestSchemaVersion())
      << "a SQLite migration has no PostgreSQL twin in storage/postgres/pg_migrations.cc";
  EXPECT_EQ(backend().SchemaVersion(), storage::LatestSchemaVersion());
}

TEST_P(StoreContract, FailedWriteRollsBackWholeTransaction) {
  auto& repo = backend().congresses();
  congress::Congress c;
  c.slug = "a";
  c.name = "A";
  auto id = repo.CreateCongress(c);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  // The second delegate names a delegation that doesn't exist (foreign key)
  // inside one upsert: the new delegation and the first delegate must not
  // survive either.
  std::vector<congress::Delegate> ds(2);
  ds[0].badge = "1";
  ds[0].full_name = "X";
  ds[1].badge = "2";
  ds[1].full_name = "Y";
  ds[1].delegation_id = 424242;
  auto r = repo.UpsertDelegates(*id, {"Đoàn mới"}, ds);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConflict);
  EXPECT_TRUE(repo.ListDelegates(*id)->empty());
  EXPECT_TRUE(repo.ListDelegations(*id)->empty());
}

TEST_P(StoreContract, SqlMetacharactersAreJustText) {
  auto& repo = backend().congresses();
  congress::Congress c;
  c.slug = "b";
  c.name = "x'); DROP TABLE congresses; -- $1 ? \\ \"";
  ASSERT_TRUE(repo.CreateCongress(c).ok());
  auto got = repo.GetCongress("b");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, c.name);
  EXPECT_EQ(repo.GetCongress("b' OR '1'='1").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreContract, VietnameseTextRoundTripsByteForByte) {
  auto& repo = backend().congresses();
  congress::Congress c;
  c.slug = "dh-2027";
  c.name = "Đại hội Đoàn TNCS Hồ Chí Minh tỉnh Quảng Ngãi lần thứ XX, nhiệm kỳ 2027–2032";
  c.organization = "Tỉnh Đoàn Quảng Ngãi";
  ASSERT_TRUE(repo.CreateCongress(c).ok());
  auto got = repo.GetCongress("dh-2027");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, c.name);
  EXPECT_EQ(got->organization, c.organization);
}

TEST_P(StoreContract, AuditLogRefusesUpdateAndDelete) {
  ASSERT_TRUE(backend().audit().Append({0, 100, "admin (admin)", "POST /x", "201", "127.0.0.1"}).ok());
  EXPECT_TRUE(backend().SqlFails("UPDATE audit_log SET outcome = '500'"));
  EXPECT_TRUE(backend().SqlFails("DELETE FROM audit_log"));
  auto list = backend().audit().List(10, 0);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].outcome, "201");
}

TEST_P(StoreContract, SecretBallotCannotNameItsVoter) {
  auto& repo = backend().congresses();
  congress::Congress c;
  c.slug = "v";
  c.name = "V";
  auto cid = repo.CreateCongress(c);
  ASSERT_TRUE(cid.ok());
  congress::Session s;
  s.congress_id = *cid;
  s.name = "Phiên 1";
  auto sid = repo.AddSession(s);
  ASSERT_TRUE(sid.ok());
  std::string ids = std::to_string(*cid) + ", " + std::to_string(*sid);
  ASSERT_FALSE(backend().SqlFails(
      "INSERT INTO polls(id, congress_id, session_id, kind, mode, title, created_by, created_at) "
      "VALUES (77, " + ids + ", 'motion', 'secret', 'Biểu quyết', 'chair', 1)"));
  // The same ballot without the voter is accepted; with one, refused.
  EXPECT_FALSE(backend().SqlFails(
      "INSERT INTO ballots(poll_id, ballot_id, choice, valid) "
      "VALUES (77, " + backend().BytesLiteral("00112233445566778899aabbccddeeff") + ", 'yes', 1)"));
  EXPECT_TRUE(backend().SqlFails(
      "INSERT INTO ballots(poll_id, ballot_id, choice, valid, delegate_id) "
      "VALUES (77, " + backend().BytesLiteral("ffeeddccbbaa99887766554433221100") + ", 'yes', 1, 5)"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace
}  // namespace phonghop::contract
