// Liveness without a model: the multi-frame rule, the crop geometry and the
// pre-processing the OpenCV adapter feeds the model (size, padding at the
// image edge, channel order). The port with a fake detector is exercised
// through the attendance service in face_test.cc.
#include <gtest/gtest.h>

#include <vector>

#include "face/liveness.h"
#include "face/opencv/opencv_liveness.h"

namespace phonghop {
namespace {

TEST(LivenessRuleTest, MedianOfFramesIgnoresOneOddFrame) {
  face::LivenessPolicy p;
  p.threshold = 0.5f;
  const std::vector<float> none;
  EXPECT_FALSE(face::AreLive(none, p));  // no frame, no check-in
  // One frame caught mid-blink or with a hand passing does not refuse a person...
  const std::vector<float> person = {0.9f, 0.1f, 0.8f};
  EXPECT_TRUE(face::AreLive(person, p));
  // ...and one lucky frame does not let a print through.
  const std::vector<float> print = {0.02f, 0.95f, 0.01f};
  EXPECT_FALSE(face::AreLive(print, p));
  EXPECT_FLOAT_EQ(face::MedianScore(person), 0.8f);
  const std::vector<float> even = {0.2f, 0.9f, 0.4f, 0.6f};
  EXPECT_FLOAT_EQ(face::MedianScore(even), 0.5f);
  // The single-frame rule is the threshold itself.
  EXPECT_TRUE(face::IsLive(0.5f, p));
  EXPECT_FALSE(face::IsLive(0.49f, p));
}

TEST(LivenessCropTest, BoxEnlargedAboutItsCentreInsideThePicture) {
  // A 100×120 box centred at (320, 240) of a 640×480 frame: 2.7× fits in
  // width (270) but not in height (324 < 479, fits too): both enlarged 2.7×.
  face::CropRect c = face::LivenessCrop({270, 180, 100, 120, 0.9f}, 640, 480, 2.7f);
  // (Pixel positions truncate as in the reference code: ±1 px.)
  EXPECT_NEAR(c.w, 270, 1);
  EXPECT_NEAR(c.h, 324, 1);
  EXPECT_NEAR(c.x, 320 - 135, 1);
  EXPECT_NEAR(c.y, 240 - 162, 1);
}

TEST(LivenessCropTest, AtTheEdgesTheCropShiftsInsideAndShrinksToFit) {
  // Near the top-left corner: the crop keeps its size and moves inside.
  face::CropRect c = face::LivenessCrop({0, 0, 80, 80, 0.9f}, 640, 480, 2.7f);
  EXPECT_EQ(c.x, 0);
  EXPECT_EQ(c.y, 0);
  EXPECT_NEAR(c.w, 216, 1);
  EXPECT_NEAR(c.h, 216, 1);
  // At the bottom-right corner likewise.
  c = face::LivenessCrop({560, 400, 80, 80, 0.9f}, 640, 480, 2.7f);
  EXPECT_NEAR(c.x + c.w, 639, 1);
  EXPECT_NEAR(c.y + c.h, 479, 1);
  EXPECT_LE(c.x + c.w, 640);
  EXPECT_LE(c.y + c.h, 480);
  EXPECT_NEAR(c.w, 216, 1);
  // A face filling most of the frame: the enlargement is cut to what fits
  // (scale = 479 / 300 in height), the crop never leaves the picture.
  c = face::LivenessCrop({220, 90, 250, 300, 0.9f}, 640, 480, 2.7f);
  EXPECT_GE(c.x, 0);
  EXPECT_GE(c.y, 0);
  EXPECT_LE(c.x + c.w, 640);
  EXPECT_LE(c.y + c.h, 480);
  EXPECT_NEAR(c.h, 479, 1);
  EXPECT_NEAR(c.w, 250 * 479 / 300, 1);
  // No box, no crop.
  c = face::LivenessCrop({0, 0, 0, 0, 0.f}, 640, 480, 2.7f);
  EXPECT_EQ(c.w, 0);
}

TEST(LivenessCropTest, PaddedSquareIsCentredAndMayLeaveThePicture) {
  face::CropRect c = face::PaddedSquareCrop({0, 0, 80, 60, 0.9f}, 2.7f);
  EXPECT_EQ(c.w, 216);
  EXPECT_EQ(c.h, 216);
  EXPECT_LT(c.x, 0);
  EXPECT_EQ(c.x + c.w / 2, 40);
}

// A 200×100 BGR picture: left half pure blue, right half pure red.
std::vector<uint8_t> BlueRed() {
  std::vector<uint8_t> px(200 * 100 * 3, 0);
  for (int y = 0; y < 100; ++y)
    for (int x = 0; x < 200; ++x) {
      uint8_t* p = &px[(y * 200 + x) * 3];
      if (x < 100) p[0] = 255;  // B
      else p[2] = 255;          // R
    }
  return px;
}

TEST(LivenessInputTest, BgrRawPlanesOf128) {
  const auto px = BlueRed();
  face::OpenCvLivenessOptions o;
  // A face box in the middle of the blue half, small enough that the 2.7×
  // crop stays inside the blue half.
  const face::FaceBox box{35, 35, 30, 30, 0.9f};
  const std::vector<float> in = face::LivenessInput(px.data(), 200, 100, 200 * 3, box, o);
  ASSERT_EQ(in.size(), 3u * 128 * 128);
  const size_t plane = 128 * 128, centre = 64 * 128 + 64;
  // Plane 0 is blue, plane 2 red; raw 0–255, no mean, no scale.
  EXPECT_FLOAT_EQ(in[0 * plane + centre], 255.f);
  EXPECT_FLOAT_EQ(in[1 * plane + centre], 0.f);
  EXPECT_FLOAT_EQ(in[2 * plane + centre], 0.f);
  // RGB (what the package's JavaScript feeds) swaps the planes.
  o.swap_rb = true;
  const std::vector<float> rgb = face::LivenessInput(px.data(), 200, 100, 200 * 3, box, o);
  EXPECT_FLOAT_EQ(rgb[0 * plane + centre], 0.f);
  EXPECT_FLOAT_EQ(rgb[2 * plane + centre], 255.f);
}

TEST(LivenessInputTest, FaceAtTheEdgeStillFillsTheInputWithPicture) {
  const auto px = BlueRed();
  face::OpenCvLivenessOptions o;
  // A face at the right edge (in the red half): the crop shifts left into
  // the picture, so the whole input is picture, none of it padding; its
  // left part reaches into the blue half.
  const face::FaceBox box{165, 40, 40, 30, 0.9f};
  const std::vector<float> in = face::LivenessInput(px.data(), 200, 100, 200 * 3, box, o);
  ASSERT_EQ(in.size(), 3u * 128 * 128);
  const size_t plane = 128 * 128;
  auto at = [&](int c, int y, int x) { return in[c * plane + y * 128 + x]; };
  EXPECT_FLOAT_EQ(at(2, 64, 127), 255.f);  // right edge: red, not black
  EXPECT_FLOAT_EQ(at(0, 64, 0), 255.f);    // left edge: blue
  // The padded alternative leaves black beyond the border.
  o.pad = true;
  const std::vector<float> padded = face::LivenessInput(px.data(), 200, 100, 200 * 3, box, o);
  EXPECT_FLOAT_EQ(padded[2 * plane + 64 * 128 + 127], 0.f);
  // A box outside the picture gives no input rather than garbage.
  EXPECT_TRUE(face::LivenessInput(px.data(), 200, 100, 200 * 3, {1000, 1000, 10, 10, 0.9f}, o).empty());
}

}  // namespace
}  // namespace phonghop
