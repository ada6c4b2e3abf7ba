// Server-wide settings kept in the database (e.g. the public base URL that
// QR codes point to), so the CLI and the server agree.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "storage/settings.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {

class SqliteSettings : public Settings {
 public:
  explicit SqliteSettings(SqliteDatabase& db) : db_(db) {}
  Result<std::optional<std::string>> Get(const std::string& key) override;
  Status Set(const std::string& key, const std::string& value) override;

 private:
  SqliteDatabase& db_;
};

}  // namespace phonghop::storage
