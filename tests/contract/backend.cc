#include "backend.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "storage/postgres/pg_attendance_repository.h"
#include "storage/postgres/pg_audit_log.h"
#include "storage/postgres/pg_auth_repository.h"
#include "storage/postgres/pg_congress_repository.h"
#include "storage/postgres/pg_db.h"
#include "storage/postgres/pg_event_log.h"
#include "storage/postgres/pg_document_repository.h"
#include "storage/postgres/pg_meeting_repository.h"
#include "storage/postgres/pg_search_index.h"
#include "storage/postgres/pg_settings.h"
#include "storage/postgres/pg_speakers_repository.h"
#include "storage/postgres/pg_voting_repository.h"
#include "storage/sqlite/sqlite_attendance_repository.h"
#include "storage/sqlite/sqlite_audit_log.h"
#include "storage/sqlite/sqlite_auth_repository.h"
#include "storage/sqlite/sqlite_congress_repository.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_event_log.h"
#include "storage/sqlite/sqlite_document_repository.h"
#include "storage/sqlite/sqlite_meeting_repository.h"
#include "storage/sqlite/sqlite_search_index.h"
#include "storage/sqlite/sqlite_settings.h"
#include "storage/sqlite/sqlite_speakers_repository.h"
#include "storage/sqlite/sqlite_voting_repository.h"

namespace phonghop::contract {
namespace {

// Every port over one database; Db is SqliteDatabase or PgDatabase.
struct Repos {
  std::unique_ptr<storage::Settings> settings;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<auth::AuthRepository> auth;
  std::unique_ptr<congress::CongressRepository> congresses;
  std::unique_ptr<documents::DocumentRepository> documents;
  std::unique_ptr<search::SearchIndex> search;
  std::unique_ptr<meeting::MeetingRepository> meeting;
  std::unique_ptr<attendance::AttendanceRepository> attendance;
  std::unique_ptr<voting::VotingRepository> voting;
  std::unique_ptr<speakers::SpeakersRepository> speakers;
  std::unique_ptr<EventLog> events;
  std::unique_ptr<UnitOfWork> units;
};

class BackendBase : public Backend {
 public:
  storage::Settings& settings() override { return *r_.settings; }
  audit::AuditLog& audit() override { return *r_.audit; }
  auth::AuthRepository& auth() override { return *r_.auth; }
  congress::CongressRepository& congresses() override { return *r_.congresses; }
  documents::DocumentRepository& documents() override { return *r_.documents; }
  search::SearchIndex& search() override { return *r_.search; }
  meeting::MeetingRepository& meeting() override { return *r_.meeting; }
  attendance::AttendanceRepository& attendance() override { return *r_.attendance; }
  voting::VotingRepository& voting() override { return *r_.voting; }
  speakers::SpeakersRepository& speakers() override { return *r_.speakers; }
  EventLog& events() override { return *r_.events; }
  UnitOfWork& units() override { return *r_.units; }

