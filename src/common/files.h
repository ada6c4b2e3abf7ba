// Small owners of operating-system resources, so no module writes its own
// RAII struct: a file descriptor, a temp file named by mkstemp, and a path
// removed when its owner goes out of scope. Not thread-safe (one owner).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "common/status.h"

namespace phonghop {

// Closes the descriptor on destruction. -1 means "none".
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() { return std::exchange(fd_, -1); }
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

// Unlinks `path` on destruction unless released; Now() unlinks at once.
class UnlinkOnExit {
 public:
  explicit UnlinkOnExit(std::string path) : path_(std::move(path)) {}
  UnlinkOnExit(const UnlinkOnExit&) = delete;
  UnlinkOnExit& operator=(const UnlinkOnExit&) = delete;
  ~UnlinkOnExit() { Now(); }
  void Now();
  std::string Release() { return std::exchange(path_, std::string()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A new, empty file created with mkstemp in `dir` (mode 0600), named
// `dir/<prefix>XXXXXX`; removed on destruction unless Release()d.
// kUnavailable when the file cannot be created.
class TempFile {
 public:
  static Result<TempFile> Create(const std::string& dir, const std::string& prefix);
  TempFile(TempFile&&) = default;
  TempFile& operator=(TempFile&&) = default;

  const std::string& path() const { return unlink_->path(); }
  int fd() const { return fd_.get(); }
  // Keeps the file on disk and returns its path (the descriptor is closed).
  std::string Release();

 private:
  TempFile(std::string path, int fd);
  std::unique_ptr<UnlinkOnExit> unlink_;
  UniqueFd fd_;
};

// Removes leftovers of killed processes from the temp folder `dir`: every
// entry named `<owned_prefix>*` (only the caller creates those) and every
// other entry not modified for `min_age_s` seconds. Returns how many.
int RemoveStaleTempFiles(const std::string& dir, const std::string& owned_prefix, int64_t min_age_s);

// Takes an exclusive advisory lock (flock) on `path`, creating it (0600).
// The lock lasts while the returned descriptor is open (and ends with the
// process, even on kill -9). kConflict when another process holds it.
Result<UniqueFd> LockExclusive(const std::string& path);

}  // namespace phonghop
