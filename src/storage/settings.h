// Server-wide settings kept in the database (e.g. the public base URL that
// QR codes point to), so the CLI and every server node agree. Implemented by
// storage/sqlite and storage/postgres.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"

namespace phonghop::storage {

// Thread-safe.
class Settings {
 public:
  virtual ~Settings() = default;
  // The value, or nullopt when the key was never set.
  virtual Result<std::optional<std::string>> Get(const std::string& key) = 0;
  // Sets (or replaces) the value.
  virtual Status Set(const std::string& key, const std::string& value) = 0;
};

}  // namespace phonghop::storage
