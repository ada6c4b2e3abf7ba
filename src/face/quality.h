// Whether a face reading is good enough to enrol or to check someone in,
// with a message the person in front of the camera understands.
#pragma once

#include <string>

#include "face/face_engine.h"

namespace phonghop::face {

enum class FaceProblem { kNone, kNoFace, kSeveralFaces, kTooSmall, kBlurred, kTurnedAway };

struct QualityPolicy {
  int min_face_px = 60;          // width of the face box
  float min_sharpness = 20;      // variance of the Laplacian of the 112×112 crop
  float max_yaw = 0.45f;         // see FaceReading::yaw
  // Another face at least this fraction of the largest one's area makes the
  // photo ambiguous.
  float several_area_ratio = 0.5f;
};

// Enrolment photos are the reference for the whole congress: stricter.
QualityPolicy EnrolmentPolicy();
// Kiosk frames: people queue behind; only a near-equal second face counts.
QualityPolicy KioskPolicy();

FaceProblem CheckQuality(const FaceReading& r, const QualityPolicy& p);
const char* ProblemCode(FaceProblem p);  // "no_face", "several_faces", ...
// Vietnamese, for the screen: "Không thấy khuôn mặt trong ảnh", ...
std::string ProblemMessage(FaceProblem p);

}  // namespace phonghop::face
