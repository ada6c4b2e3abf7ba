#include "storage/postgres/pg_db.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "common/log.h"
#include "storage/postgres/pg_migrations.h"

namespace phonghop::storage::pg {
namespace {

// Server messages can contain row values; keep them out of replies and cap
// what reaches the log.
std::string Clip(std::string_view s) {
  return std::string(s.substr(0, 300));
}

PgError ErrorOf(PGconn* conn, PGresult* r) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = r ? PQresultErrorMessage(r) : "";
  if (msg.empty() && conn) msg = PQerrorMessage(conn);
  return PgError(state ? state : "", msg);
}

}  // namespace

bool PgError::IsRetryable() const {
  if (sqlstate_.empty()) return true;                   // no result: the connection broke
  if (sqlstate_ == "40001" || sqlstate_ == "40P01") return true;  // serialization, deadlock
  if (sqlstate_ == "25006") return true;                // read-only transaction: a standby
  if (sqlstate_.rfind("08", 0) == 0) return true;       // connection exception
  if (sqlstate_ == "57P01" || sqlstate_ == "57P02" || sqlstate_ == "57P03") return true;  // shutdown
  return false;
}

int64_t Rows::Int(int row, int col) const {
  const char* p = PQgetvalue(r_, row, col);
  int64_t v = 0;
  if (*p == 't') return 1;  // a boolean column
  if (*p == 'f') return 0;
  std::from_chars(p, p + PQgetlength(r_, row, col), v);
  return v;
}

double Rows::Double(int row, int col) const {
  return std::strtod(PQgetvalue(r_, row, col), nullptr);
}

std::string Rows::Text(int row, int col) const {
  return std::string(PQgetvalue(r_, row, col), PQgetlength(r_, row, col));
}

std::string Rows::Blob(int row, int col) const {
  if (IsNull(row, col)) return {};
  size_t n = 0;
  unsigned char* p =
      PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row, col)), &n);
  if (!p) throw PgError("", "bytea decode failed");
  std::string out(reinterpret_cast<char*>(p), n);
  PQfreemem(p);
  return out;
}

int64_t Rows::Affected() const {
  const char* t = PQcmdTuples(r_);
  return (t && *t) ? std::strtoll(t, nullptr, 10) : 0;
}

Param ToParam(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return {std::string(buf)};
}

PgConnection::PgConnection(const std::string& conninfo) {
  conn_ = PQconnectdb(conninfo.c_str());
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = conn_ ? PQerrorMessage(conn_) : "out of memory";
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    throw PgError("", "connect: " + msg);
  }
  // Quiet NOTICEs (e.g. "relation already exists, skipping").
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  // Timestamps the server makes (none today) in UTC; text in UTF-8.
  Exec("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
}

PgConnection::~PgConnection() {
  if (conn_) PQfinish(conn_);
}

void PgConnection::Exec(std::string_view sql) {
  std::string s(sql);
  PGresult* r = PQexec(conn_, s.c_str());
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    PgError e = ErrorOf(conn_, r);
    if (r) PQclear(r);
    throw e;
  }
  PQclear(r);
}

Rows PgConnection::Query(std::string_view sql, std::vector<Param> params) {
  std::string s(sql);
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size());
  std::vector<int> formats(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    values[i] = params[i].value ? params[i].value->data() : nullptr;
    lengths[i] = params[i].value ? static_cast<int>(params[i].value->size()) : 0;
    formats[i] = params[i].binary ? 1 : 0;
  }
  PGresult* r = PQexecParams(conn_, s.c_str(), static_cast<int>(params.size()), nullptr,
                             values.data(), lengths.data(), formats.data(), 0);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    PgError e = ErrorOf(conn_, r);
    if (r) PQclear(r);
    throw e;
  }
  return Rows(r);
}

Result<std::unique_ptr<PgDatabase>> PgDatabase::Open(const std::string& url, int pool_size,
                                                     bool migrate) {
  if (pool_size < 1) pool_size = 1;
  std::unique_ptr<PgDatabase> db(new PgDatabase(url));
  try {
    for (int i = 0; i < pool_size; ++i) {
      db->all_.push_back(std::make_unique<PgConnection>(url));
      db->free_.push_back(db->all_.back().get());
    }
  } catch (const PgError& e) {
    log::Error("postgresql connect failed: " + Clip(e.what()));
    return Status::Unavailable("không kết nối được PostgreSQL");
  }
  if (migrate) {
    Status st = ApplyPgMigrations(*db);
    if (!st.ok()) return st;
  }
  return db;
}

PgDatabase::Lease::Lease(PgDatabase& d) : db(d), conn(d.Acquire()) {}
PgDatabase::Lease::~Lease() { db.Release(conn); }

PgConnection* PgDatabase::Acquire() {
  PgConnection* c = nullptr;
  {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, acquire_timeout_, [&] { return !free_.empty(); }))
      throw PgError("08000", "no free database connection");
    c = free_.back();
    free_.pop_back();
  }
  if (c->Broken()) {
    // After a failover or restart: reconnect once; the caller's request
    // fails as retryable if the server is still away.
    PQreset(c->raw());
    if (c->Broken()) {
      Release(c);
      throw PgError("08006", "database connection lost");
    }
  }
  return c;
}

void PgDatabase::Release(PgConnection* c) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(c);
  }
  cv_.notify_one();
}

namespace {

// A statement failed inside and its error was handled as a Status that the
// work did not pass on: PostgreSQL would turn COMMIT into a rollback
// without an error, so say it here.
Status CheckNotFailed(PgConnection& c) {
  if (PQtransactionStatus(c.raw()) == PQTRANS_INERROR)
    return Status::Unavailable("cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại");
  return Status::Ok();
}

Status UnitError(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const PgError& x) {
    return StatusFromPgError(x, "");
  } catch (const std::exception& x) {
    log::Error(std::string("unit of work: ") + Clip(x.what()));
  } catch (...) {
    log::Error("unit of work: unknown exception");
  }
  return Status::Internal("lỗi cơ sở dữ liệu");
}

}  // namespace

Status PgDatabase::RunUnit(const std::function<Status()>& work) {
  if (UnitSlot<PgConnection>::Of(this)) return JoinUnit(work);
  PgConnection* c = nullptr;
  try {
    c = Acquire();
  } catch (const PgError& e) {
    return StatusFromPgError(e, "");
  }
  Lease lease(*this, c);
  static const UnitRules<PgConnection> kRules{"BEGIN", &CheckNotFailed, &UnitError};
  return RunOuterUnit(this, *c, kRules, work);
}

int PgDatabase::SchemaVersion() {
  return Read([](PgConnection& c) {
    auto exists = c.Q("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (exists.Text(0, 0) != "t") return 0;
    auto r = c.Q("SELECT COALESCE(max(version), 0) FROM schema_migrations");
    return static_cast<int>(r.Int(0, 0));
  });
}

Status StatusFromPgError(const PgError& e, std::string_view conflict_message) {
  // A trigger's RAISE is a refused change, as SQLite's RAISE(ABORT) is.
  if (e.IsConstraint() || e.IsRaised()) return Status::Conflict(std::string(conflict_message));
  if (e.IsRetryable()) {
    log::Warn("postgresql unavailable sqlstate=" + e.sqlstate() + " " + Clip(e.what()));
    return Status::Unavailable("cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại");
  }
  log::Error("postgresql error sqlstate=" + e.sqlstate() + " " + Clip(e.what()));
  return Status::Internal("lỗi cơ sở dữ liệu");
}

}  // namespace phonghop::storage::pg
