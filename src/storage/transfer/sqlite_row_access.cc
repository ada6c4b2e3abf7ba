#include <sqlite3.h>

#include "storage/sqlite/sqlite_db.h"
#include "storage/sqlite/sqlite_search_index.h"
#include "storage/transfer/row_access.h"

namespace phonghop::storage::transfer {

namespace {

// Owns one prepared statement with its parameters bound.
class Prepared {
 public:
  Prepared(sqlite3* db, std::string_view sql, const std::vector<Value>& params) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &s_, nullptr) != SQLITE_OK)
      Fail();
    for (size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(v)) rc = sqlite3_bind_null(s_, at);
      else if (auto* n = std::get_if<int64_t>(&v)) rc = sqlite3_bind_int64(s_, at, *n);
      else if (auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(s_, at, *d);
      else if (auto* t = std::get_if<std::string>(&v))
        rc = sqlite3_bind_text64(s_, at, t->data(), t->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      else {
        const auto& b = std::get<Bytes>(v).data;
        rc = sqlite3_bind_blob64(s_, at, b.data(), b.size(), SQLITE_TRANSIENT);
      }
      if (rc != SQLITE_OK) Fail();
    }
  }
  ~Prepared() { sqlite3_finalize(s_); }
  Prepared(const Prepared&) = delete;
  Prepared& operator=(const Prepared&) = delete;

  // True while a row is available.
  bool Step() {
    int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Fail();
  }
  sqlite3_stmt* get() { return s_; }

  [[noreturn]] void Fail() {
    const int code = sqlite3_extended_errcode(db_);
    throw TransferError((code & 0xFF) == SQLITE_CONSTRAINT, sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

}  // namespace

RowSet SqliteRowAccess::Select(std::string_view sql, const std::vector<Value>& params) {
  Prepared p(c_.raw(), sql, params);
  RowSet out;
  const int n = sqlite3_column_count(p.get());
  for (int i = 0; i < n; ++i) out.columns.emplace_back(sqlite3_column_name(p.get(), i));
  while (p.Step()) {
    std::vector<Value> row;
    row.reserve(n);
    for (int i = 0; i < n; ++i) {
      switch (sqlite3_column_type(p.get(), i)) {
        case SQLITE_NULL:
          row.emplace_back(std::monostate{});
          break;
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(p.get(), i)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(p.get(), i));
          break;
        case SQLITE_BLOB: {
          const void* b = sqlite3_column_blob(p.get(), i);
          const int len = sqlite3_column_bytes(p.get(), i);
          row.emplace_back(Bytes{std::string(static_cast<const char*>(b), static_cast<size_t>(len))});
          break;
        }
        default: {
          const unsigned char* t = sqlite3_column_text(p.get(), i);
          const int len = sqlite3_column_bytes(p.get(), i);
          row.emplace_back(std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(len)));
        }
      }
    }
    out.rows.push_back(std::move(row));
  }
  return out;
}

int64_t SqliteRowAccess::Exec(std::string_view sql, const std::vector<Value>& params) {
  Prepared p(c_.raw(), sql, params);
  while (p.Step()) {
  }
  return sqlite3_changes(c_.raw());
}

int64_t SqliteRowAccess::InsertReturningId(std::string_view sql, const std::vector<Value>& params) {
  Prepared p(c_.raw(), sql, params);
  while (p.Step()) {
  }
  return sqlite3_last_insert_rowid(c_.raw());
}

std::vector<std::string> SqliteRowAccess::Tables() {
  auto r = Select("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                  {});
  std::vector<std::string> out;
  for (auto& row : r.rows) out.push_back(std::get<std::string>(row[0]));
  return out;
}

void SqliteRowAccess::IndexDocument(int64_t document_id) {
  try {
    ReindexDocument(c_, document_id);
  } catch (const SqliteError& e) {
    throw TransferError(e.IsConstraint(), e.what());
  }
}

}  // namespace phonghop::storage::transfer
