// QR codes (libqrencode): the matrix, and SVG / PNG renderings of it.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace phonghop::qr {

struct QrMatrix {
  int size = 0;                // modules per side
  std::vector<uint8_t> dark;   // size*size, row-major, 1 = dark
  bool At(int x, int y) const { return dark[static_cast<size_t>(y) * size + x] != 0; }
};

// Encodes `text` (8-bit mode, UTF-8) at error-correction level M (15%
// recoverable), which survives the glare of a printed label under hall lights.
Result<QrMatrix> Encode(const std::string& text);

// An SVG with a 4-module quiet zone; `module_px` sets its nominal size.
std::string ToSvg(const QrMatrix& m, int module_px = 8);

// A PNG (via cairo) with a 4-module quiet zone.
Result<std::string> ToPng(const QrMatrix& m, int module_px = 8);

}  // namespace phonghop::qr
