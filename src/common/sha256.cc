#include "common/sha256.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

namespace phonghop {

Result<std::pair<std::string, uint64_t>> Sha256File(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound("không đọc được tệp");
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  unsigned char buf[1 << 16];
  uint64_t size = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      ::close(fd);
      return Status::Unavailable("lỗi đọc tệp");
    }
    if (n == 0) break;
    crypto_hash_sha256_update(&st, buf, static_cast<unsigned long long>(n));
    size += static_cast<uint64_t>(n);
  }
  ::close(fd);
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, out);
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return std::make_pair(std::string(hex), size);
}

std::string Sha256Hex(std::string_view data) {
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

}  // namespace phonghop
