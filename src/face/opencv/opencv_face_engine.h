// FaceEngine on OpenCV 4.6 DNN with the ONNX models of the npm package
// faceplugin-face-recognition-js@0.0.1:
//   fr_detect.onnx   Ultra-Light RFB-320 detector (1×3×240×320, RGB (x-127)/128)
//   fr_landmark.onnx 68 landmarks from a 64×64 grey crop (/256)
//   fr_feature.onnx  512-d embedding from a 112×112 aligned face
// The five points (eye centres, nose tip, mouth corners) taken from the 68
// landmarks are aligned to the ArcFace 112×112 template by a least-squares
// similarity transform (Umeyama); the crop goes in as BGR (x-127.5)/128,
// and the embeddings of the crop and its mirror image are summed.
// Decisions and measurements: docs/decisions.md, docs/BENCHMARKS.md.
#pragma once

#include "common/object_pool.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "face/face_engine.h"

namespace phonghop::face {

struct OpenCvEngineOptions {
  std::string model_dir;       // holds the three .onnx files
  int max_parallel = 2;        // networks kept (one per concurrent Read)
  bool mirror = true;          // add the mirror image's embedding
  long max_pixels = 80'000'000;  // refuse larger photos (JPEG is decoded reduced)
  float detect_threshold = 0.7f;
};

class OpenCvFaceEngine final : public FaceEngine {
 public:
  // kUnavailable with the missing file named when a model is absent or
  // does not load.
  static Result<std::unique_ptr<OpenCvFaceEngine>> Create(const OpenCvEngineOptions& options);
  ~OpenCvFaceEngine() override;

  Result<FaceReading> Read(std::string_view encoded_image) override;
  int dimension() const override { return 512; }
  std::string_view model_id() const override { return "faceplugin-0.0.1/umeyama5/bgr"; }

  // The files the engine needs, for start-up messages.
  static std::vector<std::string> ModelFiles();

 private:
  struct Nets;
  explicit OpenCvFaceEngine(OpenCvEngineOptions o);
  Result<std::unique_ptr<Nets>> MakeNets();
  std::unique_ptr<Nets> Acquire();
  void Release(std::unique_ptr<Nets> n);

  OpenCvEngineOptions options_;
  std::string detect_bytes_, landmark_bytes_, feature_bytes_;
  ObjectPool<Nets> pool_;  // one network set per concurrent request
};

}  // namespace phonghop::face
