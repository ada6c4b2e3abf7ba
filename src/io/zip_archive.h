// Reading and writing ZIP containers (XLSX, DOCX, ODT) with libzip, guarded
// against zip bombs: every entry is read with a hard cap on its inflated
// size, whatever its header claims.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace phonghop::io {

struct ZipLimits {
  size_t max_entry_bytes = 64u << 20;   // one inflated entry
  size_t max_total_bytes = 256u << 20;  // all entries read from one archive
  size_t max_entries = 10000;
};

class ZipReader {
 public:
  // kInvalidArgument when `data` is not a ZIP archive or has too many entries.
  // `data` must outlive the reader.
  static Result<std::unique_ptr<ZipReader>> Open(std::string_view data,
                                                 ZipLimits limits = {});
  ~ZipReader();
  bool Has(const std::string& name) const;
  // kNotFound when absent; kInvalidArgument when corrupt or over the limits.
  Result<std::string> Read(const std::string& name);
  std::vector<std::string> Names() const;

 private:
  ZipReader() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Builds a ZIP archive in memory from (name, content) pairs, deflated.
Result<std::string> WriteZip(
    const std::vector<std::pair<std::string, std::string>>& entries);

}  // namespace phonghop::io
