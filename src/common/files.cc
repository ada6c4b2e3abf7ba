#include "common/files.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace phonghop {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) Reset(o.Release());
  return *this;
}

void UniqueFd::Reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

void UnlinkOnExit::Now() {
  if (!path_.empty()) ::unlink(path_.c_str());
  path_.clear();
}

TempFile::TempFile(std::string path, int fd)
    : unlink_(std::make_unique<UnlinkOnExit>(std::move(path))), fd_(fd) {}

Result<TempFile> TempFile::Create(const std::string& dir, const std::string& prefix) {
  std::string pattern = dir + "/" + prefix + "XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  int fd = ::mkstemp(buf.data());
  if (fd < 0)
    return Status::Unavailable("không tạo được tệp tạm trong " + dir + ": " + std::strerror(errno));
  return TempFile(std::string(buf.data()), fd);
}

std::string TempFile::Release() {
  fd_.Reset();
  return unlink_->Release();
}

int RemoveStaleTempFiles(const std::string& dir, const std::string& owned_prefix, int64_t min_age_s) {
  namespace fs = std::filesystem;
  std::error_code ec;
  int n = 0;
  const auto now = fs::file_time_type::clock::now();
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    bool stale = name.rfind(owned_prefix, 0) == 0;
    if (!stale) {
      auto t = fs::last_write_time(e.path(), ec);
      stale = !ec && now - t > std::chrono::seconds(min_age_s);
    }
    if (stale && fs::remove_all(e.path(), ec) > 0) ++n;
  }
  return n;
}

Result<UniqueFd> LockExclusive(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
  if (!fd.valid()) return Status::Unavailable("không mở được " + path + ": " + std::strerror(errno));
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) return Status::Conflict(path + " đang bị một tiến trình khác giữ");
    return Status::Unavailable("không khóa được " + path + ": " + std::strerror(errno));
  }
  return fd;
}

}  // namespace phonghop