 protected:
  Repos r_;
};

class SqliteBackend : public BackendBase {
 public:
  SqliteBackend() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "phonghop-contract-XXXXXX").string();
    dir_ = ::mkdtemp(tmpl.data());
    db_ = Open();
    using namespace storage;
    r_.settings = std::make_unique<SqliteSettings>(*db_);
    r_.audit = std::make_unique<SqliteAuditLog>(*db_);
    r_.auth = std::make_unique<SqliteAuthRepository>(*db_);
    r_.congresses = std::make_unique<SqliteCongressRepository>(*db_);
    r_.documents = std::make_unique<SqliteDocumentRepository>(*db_);
    r_.search = std::make_unique<SqliteSearchIndex>(*db_);
    r_.meeting = std::make_unique<SqliteMeetingRepository>(*db_);
    r_.attendance = std::make_unique<SqliteAttendanceRepository>(*db_);
    r_.voting = std::make_unique<SqliteVotingRepository>(*db_);
    r_.speakers = std::make_unique<SqliteSpeakersRepository>(*db_);
    r_.events = std::make_unique<SqliteEventLog>(*db_);
    r_.units = std::make_unique<SqliteUnitOfWork>(*db_);
  }
  ~SqliteBackend() override {
    r_ = Repos();
    others_.clear();
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
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
  std::unique_ptr<search::SearchIndex> OtherNodeSearch() override {
    others_.push_back(Open());
    return std::make_unique<storage::SqliteSearchIndex>(*others_.back());
  }

 private:
  std::unique_ptr<storage::SqliteDatabase> Open() {
    auto db = storage::SqliteDatabase::Open(dir_ + "/phonghop.db");
    if (!db.ok()) throw std::runtime_error(db.status().ToString());
    return std::move(db).value();
  }
  std::string dir_;
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::vector<std::unique_ptr<storage::SqliteDatabase>> others_;
};

// The URL with its database name replaced.
std::string WithDatabase(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  auto query = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

class PostgresBackend : public BackendBase {
 public:
  explicit PostgresBackend(const std::string& url) {
    static std::atomic<int> counter{0};
    name_ = "ph_contract_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    admin_ = std::make_unique<storage::pg::PgConnection>(url);
    admin_->Exec("DROP DATABASE IF EXISTS " + name_);
    admin_->Exec("CREATE DATABASE " + name_ + " TEMPLATE template0 ENCODING 'UTF8'");
    url_ = WithDatabase(url, name_);
    db_ = Open();
    using namespace storage::pg;
    r_.settings = std::make_unique<PgSettings>(*db_);
    r_.audit = std::make_unique<PgAuditLog>(*db_);
    r_.auth = std::make_unique<PgAuthRepository>(*db_);
    r_.congresses = std::make_unique<PgCongressRepository>(*db_);
    r_.documents = std::make_unique<PgDocumentRepository>(*db_);
    r_.search = std::make_unique<PgSearchIndex>(*db_);
    r_.meeting = std::make_unique<PgMeetingRepository>(*db_);
    r_.attendance = std::make_unique<PgAttendanceRepository>(*db_);
    r_.voting = std::make_unique<PgVotingRepository>(*db_);
    r_.speakers = std::make_unique<PgSpeakersRepository>(*db_);
    r_.events = std::make_unique<PgEventLog>(*db_);
    r_.units = std::make_unique<PgUnitOfWork>(*db_);
  }
  std::string Url() override { return url_; }
  ~PostgresBackend() override {
    r_ = Repos();
    others_.clear();
    db_.reset();
    try {
      admin_->Exec("DROP DATABASE IF EXISTS " + name_);
    } catch (...) {
    }
  }
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
  std::unique_ptr<search::SearchIndex> OtherNodeSearch() override {
    others_.push_back(Open());
    return std::make_unique<storage::pg::PgSearchIndex>(*others_.back());
  }
  bool TerminateConnections() override {
    admin_->Q("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
              name_);
    return true;
  }
  bool SetReadOnly(bool on) override {
    admin_->Exec("ALTER DATABASE " + name_ + " SET default_transaction_read_only = " + (on ? "on" : "off"));
    return true;
  }

 private:
  std::unique_ptr<storage::pg::PgDatabase> Open() {
    auto db = storage::pg::PgDatabase::Open(url_, 4);
    if (!db.ok()) throw std::runtime_error(db.status().ToString());
    return std::move(db).value();
  }
  std::string name_, url_;
  std::unique_ptr<storage::pg::PgConnection> admin_;
  std::unique_ptr<storage::pg::PgDatabase> db_;
  std::vector<std::unique_ptr<storage::pg::PgDatabase>> others_;
};

// The server's URL: $PHONGHOP_TEST_PG_URL, else the one scripts/pg.sh
// wrote into $PHONGHOP_TEST_PG_DIR; "" when neither is set.
std::string TestServerUrl() {
  if (const char* url = std::getenv("PHONGHOP_TEST_PG_URL"); url && *url) return url;
  const char* dir = std::getenv("PHONGHOP_TEST_PG_DIR");
  if (!dir || !*dir) return "";
  std::ifstream in(std::string(dir) + "/url");
  std::string url;
  std::getline(in, url);
  if (url.empty())
    throw std::runtime_error(std::string("no server URL in ") + dir + "/url (did scripts/pg.sh start fail?)");
  return url;
}

}  // namespace

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
