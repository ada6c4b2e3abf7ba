// Reads the type and pixel size of a JPEG or PNG from its header, without
// decoding it, so that absurd dimensions are refused before any memory is
// spent on them. Parses untrusted bytes: fuzzed (fuzz/image_header_fuzz).
#pragma once

#include <string_view>

#include "common/status.h"

namespace phonghop::face {

struct ImageHeader {
  enum class Kind { kJpeg, kPng } kind = Kind::kJpeg;
  int width = 0;
  int height = 0;
};

// kInvalidArgument with a Vietnamese message for anything that is not a
// JPEG/PNG with a readable size.
Result<ImageHeader> ReadImageHeader(std::string_view bytes);

}  // namespace phonghop::face
