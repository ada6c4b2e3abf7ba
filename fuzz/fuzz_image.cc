// The image header reader that guards face photos (kiosk frames, enrolment
// uploads, zip archives of photos), then OpenCV's decoder as the server
// calls it on whatever the header lets through.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <opencv2/imgcodecs.hpp>

#include "face/image_header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto h = phonghop::face::ReadImageHeader(bytes);
  if (!h.ok()) return 0;
  if (h->width <= 0 || h->height <= 0) __builtin_trap();
  if (long(h->width) * h->height > 4'000'000) return 0;  // the engine refuses larger ones here
  try {
    cv::Mat buf(1, int(size), CV_8U, const_cast<uint8_t*>(data));
    cv::Mat img = cv::imdecode(buf, cv::IMREAD_COLOR);
    (void)img;
  } catch (const cv::Exception&) {
  }
  return 0;
}
