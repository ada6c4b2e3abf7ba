#include "face/image_header.h"

#include <cstdint>

namespace phonghop::face {
namespace {

uint32_t Be16(std::string_view b, size_t at) {
  return (uint32_t(uint8_t(b[at])) << 8) | uint8_t(b[at + 1]);
}
uint32_t Be32(std::string_view b, size_t at) {
  return (Be16(b, at) << 16) | Be16(b, at + 2);
}

Status NotImage() {
  return Status::InvalidArgument("Tệp không phải ảnh JPEG hoặc PNG (not a JPEG or PNG image)");
}

Result<ImageHeader> Png(std::string_view b) {
  // Signature (8), then the IHDR chunk: length (4), "IHDR", width, height.
  if (b.size() < 24 || b.substr(12, 4) != "IHDR") return NotImage();
  const uint32_t w = Be32(b, 16), h = Be32(b, 20);
  if (w == 0 || h == 0 || w > 0x7fffffff || h > 0x7fffffff) return NotImage();
  return ImageHeader{ImageHeader::Kind::kPng, int(w), int(h)};
}

Result<ImageHeader> Jpeg(std::string_view b) {
  size_t i = 2;  // after SOI
  while (i + 4 <= b.size()) {
    if (uint8_t(b[i]) != 0xFF) return NotImage();
    uint8_t marker = uint8_t(b[i + 1]);
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
      i += 2;  // markers without a length
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) return NotImage();  // EOI / SOS before a frame
    const uint32_t len = Be16(b, i + 2);
    if (len < 2) return NotImage();
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                     marker != 0xCC;
    if (sof) {
      if (i + 9 > b.size() || len < 7) return NotImage();
      const uint32_t h = Be16(b, i + 5), w = Be16(b, i + 7);
      if (w == 0 || h == 0) return NotImage();
      return ImageHeader{ImageHeader::Kind::kJpeg, int(w), int(h)};
    }
    i += 2 + len;
  }
  return NotImage();
}

}  // namespace

Result<ImageHeader> ReadImageHeader(std::string_view b) {
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return Png(b);
  if (b.size() >= 3 && uint8_t(b[0]) == 0xFF && uint8_t(b[1]) == 0xD8 && uint8_t(b[2]) == 0xFF)
    return Jpeg(b);
  return NotImage();
}

}  // namespace phonghop::face
