#include "storage/face/face_seal.h"

#include <sodium.h>

#include <cstring>

namespace phonghop::storage::face {
namespace {

constexpr char kMagic[4] = {'P', 'H', 'F', '1'};
constexpr size_t kHeader = 4 + 8 + 8;
constexpr size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kFaceKeyBytes);

void PutBe64(char* p, int64_t v) {
  auto u = static_cast<uint64_t>(v);
  for (int i = 7; i >= 0; --i, u >>= 8) p[i] = static_cast<char>(u & 0xff);
}

int64_t GetBe64(const char* p) {
  uint64_t u = 0;
  for (int i = 0; i < 8; ++i) u = (u << 8) | static_cast<unsigned char>(p[i]);
  return static_cast<int64_t>(u);
}

const unsigned char* U(const char* p) { return reinterpret_cast<const unsigned char*>(p); }

}  // namespace

std::string SealFace(std::string_view key, int64_t congress_id, int64_t delegate_id, std::string_view plain) {
  std::string out(kHeader + kNonce + plain.size() + kTag, '\0');
  std::memcpy(out.data(), kMagic, 4);
  PutBe64(out.data() + 4, congress_id);
  PutBe64(out.data() + 12, delegate_id);
  char* nonce = out.data() + kHeader;
  randombytes_buf(nonce, kNonce);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      reinterpret_cast<unsigned char*>(nonce + kNonce), &clen, U(plain.data()), plain.size(), U(out.data()),
      kHeader, nullptr, U(nonce), U(key.data()));
  out.resize(kHeader + kNonce + clen);
  return out;
}

std::optional<SealedHeader> ReadSealedHeader(std::string_view sealed) {
  if (sealed.size() < kHeader + kNonce + kTag || std::memcmp(sealed.data(), kMagic, 4) != 0) return std::nullopt;
  return SealedHeader{GetBe64(sealed.data() + 4), GetBe64(sealed.data() + 12)};
}

std::optional<std::string> OpenFace(std::string_view key, std::string_view sealed) {
  if (key.size() != kFaceKeyBytes || !ReadSealedHeader(sealed)) return std::nullopt;
  const char* nonce = sealed.data() + kHeader;
  const size_t clen = sealed.size() - kHeader - kNonce;
  std::string out(clen - kTag, '\0');
  unsigned long long mlen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()), &mlen, nullptr,
                                                 U(nonce + kNonce), clen, U(sealed.data()), kHeader, U(nonce),
                                                 U(key.data())) != 0)
    return std::nullopt;
  out.resize(mlen);
  return out;
}

}  // namespace phonghop::storage::face
