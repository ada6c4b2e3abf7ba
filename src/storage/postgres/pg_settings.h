// storage::Settings in PostgreSQL.
#pragma once

#include "storage/postgres/pg_db.h"
#include "storage/settings.h"

namespace phonghop::storage::pg {

class PgSettings final : public Settings {
 public:
  explicit PgSettings(PgDatabase& db) : db_(db) {}
  Result<std::optional<std::string>> Get(const std::string& key) override;
  Status Set(const std::string& key, const std::string& value) override;

 private:
  PgDatabase& db_;
};

}  // namespace phonghop::storage::pg
