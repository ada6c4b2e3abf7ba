#include "test_store.h"

#include <gtest/gtest.h>

#include "common/random.h"
#include "congress/congress_service.h"
#include "server_fixture.h"
#include "storage/postgres/pg_congress_repository.h"
#include "storage/postgres/pg_db.h"
#include "storage/sqlite/sqlite_congress_repository.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::testing {

TestStore::TestStore(const std::string& data_dir, const std::string& database) {
  if (database.empty()) {
    auto db = storage::SqliteDatabase::Open(data_dir + "/phonghop.db", 1);
    if (!db.ok()) {
      ADD_FAILURE() << db.status().ToString();
      return;
    }
    sqlite_ = std::move(db).value();
    congresses_ = std::make_unique<storage::SqliteCongressRepository>(*sqlite_);
  } else {
    auto db = storage::pg::PgDatabase::Open(database, 1);
    if (!db.ok()) {
      ADD_FAILURE() << db.status().ToString();
      return;
    }
    pg_ = std::move(db).value();
    congresses_ = std::make_unique<storage::pg::PgCongressRepository>(*pg_);
  }
}

TestStore::TestStore(const ServerProcess& server) : TestStore(server.data_dir(), server.database()) {}

TestStore::~TestStore() = default;

int64_t TestStore::Int(const std::string& sql) {
  try {
    if (sqlite_)
      return sqlite_->Read([&](storage::Connection& c) -> int64_t {
        auto s = c.Prepare(sql);
        return s.Step() ? s.Int(0) : -1;
      });
    if (pg_)
      return pg_->Read([&](storage::pg::PgConnection& c) -> int64_t {
        auto r = c.Q(sql);
        return r.empty() ? -1 : r.Int(0, 0);
      });
  } catch (const std::exception& e) {
    ADD_FAILURE() << sql << ": " << e.what();
  }
  return -1;
}

bool TestStore::Refuses(const std::string& sql) {
  try {
    if (sqlite_) sqlite_->Write([&](storage::Connection& c) { c.Exec(sql); });
    if (pg_) pg_->Write([&](storage::pg::PgConnection& c) { c.Exec(sql); });
    return false;
  } catch (const std::exception&) {
    return true;
  }
}

std::string TestStore::IssueToken(const std::string& slug, const std::string& badge) {
  auto c = congresses_->GetCongress(slug);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  if (!c.ok()) return "";
  auto list = congresses_->ListDelegates(c->id);
  EXPECT_TRUE(list.ok()) << list.status().ToString();
  if (!list.ok()) return "";
  for (const auto& d : *list)
    if (d.badge == badge) {
      std::string token = RandomBase62(24);
      EXPECT_TRUE(congresses_->ReplaceDelegateToken(d.id, congress::TokenHash(token), 1).ok());
      return token;
    }
  ADD_FAILURE() << "no badge " << badge;
  return "";
}

}  // namespace phonghop::testing
