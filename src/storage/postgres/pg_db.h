// A small libpq wrapper, the PostgreSQL twin of sqlite_db.h: a fixed pool of
// connections, parameterised queries ($1, $2, ...) with values sent as text
// (bytea as binary), and a transaction per write. Errors surface as PgError
// inside this adapter and become a Status at its edge (PgGuard).
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/status.h"
#include "common/unit_of_work.h"
#include "storage/unit_tx.h"

namespace phonghop::storage::pg {

class PgError : public std::runtime_error {
 public:
  PgError(std::string sqlstate, const std::string& what)
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
  // Five-character SQLSTATE; "" when the connection itself failed.
  const std::string& sqlstate() const { return sqlstate_; }
  // Class 23: unique, foreign-key, check or not-null violation.
  bool IsConstraint() const { return sqlstate_.rfind("23", 0) == 0; }
  // The server is going away, the connection broke, the transaction lost a
  // serialization race or a deadlock, or the server is a read-only standby
  // (a failover in progress): the same request may succeed when retried.
  bool IsRetryable() const;
  // A trigger's RAISE EXCEPTION (P0001).
  bool IsRaised() const { return sqlstate_ == "P0001"; }

 private:
  std::string sqlstate_;
};

// A bytea parameter (sent in binary, no escaping).
struct Bytes {
  std::string_view data;
};

// One query's rows, values in text format. Owns the PGresult.
class Rows {
 public:
  explicit Rows(PGresult* r) : r_(r) {}
  ~Rows() { if (r_) PQclear(r_); }
  Rows(Rows&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  Rows& operator=(Rows&&) = delete;
  Rows(const Rows&) = delete;

  int size() const { return PQntuples(r_); }
  bool empty() const { return size() == 0; }
  int64_t Int(int row, int col) const;
  double Double(int row, int col) const;
  std::string Text(int row, int col) const;
  std::string Blob(int row, int col) const;  // bytea, decoded
  bool IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::optional<int64_t> OptInt(int row, int col) const {
    return IsNull(row, col) ? std::nullopt : std::optional<int64_t>(Int(row, col));
  }
  // Rows changed by INSERT/UPDATE/DELETE.
  int64_t Affected() const;

  // One row, read with storage/row_reader.h (the mappings in storage/rows/
  // are shared with SQLite).
  struct Row {
    const Rows& rows;
    int row;
    int64_t Int(int col) const { return rows.Int(row, col); }
    double Double(int col) const { return rows.Double(row, col); }
    std::string Text(int col) const { return rows.Text(row, col); }
    bool IsNull(int col) const { return rows.IsNull(row, col); }
  };
  Row At(int row) const { return Row{*this, row}; }

 private:
  PGresult* r_;
};

// One parameter in the form libpq wants.
struct Param {
  std::optional<std::string> value;
  bool binary = false;
};

inline Param ToParam(int64_t v) { return {std::to_string(v)}; }
inline Param ToParam(int v) { return {std::to_string(v)}; }
inline Param ToParam(long long v) { return {std::to_string(v)}; }
inline Param ToParam(size_t v) { return {std::to_string(v)}; }
inline Param ToParam(bool v) { return {v ? "1" : "0"}; }
Param ToParam(double v);
inline Param ToParam(std::string_view v) { return {std::string(v)}; }
inline Param ToParam(const std::string& v) { return {v}; }
inline Param ToParam(const char* v) { return {std::string(v)}; }
inline Param ToParam(Bytes b) { return {std::string(b.data), true}; }
inline Param ToParam(std::nullopt_t) { return {std::nullopt}; }
template <typename T>
Param ToParam(const std::optional<T>& v) {
  return v ? ToParam(*v) : Param{std::nullopt};
}

class PgConnection {
 public:
  // Connects with `conninfo` (a URL or key=value string); PgError if not.
  explicit PgConnection(const std::string& conninfo);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one or more statements without parameters.
  void Exec(std::string_view sql);
  // Runs one statement with parameters; throws PgError on failure.
  Rows Query(std::string_view sql, std::vector<Param> params);
  template <typename... Args>
  Rows Q(std::string_view sql, const Args&... args) {
    return Query(sql, {ToParam(args)...});
  }
  bool Broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  PGconn* raw() { return conn_; }

