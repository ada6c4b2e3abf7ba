#include "storage/sqlite/sqlite_db.h"

#include <chrono>

#include "metrics/metrics.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "common/log.h"
#include "storage/sqlite/fts_tokenizer.h"
#include "storage/sqlite/migrations.h"

namespace phonghop::storage {

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()),
                              &stmt_, nullptr);
  if (rc != SQLITE_OK)
    throw SqliteError(rc, std::string("prepare: ") + sqlite3_errmsg(db));
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, double v) {
  sqlite3_bind_double(stmt_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindBlob(int i, const void* data, size_t size) {
  sqlite3_bind_blob(stmt_, i, data, static_cast<int>(size), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // Extended code so constraint violations are recognisable.
  throw SqliteError(sqlite3_extended_errcode(db_),
                    std::string("step: ") + sqlite3_errmsg(db_));
}

void Stmt::Exec() {
  while (Step()) {
  }
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Stmt::Int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Stmt::Double(int col) const { return sqlite3_column_double(stmt_, col); }
std::string Stmt::Text(int col) const {
  const auto* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), n) : std::string();
}
std::string Stmt::Blob(int col) const {
  const void* p = sqlite3_column_blob(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(static_cast<const char*>(p), n) : std::string();
}
bool Stmt::IsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

Connection::Connection(const std::string& path, bool read_only) {
  int flags = read_only ? SQLITE_OPEN_READONLY
                        : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // one thread at a time, enforced by the pool
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(rc, "open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 10000);
  sqlite3_extended_result_codes(db_, 1);
  if (!RegisterFtsTokenizer(db_)) throw SqliteError(SQLITE_ERROR, "FTS5 is not available");
  Exec("PRAGMA foreign_keys = ON");
  // FULL: a commit survives power loss, not only a killed process.
  Exec("PRAGMA synchronous = FULL");
  // Deleted rows are overwritten, not just unlinked: biometric data that is
  // deleted must not linger in free pages (or in backups made afterwards).
  Exec("PRAGMA secure_delete = ON");
}

Connection::~Connection() { sqlite3_close_v2(db_); }

void Connection::Exec(std::string_view sql) {
  char* err = nullptr;
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    throw SqliteError(sqlite3_extended_errcode(db_), "exec: " + msg);
  }
}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(
    const std::string& path, int pool_size) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(path));
  try {
    auto first = std::make_unique<Connection>(path);
    // WAL lets phones read while the secretariat writes.
    first->Exec("PRAGMA journal_mode = WAL");
    db->all_.push_back(std::move(first));
    for (int i = 1; i < pool_size; ++i)
      db->all_.push_back(std::make_unique<Connection>(path));
  } catch (const SqliteError& e) {
    return Status::Unavailable(std::string("không mở được cơ sở dữ liệu: ") + e.what());
  }
  for (auto& c : db->all_) db->free_.push_back(c.get());
  Status st = ApplyMigrations(*db);
  if (!st.ok()) return st;
  return db;
}

Connection* SqliteDatabase::Acquire() {
  std::unique_lock<std::mutex> lock(pool_mu_);
  if (free_.empty()) {
    const auto t0 = std::chrono::steady_clock::now();
    pool_cv_.wait(lock, [&] { return !free_.empty(); });
    metrics::Metrics::Get().PoolWaitSeconds(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  } else {
    metrics::Metrics::Get().PoolWaitSeconds(0);
  }
  Connection* c = free_.back();
  free_.pop_back();
  return c;
}

void SqliteDatabase::Release(Connection* c) {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    free_.push_back(c);
  }
  pool_cv_.notify_one();
}

namespace {

Status UnitError(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    log::Error(std::string("unit of work: ") + x.what());
  } catch (...) {
    log::Error("unit of work: unknown exception");
  }
  return Status::Internal("lỗi cơ sở dữ liệu");
}

}  // namespace

Status SqliteDatabase::RunUnit(const std::function<Status()>& work) {
  if (UnitSlot<Connection>::Of(this)) return JoinUnit(work);
  // One unit at a time, holding the writer lock to its end: the
  // after-commit hooks (event delivery) run before it is released, so in
  // commit order.
  std::lock_guard<std::mutex> lock(write_mu_);
  Connection* conn = Acquire();
  struct Releaser {
    SqliteDatabase* self;
    Connection* c;
    ~Releaser() { self->Release(c); }
  } releaser{this, conn};
  static const UnitRules<Connection> kRules{"BEGIN IMMEDIATE", nullptr, &UnitError};
  return RunOuterUnit(this, *conn, kRules, work);
}

int SqliteDatabase::SchemaVersion() {
  return Read([](Connection& c) {
    auto st = c.Prepare("PRAGMA user_version");
    st.Step();
    return static_cast<int>(st.Int(0));
  });
}

Status SqliteDatabase::BackupTo(const std::string& out_path) {
  namespace fs = std::filesystem;
  std::string tmp = out_path + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  sqlite3* dest = nullptr;
  if (sqlite3_open(tmp.c_str(), &dest) != SQLITE_OK) {
    sqlite3_close(dest);
    return Status::Unavailable("không tạo được tệp sao lưu " + out_path);
  }
  Status result = Read([&](Connection& c) -> Status {
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", c.raw(), "main");
    if (!b) return Status::Internal(sqlite3_errmsg(dest));
    // -1: copy every page in one step, so the copy is one consistent snapshot.
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) return Status::Internal(std::string("sao lưu thất bại: ") + sqlite3_errstr(rc));
    return Status::Ok();
  });
  if (result.ok()) {
    // The backup is a standalone file: no WAL beside it.
    char* err = nullptr;
    sqlite3_exec(dest, "PRAGMA journal_mode = DELETE", nullptr, nullptr, &err);
    sqlite3_free(err);
  }
  sqlite3_close(dest);
  if (!result.ok()) {
    fs::remove(tmp, ec);
    return result;
  }
  int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  fs::rename(tmp, out_path, ec);
  if (ec) return Status::Unavailable("không ghi được " + out_path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace phonghop::storage
