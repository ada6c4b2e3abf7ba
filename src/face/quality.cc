#include "face/quality.h"

#include <cmath>

namespace phonghop::face {

QualityPolicy EnrolmentPolicy() {
  QualityPolicy p;
  p.min_face_px = 64;
  p.min_sharpness = 25;
  p.max_yaw = 0.35f;
  p.several_area_ratio = 0.25f;
  return p;
}

QualityPolicy KioskPolicy() {
  QualityPolicy p;
  p.min_face_px = 56;
  p.min_sharpness = 15;
  p.max_yaw = 0.45f;
  p.several_area_ratio = 0.6f;
  return p;
}

FaceProblem CheckQuality(const FaceReading& r, const QualityPolicy& p) {
  if (r.faces == 0 || r.embedding.empty()) return FaceProblem::kNoFace;
  const double area = double(r.box.w) * r.box.h;
  for (const FaceBox& o : r.others)
    if (double(o.w) * o.h >= p.several_area_ratio * area) return FaceProblem::kSeveralFaces;
  if (r.box.w < p.min_face_px) return FaceProblem::kTooSmall;
  if (std::fabs(r.yaw) > p.max_yaw) return FaceProblem::kTurnedAway;
  if (r.sharpness < p.min_sharpness) return FaceProblem::kBlurred;
  return FaceProblem::kNone;
}

const char* ProblemCode(FaceProblem p) {
  switch (p) {
    case FaceProblem::kNone: return "ok";
    case FaceProblem::kNoFace: return "no_face";
    case FaceProblem::kSeveralFaces: return "several_faces";
    case FaceProblem::kTooSmall: return "face_too_small";
    case FaceProblem::kBlurred: return "blurred";
    case FaceProblem::kTurnedAway: return "turned_away";
  }
  return "unknown";
}

std::string ProblemMessage(FaceProblem p) {
  switch (p) {
    case FaceProblem::kNone: return "";
    case FaceProblem::kNoFace: return "Không thấy khuôn mặt trong ảnh";
    case FaceProblem::kSeveralFaces:
      return "Có nhiều khuôn mặt trong ảnh — chỉ một người đứng trước máy";
    case FaceProblem::kTooSmall: return "Khuôn mặt quá nhỏ — đến gần máy ảnh hơn";
    case FaceProblem::kBlurred: return "Ảnh bị mờ — giữ yên và chụp lại";
    case FaceProblem::kTurnedAway: return "Khuôn mặt quay nghiêng — nhìn thẳng vào máy ảnh";
  }
  return "";
}

}  // namespace phonghop::face
