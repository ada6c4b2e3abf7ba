#include "face/opencv/decode_photo.h"

#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <string>

namespace phonghop::face {

Result<cv::Mat> DecodePhoto(std::string_view bytes, const ImageHeader& header, long max_pixels) {
  const long pixels = long(header.width) * header.height;
  if (pixels > max_pixels || header.width > 30000 || header.height > 30000)
    return Status::InvalidArgument("Ảnh quá lớn: " + std::to_string(header.width) + "×" +
                                   std::to_string(header.height) + " điểm ảnh (image too large)");
  if (header.kind == ImageHeader::Kind::kPng && pixels > 30'000'000)
    return Status::InvalidArgument("Ảnh PNG quá lớn — hãy dùng JPEG (PNG image too large)");
  int flags = cv::IMREAD_COLOR;
  const int long_side = std::max(header.width, header.height);
  if (header.kind == ImageHeader::Kind::kJpeg) {
    if (long_side > 8 * 1600) flags = cv::IMREAD_REDUCED_COLOR_8;
    else if (long_side > 4 * 1600) flags = cv::IMREAD_REDUCED_COLOR_4;
    else if (long_side > 2 * 1600) flags = cv::IMREAD_REDUCED_COLOR_2;
  }
  cv::Mat img;
  try {
    cv::Mat buf(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    img = cv::imdecode(buf, flags);
  } catch (const cv::Exception&) {
    img.release();
  }
  if (img.empty() || img.cols < 16 || img.rows < 16)
    return Status::InvalidArgument("Ảnh bị hỏng hoặc không đọc được");
  return img;
}

}  // namespace phonghop::face
