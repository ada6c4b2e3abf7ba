// Authenticated symmetric encryption of short secrets (libsodium's
// crypto_secretbox: XSalsa20-Poly1305) under one key kept in the data
// directory. Used to keep badge tokens readable by staff for reprinting
// while the lookup column stays a hash.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace phonghop {

class SecretBox {
 public:
  // Loads the 32-byte key from `key_path`, creating it (mode 0600) with
  // random bytes when missing. kUnavailable if it can't be read or written,
  // kInvalidArgument if the file has the wrong size.
  static Result<SecretBox> OpenOrCreate(const std::string& key_path);
  // For tests: a key made of `key` (must be 32 bytes).
  explicit SecretBox(std::string key) : key_(std::move(key)) {}

  // Returns hex(nonce ‖ ciphertext). Thread-safe.
  std::string Seal(std::string_view plaintext) const;
  // The plaintext, or nullopt when `sealed` is malformed or was not sealed
  // with this key. Thread-safe.
  std::optional<std::string> Open(std::string_view sealed) const;

 private:
  std::string key_;
};

}  // namespace phonghop
