// Liveness (presentation-attack detection) at the kiosk door: is the face in
// front of the camera a person, or a printed photo held up to it?
//
// The port `LivenessDetector` scores one face in one photo; the OpenCV DNN
// adapter (face/opencv/opencv_liveness.h) is one implementation, and another
// model can replace it without touching callers. The decision over several
// frames and the crop geometry are pure functions here, so they are tested
// without a model.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "face/face_engine.h"

namespace phonghop::face {

class LivenessDetector {
 public:
  virtual ~LivenessDetector() = default;
  // Probability in [0, 1] that the face in `box` of the JPEG/PNG photo
  // `encoded_image` is a live person. `box` is in the photo's own pixels, as
  // FaceEngine::Read reports it (the detector does not look for faces
  // itself). kInvalidArgument (Vietnamese message) when the bytes are not a
  // readable image or the box is empty; kInternal when the model fails.
  // Thread-safe.
  virtual Result<float> LiveProbability(std::string_view encoded_image, const FaceBox& box) = 0;
  // Names the model ("faceplugin-0.0.1/minifasnet-v2se/bgr128").
  virtual std::string_view model_id() const = 0;
};

// Decision rule, calibrated on ../shared/faces/liveness-dev
// (docs/BENCHMARKS.md, "Liveness").
struct LivenessPolicy {
  // Live when the (median) live probability reaches this: the package demo's
  // value, not tuned on the dev set (decision 101).
  float threshold = 0.6f;
  int frames = 3;          // a kiosk check-in decides on this many frames
  // Without a detector, face check-in is refused (kUnavailable) rather than
  // done without the check.
  bool required = true;
};

// Single-frame rule: live iff score ≥ threshold.
bool IsLive(float score, const LivenessPolicy& p);

// Median of the scores (the middle one of an odd count, the mean of the two
// middle ones of an even count); 0 for no scores. A single bad frame
// (motion, a hand passing) neither lets a print through nor refuses a
// person.
float MedianScore(std::span<const float> scores);

// Multi-frame rule: live iff there is at least one score and the median of
// the scores reaches the threshold. Callers decide how many frames they
// gather (the kiosk sends p.frames).
bool AreLive(std::span<const float> scores, const LivenessPolicy& p);

// Where the liveness model looks (in image pixels). The crop the model was
// trained on (Silent-Face-Anti-Spoofing, and the package's JavaScript): the
// face box enlarged `scale` times about its centre, keeping the box's shape;
// the enlargement is reduced when it would not fit in the picture, and the
// crop is shifted (not padded) to lie inside it. Always inside the image
// for a box inside it.
struct CropRect {
  int x = 0, y = 0, w = 0, h = 0;
};
CropRect LivenessCrop(const FaceBox& box, int image_width, int image_height, float scale);
// The alternative measured worse on liveness-dev (decision 101): a square
// of `scale` × the box's longer side centred on the box, reaching outside
// the picture where the face is near an edge (the adapter pads it black).
CropRect PaddedSquareCrop(const FaceBox& box, float scale);

}  // namespace phonghop::face
