#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "storage/postgres/pg_db.h"
#include "storage/postgres/pg_search_index.h"
#include "storage/transfer/row_access.h"

namespace phonghop::storage::transfer {

namespace {

// Type OIDs (catalog/pg_type_d.h) of the values this copier reads and sends.
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kFloat4 = 700,
              kFloat8 = 701, kNumeric = 1700;

// `?` → `$1`, `$2`, ... (the copier's SQL has no `?` inside literals).
std::string Numbered(std::string_view sql) {
  std::string out;
  int n = 0;
  for (char ch : sql) {
    if (ch == '?') out += "$" + std::to_string(++n);
    else out += ch;
  }
  return out;
}

// Owns a PGresult; throws TransferError unless the statement succeeded.
class PgResult {
 public:
  PgResult(PGconn* conn, std::string_view sql, const std::vector<Value>& params) {
    const std::string s = Numbered(sql);
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    std::vector<Oid> types(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) {
        values[i] = nullptr;
        continue;
      }
      if (auto* n = std::get_if<int64_t>(&v)) {
        text[i] = std::to_string(*n);
        types[i] = kInt8;
      } else if (auto* d = std::get_if<double>(&v)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        text[i] = buf;
        types[i] = kFloat8;
      } else if (auto* t = std::get_if<std::string>(&v)) {
        text[i] = *t;
        types[i] = kText;
      } else {
        text[i] = std::get<Bytes>(v).data;
        types[i] = kBytea;
        formats[i] = 1;
      }
      values[i] = text[i].data();
      lengths[i] = static_cast<int>(text[i].size());
    }
    r_ = PQexecParams(conn, s.c_str(), static_cast<int>(params.size()), types.data(), values.data(),
                      lengths.data(), formats.data(), 0);
    const ExecStatusType st = r_ ? PQresultStatus(r_) : PGRES_FATAL_ERROR;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      const char* state = r_ ? PQresultErrorField(r_, PG_DIAG_SQLSTATE) : nullptr;
      std::string msg = r_ ? PQresultErrorMessage(r_) : PQerrorMessage(conn);
      const std::string code = state ? state : "";
      // Class 23: integrity constraint; P0001: a trigger's RAISE.
      throw TransferError(code.rfind("23", 0) == 0 || code == "P0001", msg);
    }
  }
  ~PgResult() {
    if (r_) PQclear(r_);
  }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PGresult* get() const { return r_; }

 private:
  PGresult* r_ = nullptr;
};

int64_t ToInt(const char* p, int len) {
  if (*p == 't') return 1;
  if (*p == 'f') return 0;
  int64_t v = 0;
  std::from_chars(p, p + len, v);
  return v;
}

}  // namespace

RowSet PgRowAccess::Select(std::string_view sql, const std::vector<Value>& params) {
  PgResult r(c_.raw(), sql, params);
  RowSet out;
  const int cols = PQnfields(r.get());
  for (int i = 0; i < cols; ++i) out.columns.emplace_back(PQfname(r.get(), i));
  const int rows = PQntuples(r.get());
  out.rows.reserve(static_cast<size_t>(rows));
  for (int row = 0; row < rows; ++row) {
    std::vector<Value> vals;
    vals.reserve(static_cast<size_t>(cols));
    for (int i = 0; i < cols; ++i) {
      if (PQgetisnull(r.get(), row, i)) {
        vals.emplace_back(std::monostate{});
        continue;
      }
      const char* p = PQgetvalue(r.get(), row, i);
      const int len = PQgetlength(r.get(), row, i);
      switch (PQftype(r.get(), i)) {
        case kBool:
        case kInt2:
        case kInt4:
        case kInt8:
          vals.emplace_back(ToInt(p, len));
          break;
        case kFloat4:
        case kFloat8:
        case kNumeric:
          vals.emplace_back(std::strtod(p, nullptr));
          break;
        case kBytea: {
          size_t n = 0;
          unsigned char* b = PQunescapeBytea(reinterpret_cast<const unsigned char*>(p), &n);
          if (!b) throw TransferError(false, "bytea decode failed");
          vals.emplace_back(Bytes{std::string(reinterpret_cast<char*>(b), n)});
          PQfreemem(b);
          break;
        }
        default:
          vals.emplace_back(std::string(p, static_cast<size_t>(len)));
      }
    }
    out.rows.push_back(std::move(vals));
  }
  return out;
}

int64_t PgRowAccess::Exec(std::string_view sql, const std::vector<Value>& params) {
  PgResult r(c_.raw(), sql, params);
  const char* t = PQcmdTuples(r.get());
  return (t && *t) ? std::strtoll(t, nullptr, 10) : 0;
}

int64_t PgRowAccess::InsertReturningId(std::string_view sql, const std::vector<Value>& params) {
  PgResult r(c_.raw(), std::string(sql) + " RETURNING id", params);
  if (PQntuples(r.get()) != 1) throw TransferError(false, "INSERT returned no id");
  return ToInt(PQgetvalue(r.get(), 0, 0), PQgetlength(r.get(), 0, 0));
}

std::vector<std::string> PgRowAccess::Tables() {
  auto r = Select("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1", {});
  std::vector<std::string> out;
  for (auto& row : r.rows) out.push_back(std::get<std::string>(row[0]));
  return out;
}

void PgRowAccess::IndexDocument(int64_t document_id) {
  try {
    pg::LogSearchChange(c_, document_id);
  } catch (const pg::PgError& e) {
    throw TransferError(e.IsConstraint(), e.what());
  }
}

}  // namespace phonghop::storage::transfer
