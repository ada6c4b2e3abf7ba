// The repository contract suite's back-ends: each test runs once per
// back-end (SQLite always; PostgreSQL through the ctest fixture that starts a
// private server with scripts/pg.sh). A Backend is a fresh, migrated,
// empty database and the repositories over it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "attendance/attendance_repository.h"
#include "audit/audit_log.h"
#include "common/event_log.h"
#include "common/unit_of_work.h"
#include "auth/auth.h"
#include "congress/congress_repository.h"
#include "documents/ports.h"
#include "meeting/meeting_repository.h"
#include "search/search_index.h"
#include "speakers/speakers_repository.h"
#include "storage/settings.h"
#include "voting/voting_repository.h"

namespace phonghop::contract {

class Backend {
 public:
  virtual ~Backend() = default;
  virtual storage::Settings& settings() = 0;
  virtual audit::AuditLog& audit() = 0;
  virtual auth::AuthRepository& auth() = 0;
  virtual congress::CongressRepository& congresses() = 0;
  virtual documents::DocumentRepository& documents() = 0;
  virtual search::SearchIndex& search() = 0;
  virtual meeting::MeetingRepository& meeting() = 0;
  virtual attendance::AttendanceRepository& attendance() = 0;
  virtual voting::VotingRepository& voting() = 0;
  virtual speakers::SpeakersRepository& speakers() = 0;
  virtual EventLog& events() = 0;
  // Transactions spanning several repository calls (decision 552).
  virtual UnitOfWork& units() = 0;
  // PostgreSQL only ("" elsewhere): this database's URL, for a second
  // connection of its own (the event listener).
  virtual std::string Url() { return ""; }
  // A search index of a second process on the same database (another
  // phonghop node): it must see what was written through this one.
  virtual std::unique_ptr<search::SearchIndex> OtherNodeSearch() = 0;
  // Runs raw SQL (the same text on both back-ends) that must fail; for the
  // checks the schema itself enforces. Returns true when it failed.
  virtual bool SqlFails(const std::string& sql) = 0;
  // A bytea/BLOB literal for `hex` in the back-end's SQL.
  virtual std::string BytesLiteral(const std::string& hex) = 0;
  // PostgreSQL only (false elsewhere): ends every server connection of this
  // database, as a restart or a failover does; makes new sessions
  // read-only (a standby) or writable again.
  virtual bool TerminateConnections() { return false; }
  virtual bool SetReadOnly(bool) { return false; }
  // The schema version the database reports after migration.
  virtual int SchemaVersion() = 0;
};

// "sqlite" or "postgres". Postgres reads the server's URL from
// $PHONGHOP_TEST_PG_URL (set by ctest); each call makes a new database.
// Fails the test (never skips) when that server can't be used.
std::unique_ptr<Backend> MakeBackend(const std::string& name);

// Names the instantiations "sqlite" and "postgres" (ctest filters on them).
inline std::string BackendName(const ::testing::TestParamInfo<std::string>& p) { return p.param; }

// Base of every contract test: `backend()` is fresh per test.
class RepositoryContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  Backend& backend() { return *backend_; }

 private:
  std::unique_ptr<Backend> backend_;
};

}  // namespace phonghop::contract
