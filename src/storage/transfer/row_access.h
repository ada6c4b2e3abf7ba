// Table rows read and written without knowing their columns in advance: the
// congress copier (congress_copy.h) moves every column of a row from one
// back-end to the other, so a column added by a later migration is carried
// without a change here. Two implementations: SQLite (one Connection) and
// PostgreSQL (one PgConnection), each inside a transaction the caller opened.
//
// SQL text uses `?` for parameters on both back-ends (PostgreSQL's is
// rewritten to $1, $2, ...); every identifier is double-quoted by the
// caller where it could be a keyword ("by").
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace phonghop::storage {
class Connection;
}
namespace phonghop::storage::pg {
class PgConnection;
}

namespace phonghop::storage::transfer {

struct Bytes {
  std::string data;
  bool operator==(const Bytes&) const = default;
};
// NULL, an integer, a real, text, or bytes (BLOB / bytea).
using Value = std::variant<std::monostate, int64_t, double, std::string, Bytes>;

struct RowSet {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  // The column's index, or -1.
  int Column(std::string_view name) const {
    for (size_t i = 0; i < columns.size(); ++i)
      if (columns[i] == name) return static_cast<int>(i);
    return -1;
  }
};

// A failed statement. `constraint`: a unique, foreign-key or check
// violation (or a trigger's refusal), i.e. the data, not the server.
class TransferError : public std::runtime_error {
 public:
  TransferError(bool constraint, const std::string& what) : std::runtime_error(what), constraint_(constraint) {}
  bool constraint() const { return constraint_; }

 private:
  bool constraint_;
};

// One connection inside the caller's transaction. Not thread-safe. Every
// method throws TransferError.
class RowAccess {
 public:
  virtual ~RowAccess() = default;
  // Rows of a SELECT, each value typed as the back-end stored it.
  virtual RowSet Select(std::string_view sql, const std::vector<Value>& params) = 0;
  // Runs INSERT/UPDATE/DELETE; returns the rows it changed.
  virtual int64_t Exec(std::string_view sql, const std::vector<Value>& params) = 0;
  // Runs an INSERT into a table with an integer `id` and returns the id the
  // back-end assigned.
  virtual int64_t InsertReturningId(std::string_view sql, const std::vector<Value>& params) = 0;
  // The names of the database's tables (no views, no system tables).
  virtual std::vector<std::string> Tables() = 0;
  // Tells the search index that document `document_id` changed, inside the
  // caller's transaction (SQLite: its full-text rows and the change log;
  // PostgreSQL: the change log every node follows).
  virtual void IndexDocument(int64_t document_id) = 0;
  // "sqlite" or "postgresql".
  virtual const char* backend() const = 0;
};

class SqliteRowAccess final : public RowAccess {
 public:
  explicit SqliteRowAccess(Connection& c) : c_(c) {}
  RowSet Select(std::string_view sql, const std::vector<Value>& params) override;
  int64_t Exec(std::string_view sql, const std::vector<Value>& params) override;
  int64_t InsertReturningId(std::string_view sql, const std::vector<Value>& params) override;
  std::vector<std::string> Tables() override;
  void IndexDocument(int64_t document_id) override;
  const char* backend() const override { return "sqlite"; }

 private:
  Connection& c_;
};

class PgRowAccess final : public RowAccess {
 public:
  explicit PgRowAccess(pg::PgConnection& c) : c_(c) {}
  RowSet Select(std::string_view sql, const std::vector<Value>& params) override;
  int64_t Exec(std::string_view sql, const std::vector<Value>& params) override;
  int64_t InsertReturningId(std::string_view sql, const std::vector<Value>& params) override;
  std::vector<std::string> Tables() override;
  void IndexDocument(int64_t document_id) override;
  const char* backend() const override { return "postgresql"; }

 private:
  pg::PgConnection& c_;
};

}  // namespace phonghop::storage::transfer
