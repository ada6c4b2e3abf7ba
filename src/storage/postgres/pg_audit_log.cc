#include "storage/postgres/pg_audit_log.h"

namespace phonghop::storage::pg {

Status PgAuditLog::Append(const audit::Entry& e) {
  return PgGuard([&]() -> Status {
    db_.Read([&](PgConnection& c) {
      c.Q("INSERT INTO audit_log(at, actor, action, outcome, address) VALUES ($1,$2,$3,$4,$5)",
          e.at, e.actor, e.action, e.outcome, e.address);
    });
    return Status::Ok();
  });
}

Result<std::vector<audit::Entry>> PgAuditLog::List(int limit, int64_t before) {
  return PgGuard([&]() -> Result<std::vector<audit::Entry>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<audit::Entry> out;
      auto r = c.Q("SELECT id, at, actor, action, outcome, address FROM audit_log "
                   "WHERE ($1 = 0 OR id < $1) ORDER BY id DESC LIMIT $2", before, limit);
      for (int i = 0; i < r.size(); ++i)
        out.push_back({r.Int(i, 0), r.Int(i, 1), r.Text(i, 2), r.Text(i, 3), r.Text(i, 4), r.Text(i, 5)});
      return out;
    });
  });
}

}  // namespace phonghop::storage::pg
