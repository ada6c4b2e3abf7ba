#include "app/first_run.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/random.h"

namespace phonghop::app {
namespace {

bool WritePrivate(const std::string& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
  ::fsync(fd);
  ::close(fd);
  return ok;
}

std::string ReadSmall(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

bool FirstRun::Needed() {
  auto users = auth_.Users();
  if (!users.ok()) return false;
  for (const auto& u : *users)
    if (u.role == congress::Role::kAdmin && !u.disabled) return false;
  return true;
}

Result<std::optional<std::string>> FirstRun::Prepare() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!Needed()) {
    std::remove(TokenPath().c_str());
    std::remove(LinkPath().c_str());
    return std::optional<std::string>();
  }
  std::string token = ReadSmall(TokenPath());
  if (token.size() != 32) {
    token = RandomBase62(32);
    if (!WritePrivate(TokenPath(), token + "\n"))
      return Status::Unavailable("không ghi được " + TokenPath());
  }
  return std::optional<std::string>(token);
}

std::string FirstRun::KeepLink(const std::string& url) {
  WritePrivate(LinkPath(), url + "\n");
  return LinkPath();
}

Status FirstRun::Complete(const std::string& token, const std::string& name,
                          const std::string& password) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string expected = ReadSmall(TokenPath());
  bool match = expected.size() == 32 && token.size() == expected.size() &&
               sodium_memcmp(token.data(), expected.data(), expected.size()) == 0;
  if (!match || !Needed())
    return Status::PermissionDenied(
        "Liên kết thiết lập không còn hiệu lực (đã dùng, hoặc đã có tài khoản quản trị)");
  PH_RETURN_IF_ERROR(auth_.AddUser(name, congress::Role::kAdmin, password).status());
  std::remove(TokenPath().c_str());
  std::remove(LinkPath().c_str());
  return Status::Ok();
}

}  // namespace phonghop::app
