#include "face/liveness.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace phonghop::face {

bool IsLive(float score, const LivenessPolicy& p) { return score >= p.threshold; }

float MedianScore(std::span<const float> scores) {
  if (scores.empty()) return 0;
  std::vector<float> v(scores.begin(), scores.end());
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool AreLive(std::span<const float> scores, const LivenessPolicy& p) {
  return !scores.empty() && IsLive(MedianScore(scores), p);
}

CropRect LivenessCrop(const FaceBox& b, int src_w, int src_h, float want) {
  if (b.w <= 0 || b.h <= 0 || src_w <= 1 || src_h <= 1) return {};
  const double scale = std::min({double(src_h - 1) / b.h, double(src_w - 1) / b.w, double(want)});
  const double nw = b.w * scale, nh = b.h * scale;
  const double cx = b.x + b.w / 2.0, cy = b.y + b.h / 2.0;
  double x1 = cx - nw / 2, y1 = cy - nh / 2, x2 = cx + nw / 2, y2 = cy + nh / 2;
  if (x1 < 0) { x2 -= x1; x1 = 0; }
  if (y1 < 0) { y2 -= y1; y1 = 0; }
  if (x2 > src_w - 1) { x1 -= x2 - src_w + 1; x2 = src_w - 1; }
  if (y2 > src_h - 1) { y1 -= y2 - src_h + 1; y2 = src_h - 1; }
  CropRect r;
  r.x = std::max(0, int(x1));
  r.y = std::max(0, int(y1));
  r.w = std::min(int(x2 - x1), src_w - r.x);
  r.h = std::min(int(y2 - y1), src_h - r.y);
  if (r.w <= 0 || r.h <= 0) return {};
  return r;
}

CropRect PaddedSquareCrop(const FaceBox& box, float scale) {
  const double side = std::max(box.w, box.h) * double(scale);
  const double cx = box.x + box.w / 2.0, cy = box.y + box.h / 2.0;
  CropRect s;
  s.w = s.h = std::max(1, int(std::lround(side)));
  s.x = int(std::lround(cx - s.w / 2.0));
  s.y = int(std::lround(cy - s.h / 2.0));
  return s;
}

}  // namespace phonghop::face
