// Decoding a photo for the face engine and the liveness model alike: the
// header is checked first (size limits), JPEGs are decoded reduced (1/2, 1/4
// or 1/8 straight from the DCT) so a 50 MP photo never exists at full size.
#pragma once

#include <opencv2/core.hpp>
#include <string_view>

#include "common/status.h"
#include "face/image_header.h"

namespace phonghop::face {

// The decoded BGR picture; kInvalidArgument (Vietnamese message) when the
// photo is too large by its header, a PNG over 30 MP, or corrupt.
Result<cv::Mat> DecodePhoto(std::string_view bytes, const ImageHeader& header, long max_pixels);

}  // namespace phonghop::face
