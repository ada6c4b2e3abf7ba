#include "storage/face/face_key_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "storage/face/face_seal.h"

namespace phonghop::storage::face {
namespace {

Status Unavailable(const std::string& what, const std::string& path) {
  return Status::Unavailable("kho khóa khuôn mặt: " + what + " (" + path + "): " + std::strerror(errno));
}

void FsyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    (void)::fsync(fd);
    ::close(fd);
  }
}

// Reads a whole key file: the key, kNotFound when missing, kUnavailable on
// other errors or a file of the wrong size (a damaged key opens nothing).
Result<std::string> ReadKey(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("không có khóa khuôn mặt");
    return Unavailable("không đọc được khóa", path);
  }
  std::string key(kFaceKeyBytes + 1, '\0');
  ssize_t n = ::read(fd, key.data(), key.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(kFaceKeyBytes))
    return Status::Unavailable("kho khóa khuôn mặt: tệp khóa hỏng (" + path + ")");
  key.resize(kFaceKeyBytes);
  return key;
}

bool MakeDir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) return true;
  return false;
}

}  // namespace

Result<std::unique_ptr<DirFaceKeyStore>> DirFaceKeyStore::Open(const std::string& dir) {
  if (sodium_init() < 0) return Status::Internal("libsodium không khởi động được");
  if (dir.empty()) return Status::InvalidArgument("--face-keys: thiếu thư mục");
  if (!MakeDir(dir)) return Unavailable("không tạo được thư mục", dir);
  ::chmod(dir.c_str(), 0700);
  return std::unique_ptr<DirFaceKeyStore>(new DirFaceKeyStore(dir));
}

std::string DirFaceKeyStore::CongressDir(int64_t congress_id) const {
  return dir_ + "/" + std::to_string(congress_id);
}

std::string DirFaceKeyStore::KeyPath(int64_t congress_id, int64_t delegate_id) const {
  return CongressDir(congress_id) + "/" + std::to_string(delegate_id) + ".key";
}

Result<std::string> DirFaceKeyStore::Get(int64_t congress_id, int64_t delegate_id) {
  return ReadKey(KeyPath(congress_id, delegate_id));
}

Result<std::string> DirFaceKeyStore::GetOrCreate(int64_t congress_id, int64_t delegate_id) {
  const std::string path = KeyPath(congress_id, delegate_id);
  auto have = ReadKey(path);
  if (have.ok() || have.status().code() != StatusCode::kNotFound) return have;
  const std::string dir = CongressDir(congress_id);
  if (!MakeDir(dir)) return Unavailable("không tạo được thư mục", dir);
  // Written in full and fsynced under a private name, then linked into
  // place: link(2) fails if another writer (thread or node) got there
  // first, and then everyone uses that key.
  char rnd[9];
  randombytes_buf(rnd, 8);
  std::string tmp = dir + "/.tmp-";
  for (int i = 0; i < 8; ++i) tmp += "0123456789abcdef"[static_cast<unsigned char>(rnd[i]) & 15];
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Unavailable("không tạo được khóa", tmp);
  std::string key(kFaceKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    return Unavailable("không ghi được khóa", tmp);
  }
  int linked = ::link(tmp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  FsyncDir(dir);
  if (linked != 0) {
    if (link_errno == EEXIST) return ReadKey(path);
    errno = link_errno;
    return Unavailable("không lưu được khóa", path);
  }
  return key;
}

Status DirFaceKeyStore::Destroy(int64_t congress_id, int64_t delegate_id) {
  const std::string path = KeyPath(congress_id, delegate_id);
  // Overwrite first: on a plain local file system the old blocks then hold
  // zeros (copy-on-write file systems and SSD remapping may keep them: the
  // operator's duty in docs/deployment.md).
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::Ok();
    return Unavailable("không mở được khóa để hủy", path);
  }
  const std::string zeros(kFaceKeyBytes, '\0');
  (void)!::pwrite(fd, zeros.data(), zeros.size(), 0);
  (void)::fsync(fd);
  ::close(fd);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return Unavailable("không hủy được khóa", path);
  FsyncDir(CongressDir(congress_id));
  return Status::Ok();
}

Status DirFaceKeyStore::DestroyDelegate(int64_t delegate_id) {
  // One folder per congress: a few dozen at most, so a scan is cheap.
  std::vector<int64_t> congresses;
  DIR* d = ::opendir(dir_.c_str());
  if (!d) return Unavailable("không đọc được thư mục khóa", dir_);
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    try {
      congresses.push_back(std::stoll(name));
    } catch (...) {
    }
  }
  ::closedir(d);
  for (int64_t c : congresses) PH_RETURN_IF_ERROR(Destroy(c, delegate_id));
  return Status::Ok();
}

Result<int> DirFaceKeyStore::DestroyCongress(int64_t congress_id) {
  const std::string dir = CongressDir(congress_id);
  std::vector<int64_t> delegates;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 4 && name.ends_with(".key")) {
        try {
          delegates.push_back(std::stoll(name.substr(0, name.size() - 4)));
        } catch (...) {
        }
      }
    }
    ::closedir(d);
  } else if (errno == ENOENT) {
    return 0;
  } else {
    return Unavailable("không đọc được thư mục khóa", dir);
  }
  int n = 0;
  for (int64_t id : delegates) {
    PH_RETURN_IF_ERROR(Destroy(congress_id, id));
    ++n;
  }
  return n;
}

}  // namespace phonghop::storage::face
