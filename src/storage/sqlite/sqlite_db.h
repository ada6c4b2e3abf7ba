// A small SQLite wrapper in the style of Laminar's: prepared statements with
// chained binds, a connection pool for concurrent readers (WAL), and one
// writer at a time in an IMMEDIATE transaction. Errors surface as
// SqliteError inside this adapter and are turned into Status at its edge.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/unit_of_work.h"
#include "storage/unit_tx.h"

namespace phonghop::storage {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what)
      : std::runtime_error(what), code_(code) {}
  int code() const { return code_; }
  bool IsConstraint() const { return (code_ & 0xFF) == SQLITE_CONSTRAINT; }

 private:
  int code_;
};

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int index, int64_t v);
  Stmt& Bind(int index, int v) { return Bind(index, static_cast<int64_t>(v)); }
  Stmt& Bind(int index, double v);
  Stmt& Bind(int index, std::string_view v);
  Stmt& Bind(int index, const std::string& v) { return Bind(index, std::string_view(v)); }
  Stmt& Bind(int index, const char* v) { return Bind(index, std::string_view(v)); }
  Stmt& BindBlob(int index, const void* data, size_t size);
  Stmt& BindNull(int index);
  template <typename T>
  Stmt& Bind(int index, const std::optional<T>& v) {
    return v ? Bind(index, *v) : BindNull(index);
  }

  // Steps once; true when a row is available.
  bool Step();
  // Runs to completion (for INSERT/UPDATE/DELETE).
  void Exec();
  void Reset();

  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string Blob(int col) const;
  bool IsNull(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Connection {
 public:
  explicit Connection(const std::string& path, bool read_only = false);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Exec(std::string_view sql);
  Stmt Prepare(std::string_view sql) { return Stmt(db_, sql); }
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Thread-safe database handle. Readers run concurrently on pooled
// connections; writers are serialised by a mutex and each runs in its own
// BEGIN IMMEDIATE ... COMMIT, rolled back if the callback throws.
class SqliteDatabase {
 public:
  // Opens (creating) the file, sets WAL, synchronous=FULL, foreign keys on,
  // and applies pending migrations. kUnavailable when the file can't be opened,
  // kInternal when a migration fails (nothing of that migration is kept).
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path,
                                                      int pool_size = 4);

  template <typename F>
  auto Read(F&& f) {
    // Inside a unit of work on this thread: its connection (its
    // uncommitted writes are visible, decision 552).
    if (Connection* unit = UnitSlot<Connection>::Of(this)) return f(*unit);
    auto conn = Acquire();
    struct Releaser {
      SqliteDatabase* self;
      Connection* c;
      ~Releaser() { self->Release(c); }
    } releaser{this, conn};
    return f(*conn);
  }

  template <typename F>
  auto Write(F&& f) {
    // Inside a unit of work: a savepoint of its transaction, so a failed
    // write undoes itself alone and the unit decides the rest.
    if (Connection* unit = UnitSlot<Connection>::Of(this)) return WriteInSavepoint(*unit, f);
    std::lock_guard<std::mutex> lock(write_mu_);
    return Read([&](Connection& c) { return WriteInTransaction(c, "BEGIN IMMEDIATE", f); });
  }

  // UnitOfWork::Run on this database (decision 552): one BEGIN IMMEDIATE
  // ... COMMIT around `work`, under the writer lock, every Read/Write of this
  // thread joining it; the after-commit hooks run before the lock is
  // released, so they run in commit order.
  Status RunUnit(const std::function<Status()>& work);

  // Consistent online copy (sqlite3_backup) to `out_path`, written to a
  // temporary file, fsynced and renamed so a partial backup never exists.
  Status BackupTo(const std::string& out_path);
  int SchemaVersion();
  const std::string& path() const { return path_; }

 private:
  explicit SqliteDatabase(std::string path) : path_(std::move(path)) {}
  Connection* Acquire();
  void Release(Connection* c);
  std::string path_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> all_;
  std::vector<Connection*> free_;
  std::mutex write_mu_;
};

// Runs `f` and converts SqliteError into a Status: constraint violations
// become kConflict with `conflict_message`, anything else kInternal.
template <typename F>
auto Guard(F&& f, std::string_view conflict_message = "đã tồn tại")
    -> decltype(f()) {
  try {
    return f();
  } catch (const SqliteError& e) {
    if (e.IsConstraint()) return Status::Conflict(std::string(conflict_message));
    return Status::Internal("lỗi cơ sở dữ liệu");
  }
}

// The UnitOfWork port over SQLite.
class SqliteUnitOfWork final : public UnitOfWork {
 public:
  explicit SqliteUnitOfWork(SqliteDatabase& db) : db_(db) {}
  Status Run(const std::function<Status()>& work) override { return db_.RunUnit(work); }

 private:
  SqliteDatabase& db_;
};

}  // namespace phonghop::storage
