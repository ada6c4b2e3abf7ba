#include "storage/sqlite/sqlite_audit_log.h"

namespace phonghop::storage {

Status SqliteAuditLog::Append(const audit::Entry& e) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare("INSERT INTO audit_log(at, actor, action, outcome, address) VALUES (?,?,?,?,?)")
          .Bind(1, e.at).Bind(2, e.actor).Bind(3, e.action).Bind(4, e.outcome).Bind(5, e.address).Exec();
    });
    return Status::Ok();
  });
}

Result<std::vector<audit::Entry>> SqliteAuditLog::List(int limit, int64_t before) {
  return Guard([&]() -> Result<std::vector<audit::Entry>> {
    return db_.Read([&](Connection& c) {
      std::vector<audit::Entry> out;
      auto s = c.Prepare(
          "SELECT id, at, actor, action, outcome, address FROM audit_log WHERE (?1 = 0 OR id < ?1) "
          "ORDER BY id DESC LIMIT ?2");
      s.Bind(1, before).Bind(2, limit);
      while (s.Step()) out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)});
      return out;
    });
  });
}

}  // namespace phonghop::storage
