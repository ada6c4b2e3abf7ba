// A face embedding: a unit-length vector; two faces are compared by the
// cosine of their embeddings (the dot product of unit vectors).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace phonghop::face {

using Embedding = std::vector<float>;

// Scales `e` to unit length (leaves a zero vector as it is).
void Normalize(Embedding& e);
// Cosine similarity of two unit vectors of the same size (0 if sizes differ).
float Cosine(const Embedding& a, const Embedding& b);

// Little-endian float32 bytes, for storage.
std::string ToBytes(const Embedding& e);
// kInvalidArgument when the size is not a multiple of 4 or is zero.
Result<Embedding> FromBytes(std::string_view bytes);

}  // namespace phonghop::face
