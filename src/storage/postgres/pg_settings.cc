#include "storage/postgres/pg_settings.h"

namespace phonghop::storage::pg {

Result<std::optional<std::string>> PgSettings::Get(const std::string& key) {
  return PgGuard([&]() -> Result<std::optional<std::string>> {
    return db_.Read([&](PgConnection& c) -> std::optional<std::string> {
      auto r = c.Q("SELECT value FROM settings WHERE key = $1", key);
      if (r.empty()) return std::nullopt;
      return r.Text(0, 0);
    });
  });
}

Status PgSettings::Set(const std::string& key, const std::string& value) {
  return PgGuard([&]() -> Status {
    db_.Read([&](PgConnection& c) {
      c.Q("INSERT INTO settings(key, value) VALUES ($1, $2) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value);
    });
    return Status::Ok();
  });
}

}  // namespace phonghop::storage::pg
