// A small S3 client over libcurl, signing every request with libcurl's
// built-in AWS Signature V4 (CURLOPT_AWS_SIGV4, curl ≥ 7.75). Path-style
// URLs (ENDPOINT/BUCKET/KEY), which Ceph radosgw, Swift's s3api and most
// hosted S3 services accept.
//
// Thread safety: every method may be called from any thread at once. Each
// call borrows a curl easy handle from a small pool for its duration (a
// handle is never used by two threads at once; it keeps its connection
// alive for the next borrower) and gives it back; at most kMaxIdleHandles
// stay open. Calls block for the network round trips: call them from the
// blocking pool or the OCR thread, never on a network thread
// (docs/architecture.md, thread table).
//
// Errors: a store that cannot be reached, answers 5xx, refuses the
// credentials (403) or stalls → kUnavailable; 404 → kNotFound; bytes that
// do not match the SHA-256 sent → kInternal (nothing is stored). Messages
// are Vietnamese and never carry the credentials.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/s3/s3_config.h"

namespace phonghop::storage::s3 {

class S3Client {
 public:
  static constexpr size_t kMaxIdleHandles = 16;

  explicit S3Client(S3Config config);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Uploads the file at `path` as `key`, sending `sha256` (lower-case hex)
  // as x-amz-content-sha256: the store computes the hash of what it
  // received and refuses (kInternal, nothing stored) when they differ.
  Status PutFile(const std::string& key, const std::string& path, const std::string& sha256);
  // The object's size; kNotFound when absent.
  Result<uint64_t> Head(const std::string& key);
  // Appends the object's bytes from `offset` to the end onto `fd` (open
  // for writing, positioned by the caller). `*received` grows by what was
  // written, also on failure, so a cut transfer can resume from there.
  Status GetToFd(const std::string& key, int fd, uint64_t offset, uint64_t* received);
  // Bytes [offset, offset + length) of the object (HTTP Range).
  Result<std::string> GetRange(const std::string& key, uint64_t offset, uint64_t length);
  // Deletes the object (absent is fine).
  Status Delete(const std::string& key);
  // Creates the bucket if it does not exist yet.
  Status EnsureBucket();
  // "http://127.0.0.1:7480/phonghop" — for logs (no credentials).
  std::string Describe() const { return config_.endpoint + "/" + config_.bucket; }

  // One request's options and results (defined in the .cc; public only so
  // libcurl's C callbacks there can name it).
  struct Call;

 private:
  void* Acquire();
  void Release(void* handle);
  // Runs one request; fills the HTTP status and the start of an error body.
  Status Perform(Call& call);
  std::string UrlFor(const std::string& key) const;

  const S3Config config_;
  const std::string sigv4_;  // "aws:amz:REGION:s3"
  std::mutex mu_;
  std::vector<void*> idle_;  // CURL* handles not in use
};

}  // namespace phonghop::storage::s3
