// audit::AuditLog in PostgreSQL; a trigger makes the table append-only
// (UPDATE, DELETE and TRUNCATE are refused).
#pragma once

#include "audit/audit_log.h"
#include "storage/postgres/pg_db.h"

namespace phonghop::storage::pg {

class PgAuditLog final : public audit::AuditLog {
 public:
  explicit PgAuditLog(PgDatabase& db) : db_(db) {}
  Status Append(const audit::Entry& e) override;
  Result<std::vector<audit::Entry>> List(int limit, int64_t before) override;

 private:
  PgDatabase& db_;
};

}  // namespace phonghop::storage::pg
