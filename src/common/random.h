// Cryptographically secure random identifiers (libsodium's randombytes).
#pragma once

#include <string>

namespace phonghop {

// Returns `length` characters drawn uniformly from [0-9A-Za-z] (base62):
// used for short unguessable URL codes and tokens.
std::string RandomBase62(size_t length);

// Returns `bytes` random bytes as lower-case hex.
std::string RandomHex(size_t bytes);

// Abstract id source so tests can make ids deterministic.
class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  virtual std::string NewCode(size_t length) = 0;
};

class SecureIdGenerator final : public IdGenerator {
 public:
  std::string NewCode(size_t length) override { return RandomBase62(length); }
};

}  // namespace phonghop