 private:
  PGconn* conn_ = nullptr;
};

// Thread-safe handle. `pool_size` connections are opened at start and
// shared by all threads; a caller waits (bounded by `acquire_timeout`) for a
// free one and gets kUnavailable-mapped PgError when none frees up. A
// connection found broken is replaced on its next use.
class PgDatabase {
 public:
  // Connects `pool_size` times and applies pending migrations (under an
  // advisory lock, so several nodes starting at once migrate once).
  // kUnavailable when the server can't be reached, kInternal when a
  // migration fails (that migration is rolled back).
  static Result<std::unique_ptr<PgDatabase>> Open(const std::string& url, int pool_size = 8,
                                                  bool migrate = true);

  // Runs `f(conn)` on a pooled connection, in autocommit mode (each
  // statement its own transaction). Throws PgError.
  template <typename F>
  auto Read(F&& f) {
    // Inside a unit of work on this thread: its connection and transaction
    // (decision 552).
    if (PgConnection* unit = UnitSlot<PgConnection>::Of(this)) return f(*unit);
    Lease lease(*this);
    return f(*lease.conn);
  }

  // Runs `f(conn)` inside BEGIN ... COMMIT (READ COMMITTED); rolled back if
  // `f` throws. Row locks (SELECT ... FOR UPDATE) serialise what must be.
  template <typename F>
  auto Write(F&& f) {
    // Inside a unit of work: a savepoint of its transaction, so a failed
    // write (a unique violation the caller handles) undoes itself alone.
    if (PgConnection* unit = UnitSlot<PgConnection>::Of(this)) return WriteInSavepoint(*unit, f);
    Lease lease(*this);
    return WriteInTransaction(*lease.conn, "BEGIN", f);
  }

  // UnitOfWork::Run on this database (decision 552): one BEGIN ... COMMIT
  // on one pooled connection around `work`, every Read/Write of this thread
  // joining it (writes as savepoints). A transaction left failed by a
  // statement whose error was swallowed is rolled back (kUnavailable).
  Status RunUnit(const std::function<Status()>& work);

  int SchemaVersion();
  int pool_size() const { return static_cast<int>(all_.size()); }
  const std::string& url() const { return url_; }

 private:
  explicit PgDatabase(std::string url) : url_(std::move(url)) {}
  struct Lease {
    explicit Lease(PgDatabase& d);
    // Takes over a connection already acquired.
    Lease(PgDatabase& d, PgConnection* c) : db(d), conn(c) {}
    ~Lease();
    PgDatabase& db;
    PgConnection* conn;
  };
  PgConnection* Acquire();
  void Release(PgConnection* c);
  std::string url_;
  std::chrono::milliseconds acquire_timeout_{10000};
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> all_;
  std::vector<PgConnection*> free_;
};

// Converts PgError into a Status: a constraint violation is kConflict with
// `conflict_message`, a retryable error (failover, serialization, deadlock,
// read-only standby, broken connection) kUnavailable, anything else
// kInternal. The SQL text and server message are logged, never returned.
Status StatusFromPgError(const PgError& e, std::string_view conflict_message);

template <typename F>
auto PgGuard(F&& f, std::string_view conflict_message = "đã tồn tại") -> decltype(f()) {
  try {
    return f();
  } catch (const PgError& e) {
    return StatusFromPgError(e, conflict_message);
  }
}

// The UnitOfWork port over PostgreSQL.
class PgUnitOfWork final : public UnitOfWork {
 public:
  explicit PgUnitOfWork(PgDatabase& db) : db_(db) {}
  Status Run(const std::function<Status()>& work) override { return db_.RunUnit(work); }

 private:
  PgDatabase& db_;
};

}  // namespace phonghop::storage::pg
