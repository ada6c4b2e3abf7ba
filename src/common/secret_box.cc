#include "common/secret_box.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace phonghop {
namespace {

std::string ToHex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

}  // namespace

Result<SecretBox> SecretBox::OpenOrCreate(const std::string& key_path) {
  if (sodium_init() < 0) return Status::Internal("libsodium không khởi động được");
  std::ifstream in(key_path, std::ios::binary);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    std::string key = ss.str();
    if (key.size() != crypto_secretbox_KEYBYTES)
      return Status::InvalidArgument("tệp khóa " + key_path + " hỏng (sai kích thước)");
    return SecretBox(std::move(key));
  }
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  randombytes_buf(key.data(), key.size());
  // O_EXCL: two processes starting at once must not write two keys.
  int fd = ::open(key_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::ifstream again(key_path, std::ios::binary);
    std::stringstream ss;
    ss << again.rdbuf();
    if (ss.str().size() == crypto_secretbox_KEYBYTES) return SecretBox(ss.str());
    return Status::Unavailable("không tạo được tệp khóa " + key_path);
  }
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::Unavailable("không ghi được tệp khóa " + key_path);
  return SecretBox(std::move(key));
}

std::string SecretBox::Seal(std::string_view plaintext) const {
  std::string buf(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(buf.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, reinterpret_cast<const unsigned char*>(key_.data()));
  return ToHex(nonce, buf.size());
}

std::optional<std::string> SecretBox::Open(std::string_view sealed) const {
  if (sealed.size() % 2 != 0 ||
      sealed.size() < 2 * (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES))
    return std::nullopt;
  std::string bin(sealed.size() / 2, '\0');
  size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), sealed.data(),
                     sealed.size(), nullptr, &len, nullptr) != 0 ||
      len != bin.size())
    return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(bin.data());
  size_t clen = bin.size() - crypto_secretbox_NONCEBYTES;
  std::string out(clen - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, clen, nonce,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0)
    return std::nullopt;
  return out;
}

}  // namespace phonghop
