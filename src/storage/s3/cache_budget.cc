#include "storage/s3/cache_budget.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "common/log.h"

namespace phonghop::storage::s3 {

namespace fs = std::filesystem;

void CacheBudget::AddExisting(const std::string& root) {
  struct Found {
    std::string path;
    uint64_t size;
    int64_t mtime;
  };
  std::vector<Found> found;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    // Skip the temp folder (uploads and fetches in progress).
    if (it->is_directory(ec) && it->path().filename() == "tmp") {
      it.disable_recursion_pending();
      continue;
    }
    struct stat st {};
    if (it->is_regular_file(ec) && it->path().filename().string().size() == 64 &&
        ::stat(it->path().c_str(), &st) == 0)
      found.push_back({it->path().string(), static_cast<uint64_t>(st.st_size), st.st_mtime});
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.mtime < b.mtime; });
  std::lock_guard lock(mu_);
  // Old files count as long unused: the pin protects only this run's uses.
  for (const auto& f : found) TouchLocked(f.path, f.size, std::min<int64_t>(f.mtime, clock_.NowUnix() - pin_ - 1));
}

void CacheBudget::TouchLocked(const std::string& path, uint64_t size, int64_t at) {
  if (auto it = index_.find(path); it != index_.end()) {
    it->second->used_at = at;
    lru_.splice(lru_.end(), lru_, it->second);
    return;
  }
  lru_.push_back({path, size, at});
  index_[path] = std::prev(lru_.end());
  bytes_ += size;
}

void CacheBudget::Touch(const std::string& path, uint64_t size) {
  {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(path); it != index_.end()) {
      it->second->used_at = clock_.NowUnix();
      lru_.splice(lru_.end(), lru_, it->second);
      return;
    }
  }
  if (size == 0) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return;
    size = static_cast<uint64_t>(st.st_size);
  }
  std::lock_guard lock(mu_);
  TouchLocked(path, size, clock_.NowUnix());
}

void CacheBudget::Forget(const std::string& path) {
  std::lock_guard lock(mu_);
  auto it = index_.find(path);
  if (it == index_.end()) return;
  bytes_ -= it->second->size;
  lru_.erase(it->second);
  index_.erase(it);
}

int CacheBudget::Evict() {
  if (max_ == 0) return 0;
  std::vector<std::string> doomed;
  {
    std::lock_guard lock(mu_);
    if (bytes_ <= max_) return 0;
    const int64_t pinned_since = clock_.NowUnix() - pin_;
    for (auto it = lru_.begin(); it != lru_.end() && bytes_ > max_;) {
      // The list is in use order, so the first pinned entry ends the walk.
      if (it->used_at > pinned_since) break;
      bytes_ -= it->size;
      doomed.push_back(it->path);
      index_.erase(it->path);
      it = lru_.erase(it);
    }
    if (bytes_ > max_)
      log::Warn("blob cache over its bound (" + std::to_string(bytes_ >> 20) + " MB of " +
                std::to_string(max_ >> 20) + " MB): the rest was used in the last " + std::to_string(pin_) +
                " s and is kept");
  }
  // Outside the lock: a reply that already opened one of these keeps
  // sending it (the descriptor holds the bytes).
  for (const auto& p : doomed) ::unlink(p.c_str());
  return static_cast<int>(doomed.size());
}

uint64_t CacheBudget::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

size_t CacheBudget::files() const {
  std::lock_guard lock(mu_);
  return lru_.size();
}

}  // namespace phonghop::storage::s3
