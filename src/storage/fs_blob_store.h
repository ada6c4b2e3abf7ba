// Content-addressed blobs on the local file system:
// DIR/blobs/ab/abcdef…(sha256). Written durably: the file and its directory
// are fsynced before Put returns.
#pragma once

#include "documents/ports.h"

namespace phonghop::storage {

class FsBlobStore final : public documents::BlobStore {
 public:
  // `root` is created if missing.
  explicit FsBlobStore(std::string root);
  Result<std::string> Put(const std::string& temp_path, const std::string& sha256) override;
  Result<std::string> PathOf(const std::string& sha256) const override;
  Status Remove(const std::string& sha256) override;
  // A temp directory on the same file system, so Put is a rename.
  std::string TempDir() const { return root_ + "/tmp"; }

 private:
  std::string PathFor(const std::string& sha256) const;
  std::string root_;
};

}  // namespace phonghop::storage
