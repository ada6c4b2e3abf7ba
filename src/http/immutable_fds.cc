#include "http/immutable_fds.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

namespace phonghop::http {

ImmutableFds::~ImmutableFds() { Clear(); }

void ImmutableFds::Clear() {
  for (const auto& e : entries_) ::close(e.fd);
  entries_.clear();
}

int ImmutableFds::Get(const std::string& path) {
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].path != path) continue;
    if (i > 0) std::rotate(entries_.begin(), entries_.begin() + static_cast<long>(i),
                           entries_.begin() + static_cast<long>(i) + 1);
    return entries_.front().fd;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  if (capacity_ == 0) capacity_ = 1;
  if (entries_.size() >= capacity_) {
    ::close(entries_.back().fd);
    entries_.pop_back();
  }
  entries_.insert(entries_.begin(), Entry{path, fd});
  return fd;
}

}  // namespace phonghop::http
