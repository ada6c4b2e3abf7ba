#include "face/opencv/opencv_liveness.h"

#include <chrono>

#include "metrics/metrics.h"

#include "face/opencv/decode_photo.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "face/image_header.h"

namespace phonghop::face {

struct OpenCvLiveness::Net {
  cv::dnn::Net net;
};

namespace {

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::ostringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return !out.empty();
}

cv::Mat Crop128(const cv::Mat& img, const FaceBox& box, const OpenCvLivenessOptions& o) {
  cv::Mat crop;
  if (o.pad) {
    const CropRect sq = PaddedSquareCrop(box, o.scale);
    const cv::Rect want(sq.x, sq.y, sq.w, sq.h);
    const cv::Rect inside = want & cv::Rect(0, 0, img.cols, img.rows);
    if (inside.empty()) return {};
    cv::copyMakeBorder(img(inside), crop, inside.y - want.y, want.br().y - inside.br().y,
                       inside.x - want.x, want.br().x - inside.br().x, cv::BORDER_CONSTANT,
                       cv::Scalar(0, 0, 0));
  } else {
    const CropRect c = LivenessCrop(box, img.cols, img.rows, o.scale);
    const cv::Rect r = cv::Rect(c.x, c.y, c.w, c.h) & cv::Rect(0, 0, img.cols, img.rows);
    if (r.empty()) return {};
    crop = img(r);
  }
  cv::Mat out;
  cv::resize(crop, out, cv::Size(o.input_size, o.input_size), 0, 0, cv::INTER_LINEAR);
  return out;
}

cv::Mat Blob(const cv::Mat& bgr128, const OpenCvLivenessOptions& o) {
  return cv::dnn::blobFromImage(bgr128, 1.0, cv::Size(), cv::Scalar(), o.swap_rb, false);
}

}  // namespace

std::vector<float> LivenessInput(const uint8_t* bgr, int width, int height, size_t stride,
                                 const FaceBox& box, const OpenCvLivenessOptions& o) {
  const cv::Mat img(height, width, CV_8UC3, const_cast<uint8_t*>(bgr), stride);
  const cv::Mat c = Crop128(img, box, o);
  if (c.empty()) return {};
  const cv::Mat blob = Blob(c, o);
  const float* p = blob.ptr<float>();
  return std::vector<float>(p, p + blob.total());
}

Result<std::unique_ptr<OpenCvLiveness>> OpenCvLiveness::Create(const OpenCvLivenessOptions& o) {
  std::unique_ptr<OpenCvLiveness> d(new OpenCvLiveness(o));
  const std::string path = o.model_dir + "/" + kModelFile;
  if (!ReadFile(path, d->model_bytes_))
    return Status::Unavailable("liveness model missing: " + path +
                               " (run ./scripts/setup.sh, which installs it from npm)");
  auto net = d->MakeNet();
  if (!net.ok()) return net.status();
  // A first forward pass: a model that loads but cannot run at this input
  // size fails here, at start-up, not at the door.
  try {
    cv::Mat probe(o.input_size, o.input_size, CV_8UC3, cv::Scalar(128, 128, 128));
    (*net)->net.setInput(Blob(probe, o));
    cv::Mat out = (*net)->net.forward();
    if (out.total() < 2) return Status::Unavailable("liveness model: unexpected output");
    d->classes_ = int(out.total());
  } catch (const cv::Exception& ex) {
    return Status::Unavailable(std::string("liveness model does not run: ") + ex.what());
  }
  d->pool_.Adopt(std::move(net).value());
  return d;
}

OpenCvLiveness::OpenCvLiveness(OpenCvLivenessOptions o)
    : options_(std::move(o)), pool_(options_.max_parallel, [this] { return MakeNet(); }) {}
OpenCvLiveness::~OpenCvLiveness() = default;

Result<std::unique_ptr<OpenCvLiveness::Net>> OpenCvLiveness::MakeNet() {
  try {
    auto n = std::make_unique<Net>();
    n->net = cv::dnn::readNetFromONNX(model_bytes_.data(), model_bytes_.size());
    n->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    n->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    return n;
  } catch (const cv::Exception& ex) {
    return Status::Unavailable(std::string("liveness model does not load: ") + ex.what());
  }
}

std::unique_ptr<OpenCvLiveness::Net> OpenCvLiveness::Acquire() { return pool_.Acquire(); }

void OpenCvLiveness::Release(std::unique_ptr<Net> n) { pool_.Release(std::move(n)); }

Result<float> OpenCvLiveness::LiveProbability(std::string_view bytes, const FaceBox& box) {
  const auto started = std::chrono::steady_clock::now();
  struct Timed {
    std::chrono::steady_clock::time_point t0;
    ~Timed() {
      metrics::Metrics::Get().FaceSeconds(
          "liveness", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
  } timed{started};
  if (box.w <= 0 || box.h <= 0) return Status::InvalidArgument("Không thấy khuôn mặt trong ảnh");
  PH_ASSIGN_OR_RETURN(ImageHeader header, ReadImageHeader(bytes));
  // Decoded reduced like the engine does, so a huge photo never exists at
  // full size; the box is scaled to the decoded picture.
  PH_ASSIGN_OR_RETURN(cv::Mat img, DecodePhoto(bytes, header, options_.max_pixels));
  const double f = double(img.cols) / header.width;
  FaceBox b = box;
  b.x = int(box.x * f); b.y = int(box.y * f); b.w = std::max(1, int(box.w * f)); b.h = std::max(1, int(box.h * f));

  auto net = Acquire();
  struct Returner {
    OpenCvLiveness* d;
    std::unique_ptr<Net>* n;
    ~Returner() { d->Release(std::move(*n)); }
  } returner{this, &net};
  try {
    const cv::Mat c = Crop128(img, b, options_);
    if (c.empty()) return Status::InvalidArgument("Khuôn mặt nằm ngoài khung ảnh");
    net->net.setInput(Blob(c, options_));
    cv::Mat out = net->net.forward();
    const float* p = out.ptr<float>();
    const int n = int(out.total());
    if (n < 2) return Status::Internal("liveness model: unexpected output");
    // Softmax over the logits; index 0 is "live".
    const float mx = *std::max_element(p, p + n);
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += std::exp(double(p[i] - mx));
    return float(std::exp(double(p[0] - mx)) / sum);
  } catch (const cv::Exception& ex) {
    return Status::Internal(std::string("liveness model: ") + ex.what());
  }
}

}  // namespace phonghop::face
