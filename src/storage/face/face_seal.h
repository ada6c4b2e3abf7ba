// Sealing of face data (embeddings, kept photos) under a per-delegate key
// (decision 534, built in decision 550). libsodium's
// XChaCha20-Poly1305 (IETF AEAD): a random 192-bit nonce per value, so
// random nonces never repeat in practice, and the congress and delegate ids
// are authenticated with the value (associated data), so a sealed value
// copied onto another delegate's row does not open.
//
// Layout (binary): "PHF1" | congress id (8, big-endian) | delegate id (8) |
// nonce (24) | ciphertext + tag (16). The ids are in clear in the header so
// a reader knows which key to fetch; they are not secret (they are the
// row's own columns).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace phonghop::storage::face {

inline constexpr size_t kFaceKeyBytes = 32;

struct SealedHeader {
  int64_t congress_id = 0;
  int64_t delegate_id = 0;
};

// Seals `plain` for (congress, delegate) under `key` (kFaceKeyBytes).
// Thread-safe.
std::string SealFace(std::string_view key, int64_t congress_id, int64_t delegate_id, std::string_view plain);
// The ids of a sealed value, or nullopt when `sealed` is not in the layout
// above (a plaintext value of before the migration, or garbage).
std::optional<SealedHeader> ReadSealedHeader(std::string_view sealed);
// The plaintext, or nullopt when `sealed` is malformed, was sealed for other
// ids, or not under `key` (a destroyed-and-remade key included). Thread-safe.
std::optional<std::string> OpenFace(std::string_view key, std::string_view sealed);

}  // namespace phonghop::storage::face
