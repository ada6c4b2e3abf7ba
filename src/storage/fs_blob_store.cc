#include "storage/fs_blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace phonghop::storage {

namespace fs = std::filesystem;

namespace {
bool IsHexSha(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}
void FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}
}  // namespace

FsBlobStore::FsBlobStore(std::string root) : root_(std::move(root)) {
  std::error_code ec;
  fs::create_directories(root_ + "/tmp", ec);
}

std::string FsBlobStore::PathFor(const std::string& sha) const {
  return root_ + "/" + sha.substr(0, 2) + "/" + sha;
}

Result<std::string> FsBlobStore::Put(const std::string& temp_path, const std::string& sha) {
  if (!IsHexSha(sha)) return Status::InvalidArgument("mã băm không hợp lệ");
  std::string final_path = PathFor(sha);
  std::error_code ec;
  if (fs::exists(final_path, ec)) {
    ::unlink(temp_path.c_str());  // identical content is stored once
    return final_path;
  }
  fs::create_directories(fs::path(final_path).parent_path(), ec);
  if (ec) return Status::Unavailable("không tạo được thư mục lưu tệp");
  FsyncPath(temp_path, O_RDONLY);
  if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    // Different file system: copy, then the same durability steps.
    fs::copy_file(temp_path, final_path + ".part", fs::copy_options::overwrite_existing, ec);
    if (ec) return Status::Unavailable("không lưu được tệp");
    FsyncPath(final_path + ".part", O_RDONLY);
    fs::rename(final_path + ".part", final_path, ec);
    ::unlink(temp_path.c_str());
    if (ec) return Status::Unavailable("không lưu được tệp");
  }
  ::chmod(final_path.c_str(), 0640);
  FsyncPath(fs::path(final_path).parent_path().string(), O_RDONLY | O_DIRECTORY);
  return final_path;
}

Result<std::string> FsBlobStore::PathOf(const std::string& sha) const {
  if (!IsHexSha(sha)) return Status::NotFound("không có tệp");
  std::string p = PathFor(sha);
  std::error_code ec;
  if (!fs::exists(p, ec)) return Status::NotFound("tệp của tài liệu bị thiếu trong kho");
  return p;
}

Status FsBlobStore::Remove(const std::string& sha) {
  if (!IsHexSha(sha)) return Status::InvalidArgument("mã băm không hợp lệ");
  std::error_code ec;
  fs::remove(PathFor(sha), ec);
  return Status::Ok();
}

}  // namespace phonghop::storage
