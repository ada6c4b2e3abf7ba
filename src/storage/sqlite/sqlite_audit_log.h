// audit::AuditLog in SQLite; triggers make the table append-only.
#pragma once

#include "audit/audit_log.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {

class SqliteAuditLog final : public audit::AuditLog {
 public:
  explicit SqliteAuditLog(SqliteDatabase& db) : db_(db) {}
  Status Append(const audit::Entry& e) override;
  Result<std::vector<audit::Entry>> List(int limit, int64_t before) override;

 private:
  SqliteDatabase& db_;
};

}  // namespace phonghop::storage
