// Port to a face recognition engine: finds faces in a photo and describes
// the main one (large and central) as an embedding. The OpenCV DNN adapter implements it;
// another detector/embedder pair can replace it without touching callers.
#pragma once

#include <string_view>
#include <vector>

#include "common/status.h"
#include "face/embedding.h"

namespace phonghop::face {

struct Point {
  float x = 0, y = 0;
};

struct FaceBox {
  int x = 0, y = 0, w = 0, h = 0;
  float score = 0;  // detector confidence
};

// What the engine saw in one photo. Quality measures are for the largest
// face; the decision whether they are good enough is the caller's
// (face/quality.h), because enrolment is stricter than a kiosk frame.
struct FaceReading {
  int image_width = 0, image_height = 0;
  int faces = 0;            // faces detected
  FaceBox box;              // the main face (valid when faces > 0): large and central
  std::vector<Point> five;  // eye centres, nose tip, mouth corners
  float sharpness = 0;      // variance of the Laplacian of the aligned crop
  float yaw = 0;            // 0 = frontal, ±1 = nose at an eye (turned away)
  float roll_degrees = 0;   // tilt of the eye line
  Embedding embedding;      // of the largest face; empty when faces == 0
  std::vector<FaceBox> others;  // further faces
  std::string face_jpeg;    // the largest face with some margin, ≤ 240 px, JPEG
};

class FaceEngine {
 public:
  virtual ~FaceEngine() = default;
  // Reads a JPEG or PNG photo. kInvalidArgument (message in Vietnamese)
  // when the bytes are not such an image, are corrupt, or the picture is
  // larger than the engine accepts; a photo without a face is not an
  // error (faces == 0). Thread-safe.
  virtual Result<FaceReading> Read(std::string_view encoded_image) = 0;
  // Dimension of the embeddings this engine makes (they are comparable
  // only with embeddings of the same engine).
  virtual int dimension() const = 0;
  // Names the model, stored with every embedding ("faceplugin-0.0.1/arcface5").
  virtual std::string_view model_id() const = 0;
};

}  // namespace phonghop::face
