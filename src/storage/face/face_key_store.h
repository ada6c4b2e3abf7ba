// Where the per-delegate face keys live (decisions 534, 550): outside the
// database and its backups, so destroying a key erases every copy of that
// delegate's sealed face data — dead tuples, WAL, standbys, backups of any
// age — at once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"

namespace phonghop::storage::face {

class FaceKeyStore {
 public:
  virtual ~FaceKeyStore() = default;
  // The key of (congress, delegate). kNotFound when there is none (never
  // made, or destroyed); kUnavailable when the store can't be read.
  virtual Result<std::string> Get(int64_t congress_id, int64_t delegate_id) = 0;
  // The key, made now when missing; two callers at once (or two nodes
  // sharing the store) get the same key. kUnavailable when it can't be
  // written.
  virtual Result<std::string> GetOrCreate(int64_t congress_id, int64_t delegate_id) = 0;
  // Destroys the key; Ok when there was none. kUnavailable when it could
  // not be removed (the key may still exist: retry).
  virtual Status Destroy(int64_t congress_id, int64_t delegate_id) = 0;
  // Destroys the delegate's key whatever its congress (the deletion routes
  // know the delegate); Ok when there was none.
  virtual Status DestroyDelegate(int64_t delegate_id) = 0;
  // Destroys every key of the congress; returns how many went.
  virtual Result<int> DestroyCongress(int64_t congress_id) = 0;
  // Where the keys are, for logs and `serve`'s start line.
  virtual std::string Describe() const = 0;
};

// Keys as files DIR/<congress id>/<delegate id>.key (32 random bytes, mode
// 0600; folders 0700). Every node of a cluster must see the same DIR (a
// shared mount): docs/deployment.md says what the operator owes it. Files
// are created by link(2) from a temporary (atomic, also on NFS), destroyed
// by overwriting with zeros, unlinking and fsyncing the folder. Thread-safe.
class DirFaceKeyStore final : public FaceKeyStore {
 public:
  // Creates DIR (0700) when missing. kUnavailable when it can't.
  static Result<std::unique_ptr<DirFaceKeyStore>> Open(const std::string& dir);

  Result<std::string> Get(int64_t congress_id, int64_t delegate_id) override;
  Result<std::string> GetOrCreate(int64_t congress_id, int64_t delegate_id) override;
  Status Destroy(int64_t congress_id, int64_t delegate_id) override;
  Status DestroyDelegate(int64_t delegate_id) override;
  Result<int> DestroyCongress(int64_t congress_id) override;
  std::string Describe() const override { return dir_; }

 private:
  explicit DirFaceKeyStore(std::string dir) : dir_(std::move(dir)) {}
  std::string CongressDir(int64_t congress_id) const;
  std::string KeyPath(int64_t congress_id, int64_t delegate_id) const;
  std::string dir_;
};

}  // namespace phonghop::storage::face
