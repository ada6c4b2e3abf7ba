// The append-only record of every change and check-in: who, what, when,
// from where. Entries are never updated or deleted (the store refuses it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace phonghop::audit {

struct Entry {
  int64_t id = 0;
  int64_t at = 0;           // Unix seconds
  std::string actor;        // "admin (admin)", "Lâm Ngọc Ánh (delegate)", "cli"
  std::string action;       // "POST /api/v1/congresses/demo/documents"
  std::string outcome;      // "201"
  std::string address;      // remote IP
};

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  virtual Status Append(const Entry& e) = 0;
  // Newest first, at most `limit`, before id `before` (0 = latest).
  virtual Result<std::vector<Entry>> List(int limit, int64_t before) = 0;
};

}  // namespace phonghop::audit
