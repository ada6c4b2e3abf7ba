// SHA-256 of a file, streamed (libsodium).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace phonghop {

// Lower-case hex SHA-256 of the file at `path`, and its size in bytes.
// kNotFound when it can't be read.
Result<std::pair<std::string, uint64_t>> Sha256File(const std::string& path);
// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace phonghop
