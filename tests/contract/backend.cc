#include "backend.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "storage/postgres/pg_audit_log.h"
#include "storage/postgres/pg_auth_repository.h"
#include "storage/postgres/pg_congress_repository.h"
#include "storage/postgres/pg_db.h"
#include "storage/postgres/pg_settings.h"
#include "storage/sqlite/sqlite_audit_log.h"
#include "storage/sqlite/sqlite_auth_repository.h"
#include "storage/sqlite/sqlite_congress_repository.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_settings.h"

namespace phonghop::contract {
namespace {

class SqliteBackend : public Backend {
 public:
  SqliteBackend() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "phonghop-contract-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    auto db = storage::SqliteDatabase::Open(dir_ + "/phonghop.db");
    if (!db.ok()) throw std::runtime_error(db.status().ToString());
    db_ = std::move(db).value();
    settings_ = std::make_unique<storage::SqliteSettings>(*db_);
    audit_ = std::make_unique<storage::SqliteAuditLog>(*db_);
    auth_ = std::make_unique<storage::SqliteAuthRepository>(*db_);
    congresses_ = std::make_unique<storage::SqliteCongressRepository>(*db_);
  }
  ~SqliteBackend() override {
    congresses_.reset();
    auth_.reset();
    audit_.reset();
    settings_.reset();
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  storage::Settings& settings() override { return *settings_; }
  audit::AuditLog& audit() override { return *audit_; }
  auth::AuthRepository& auth() override { return *auth_; }
  congress::CongressRepository& congresses() override { return *congresses_; }
  bool SqlFails(const std::string& sql) override {
    try {
      db_->Write([&](storage::Connection& c) { c.Exec(sql); });
      return false;
    } catch (const storage::SqliteError&) {
      return true;
    }
  }
  int SchemaVersion() override { return db_->SchemaVersion(); }
  std::string BytesLiteral(const std::string& hex) override { return "X'" + hex + "'"; }

 private:
  std::string dir_;
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::unique_ptr<storage::SqliteSettings> settings_;
  std::unique_ptr<storage::SqliteAuditLog> audit_;
  std::unique_ptr<storage::SqliteAuthRepository> auth_;
  std::unique_ptr<storage::SqliteCongressRepository> congresses_;
};

// The URL with its database name replaced.
std::string WithDatabase(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  auto query = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

class PostgresBackend : public Backend {
 public:
  explicit PostgresBackend(const std::string& url) {
    static std::atomic<int> counter{0};
    name_ = "ph_contract_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin_ = std::make_unique<storage::pg::PgConnection>(url);
    admin_->Exec("DROP DATABASE IF EXISTS " + name_);
    admin_->Exec("CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'");
    auto db = storage::pg::PgDatabase::Open(WithDatabase(url, name_), 4);
    if (!db.ok()) throw std::runtime_error(db.status().ToString());
    db_ = std::move(db).value();
    settings_ = std::make_unique<storage::pg::PgSettings>(*db_);
    audit_ = std::make_unique<storage::pg::PgAuditLog>(*db_);
    auth_ = std::make_unique<storage::pg::PgAuthRepository>(*db_);
    congresses_ = std::make_unique<storage::pg::PgCongressRepository>(*db_);
  }
  ~PostgresBackend() override {
    congresses_.reset();
    auth_.reset();
    audit_.reset();
    settings_.reset();
    db_.reset();
    try {
      admin_->Exec("DROP DATABASE IF EXISTS " + name_);
    } catch (...) {
    }
  }
  storage::Settings& settings() override { return *settings_; }
  audit::AuditLog& audit() override { return *audit_; }
  auth::AuthRepository& auth() override { return *auth_; }
  congress::CongressRepository& congresses() override { return *congresses_; }
  bool SqlFails(const std::string& sql) override {
    try {
      db_->Write([&](storage::pg::PgConnection& c) { c.Exec(sql); });
      return false;
    } catch (const storage::pg::PgError&) {
      return true;
    }
  }
  int SchemaVersion() override { return db_->SchemaVersion(); }
  std::string BytesLiteral(const std::string& hex) override { return "'\\x" + hex + "'::bytea"; }

 private:
  std::string name_;
  std::unique_ptr<storage::pg::PgConnection> admin_;
  std::unique_ptr<storage::pg::PgDatabase> db_;
  std::unique_ptr<storage::pg::PgSettings> settings_;
  std::unique_ptr<storage::pg::PgAuditLog> audit_;
  std::unique_ptr<storage::pg::PgAuthRepository> auth_;
  std::unique_ptr<storage::pg::PgCongressRepository> congresses_;
};

}  // namespace

// The server's URL: $PHONGHOP_TEST_PG_URL, else the one scripts/pg.sh
// wrote into $PHONGHOP_TEST_PG_DIR; "" when neither is set.
std::string TestServerUrl() {
  if (const char* url = std::getenv("PHONGHOP_TEST_PG_URL"); url && *url) return url;
  const char* dir = std::getenv("PHONGHOP_TEST_PG_DIR");
  if (!dir || !*dir) return "";
  std::ifstream in(std::string(dir) + "/url");
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error(std::string("no server URL in ") + dir + "/url (did scripts/pg.sh start fail?)");
  return url;
}

std::unique_ptr<Backend> MakeBackend(const std::string& name) {
  if (name == "sqlite") return std::make_unique<SqliteBackend>();
  std::string url = TestServerUrl();
  if (url.empty()) return nullptr;
  return std::make_unique<PostgresBackend>(url);
}

void RepositoryContract::SetUp() {
  if (GetParam() == "postgres" && !std::getenv("PHONGHOP_TEST_PG_URL") &&
      !std::getenv("PHONGHOP_TEST_PG_DIR")) {
    // Only when the binary is run by hand: ctest (label `postgres`) always
    // points at the server its fixture started, so there a missing server
    // is a failure, not a skip.
    GTEST_SKIP() << "no PostgreSQL given (set PHONGHOP_TEST_PG_URL, or run ctest -L postgres)";
  }
  try {
    backend_ = MakeBackend(GetParam());
  } catch (const std::exception& e) {
    FAIL() << GetParam() << " back-end unusable: " << e.what();
  }
  ASSERT_NE(backend_, nullptr);
}

}  // namespace phonghop::contract
