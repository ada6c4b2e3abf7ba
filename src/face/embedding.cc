#include "face/embedding.h"

#include <cmath>
#include <cstring>

namespace phonghop::face {

void Normalize(Embedding& e) {
  double sum = 0;
  for (float v : e) sum += double(v) * v;
  if (sum <= 0) return;
  const float inv = float(1.0 / std::sqrt(sum));
  for (float& v : e) v *= inv;
}

float Cosine(const Embedding& a, const Embedding& b) {
  if (a.size() != b.size()) return 0;
  float s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

std::string ToBytes(const Embedding& e) {
  static_assert(sizeof(float) == 4);
  std::string out(e.size() * 4, '\0');
  std::memcpy(out.data(), e.data(), out.size());  // x86/ARM: little-endian
  return out;
}

Result<Embedding> FromBytes(std::string_view bytes) {
  if (bytes.empty() || bytes.size() % 4 != 0)
    return Status::InvalidArgument("embedding: bad size");
  Embedding e(bytes.size() / 4);
  std::memcpy(e.data(), bytes.data(), bytes.size());
  return e;
}

}  // namespace phonghop::face
