#include "common/random.h"

#include <sodium.h>

#include <stdexcept>

namespace phonghop {
namespace {
void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::runtime_error("libsodium failed to initialise");
}
}  // namespace

std::string RandomBase62(size_t length) {
  EnsureSodium();
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string out;
  out.reserve(length);
  for (size_t i = 0; i < length; ++i) {
    out += kAlphabet[randombytes_uniform(62)];  // uniform, no modulo bias
  }
  return out;
}

std::string RandomHex(size_t bytes) {
  EnsureSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  hex.resize(bytes * 2);
  return hex;
}

}  // namespace phonghop
