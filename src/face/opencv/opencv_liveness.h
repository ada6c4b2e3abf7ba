// LivenessDetector on OpenCV 4.6 DNN with fr_liveness.onnx of the npm package
// faceplugin-face-recognition-js@0.0.1: a MiniFASNetV2-SE (the
// Silent-Face-Anti-Spoofing family), input 1×3×128×128, output 3 logits,
// softmax index 0 = live. What it wants, measured on liveness-dev
// (docs/decisions.md 100–101, docs/BENCHMARKS.md "Liveness"): the face box
// enlarged 2.7× and shifted inside the picture (face::LivenessCrop),
// resized to 128×128, BGR, raw 0–255 (no mean, no scale).
// Other input sizes (80, 96, 112, 224) do not get through OpenCV's reshape.
#pragma once

#include "common/object_pool.h"

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "face/liveness.h"

namespace phonghop::face {

struct OpenCvLivenessOptions {
  std::string model_dir;          // holds fr_liveness.onnx
  int max_parallel = 2;           // networks kept (one per concurrent call)
  int input_size = 128;           // the model's side
  float scale = 2.7f;             // crop side / face box's longer side
  bool swap_rb = false;           // false: BGR into the model (what it was trained on)
  bool pad = false;               // true: padded square (face::PaddedSquareCrop), measured worse
  long max_pixels = 80'000'000;   // refuse larger photos
};

// The model's input for one face of a BGR picture (`bgr`: `height` rows of
// `stride` bytes, 3 bytes a pixel): 3 planes of input_size² floats, in the
// model's channel order, raw 0–255. Pure and thread-safe; exposed for tests.
std::vector<float> LivenessInput(const uint8_t* bgr, int width, int height, size_t stride,
                                 const FaceBox& box, const OpenCvLivenessOptions& o);

class OpenCvLiveness final : public LivenessDetector {
 public:
  // kUnavailable with the file named when the model is absent or does not
  // load (the server then runs without liveness and says so at start-up).
  static Result<std::unique_ptr<OpenCvLiveness>> Create(const OpenCvLivenessOptions& options);
  ~OpenCvLiveness() override;

  Result<float> LiveProbability(std::string_view encoded_image, const FaceBox& box) override;
  std::string_view model_id() const override { return "faceplugin-0.0.1/minifasnet/bgr128"; }

  static constexpr const char* kModelFile = "fr_liveness.onnx";
  // Logits the model gives (3 for this one; index 0 = live).
  int classes() const { return classes_; }

 private:
  struct Net;
  explicit OpenCvLiveness(OpenCvLivenessOptions o);
  Result<std::unique_ptr<Net>> MakeNet();
  std::unique_ptr<Net> Acquire();
  void Release(std::unique_ptr<Net> n);

  OpenCvLivenessOptions options_;
  std::string model_bytes_;
  ObjectPool<Net> pool_;  // one network set per concurrent request
  int classes_ = 0;
};

}  // namespace phonghop::face
