// The store a test server uses, opened the way the server opens it (its
// SQLite file, or its PostgreSQL database), for the few checks the HTTP API
// does not show: issuing a badge token through the repository port, counting
// rows the API never returns (a cancelled poll's ballots). The same SQL text
// runs on both back-ends.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "congress/congress_repository.h"

namespace phonghop::storage {
class SqliteDatabase;
}
namespace phonghop::storage::pg {
class PgDatabase;
}

namespace phonghop::testing {

class ServerProcess;

class TestStore {
 public:
  // `database` "" = SQLite in `data_dir`/phonghop.db.
  TestStore(const std::string& data_dir, const std::string& database);
  explicit TestStore(const ServerProcess& server);
  ~TestStore();

  congress::CongressRepository& congresses() { return *congresses_; }
  // The one integer a query returns (-1 and a test failure on error).
  int64_t Int(const std::string& sql);
  // True when the store refuses the statement (a trigger, a constraint).
  bool Refuses(const std::string& sql);
  // A bytea/BLOB literal of `hex` in this store's SQL.
  std::string BytesLiteral(const std::string& hex) const {
    return sqlite_ ? "X'" + hex + "'" : "'\\x" + hex + "'::bytea";
  }
  // A new personal badge token for `badge` of congress `slug`, as printing
  // the badges issues it (through the repository port); "" on failure.
  std::string IssueToken(const std::string& slug, const std::string& badge);

 private:
  std::unique_ptr<storage::SqliteDatabase> sqlite_;
  std::unique_ptr<storage::pg::PgDatabase> pg_;
  std::unique_ptr<congress::CongressRepository> congresses_;
};

}  // namespace phonghop::testing
