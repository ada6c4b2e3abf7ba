#include "storage/sqlite/sqlite_settings.h"

namespace phonghop::storage {

Result<std::optional<std::string>> SqliteSettings::Get(const std::string& key) {
  return Guard([&]() -> Result<std::optional<std::string>> {
    return db_.Read([&](Connection& c) -> std::optional<std::string> {
      auto s = c.Prepare("SELECT value FROM settings WHERE key = ?");
      s.Bind(1, key);
      if (!s.Step()) return std::nullopt;
      return s.Text(0);
    });
  });
}

Status SqliteSettings::Set(const std::string& key, const std::string& value) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
          .Bind(1, key).Bind(2, value).Exec();
    });
    return Status::Ok();
  });
}

}  // namespace phonghop::storage
