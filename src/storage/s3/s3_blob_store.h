// Content-addressed blobs in an S3 bucket (Ceph radosgw, Swift s3api or a
// hosted S3), with this node's folder as a read-through cache so files
// still go out with sendfile(2) (decision 510).
//
// Keys: PREFIX + ab/abcdef…(sha256). Put uploads to S3 first, sending the
// SHA-256 so the store verifies the bytes, and only then keeps the file in
// the local cache: when Put returns OK the bytes are in the bucket, so a
// document row written afterwards never points at a missing object. PathOf
// serves the cached copy, or downloads it (resuming a cut transfer with
// Range, checking its SHA-256) into the cache.
//
// Thread-safe (the client's pool; the cache's renames are atomic). PathOf on
// a cache miss and Put/Remove block on the network: blocking pool only.
#pragma once

#include <memory>
#include <string>

#include "documents/ports.h"
#include "storage/fs_blob_store.h"
#include "storage/s3/cache_budget.h"
#include "storage/s3/s3_client.h"

namespace phonghop::storage::s3 {

class S3BlobStore final : public documents::BlobStore {
 public:
  // `cache_root`: this node's folder of copies (created if missing);
  // `key_prefix`: "sha256/" for documents, "page-images/" for pictures;
  // `budget`: the size bound the cache shares with the node's other S3
  // caches (null = unbounded); the files already cached are taken in.
  S3BlobStore(std::shared_ptr<S3Client> client, std::string cache_root, std::string key_prefix,
              std::shared_ptr<CacheBudget> budget = nullptr);

  // kUnavailable (store down: nothing stored, the temp file is left to the
  // caller), kInternal (the store refused bytes not matching `sha256`),
  // kInvalidArgument (not a SHA-256). Returns the cached copy's path.
  Result<std::string> Put(const std::string& temp_path, const std::string& sha256) override;
  // kNotFound (not in the bucket), kUnavailable (store down and not cached).
  Result<std::string> PathOf(const std::string& sha256) const override;
  std::string LocalPath(const std::string& sha256) const override;
  // Deletes the object and the cached copy. kUnavailable when the store is down.
  Status Remove(const std::string& sha256) override;

  // The object key of a blob (for tests and tools).
  std::string KeyFor(const std::string& sha256) const;
  std::string TempDir() const { return cache_.TempDir(); }

 private:
  std::shared_ptr<S3Client> client_;
  mutable FsBlobStore cache_;  // its own operations are thread-safe
  std::string prefix_;
  std::shared_ptr<CacheBudget> budget_;
  // Records a use (and, for a new file, its size); evicts past the bound.
  void Used(const std::string& path, bool added) const;
};

}  // namespace phonghop::storage::s3
