// Open descriptors of immutable files, kept by each network thread.
//
// Document files are content-addressed (their name is their SHA-256): the
// bytes behind a path never change, so one descriptor can serve every
// request for them — sendfile and pread take an explicit offset and leave
// the file position alone. A PDF.js reader asks for a document in dozens of
// 64 KiB ranges; this saves an open and a close (a path walk) on each.
//
// Thread rule: one cache per network thread (thread_local in the server), so
// no locking. Bounded: the least recently used descriptor is closed when the
// cache is full, so a deleted document's disk space comes back after at most
// `capacity` other documents have been read on each thread (or at restart).
#pragma once

#include <string>
#include <vector>

namespace phonghop::http {

class ImmutableFds {
 public:
  explicit ImmutableFds(size_t capacity = 32) : capacity_(capacity) {}
  ~ImmutableFds();
  ImmutableFds(const ImmutableFds&) = delete;
  ImmutableFds& operator=(const ImmutableFds&) = delete;

  // A descriptor of `path` owned by the cache (do not close it), or -1 with
  // errno set when the file cannot be opened.
  int Get(const std::string& path);
  // Closes every descriptor (tests; a restore that replaced the blobs).
  void Clear();
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string path;
    int fd;
  };
  size_t capacity_;
  std::vector<Entry> entries_;  // most recently used first
};

}  // namespace phonghop::http
