// Liveness on ../shared/faces/liveness-dev (printed-photo attacks beside
// real faces of the seven webcam-dev people) with the detector box of the
// engine the server uses. Prints JSON (one object) that bench/face.sh turns
// into docs/BENCHMARKS.md rows: APCER (attack frames accepted as live) and
// BPCER (real frames refused), per subject and overall, single-frame and
// over windows of consecutive frames (the kiosk's multi-frame rule).
//
//   liveness_eval --models models/face --dir ../shared/faces/liveness-dev
//                 [--threshold 0.6] [--frames 3] [--size 128] [--scale 2.7]
//                 [--rgb] [--pad] [--sizes]   (--sizes: which input sizes run)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "face/liveness.h"
#include "face/opencv/opencv_face_engine.h"
#include "face/opencv/opencv_liveness.h"

using namespace phonghop;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Frame {
  std::string path, subject, sequence;
  bool attack = false;
  int number = 0;
  int faces = 0;
  float score = -1;
};

// NUAA names: SUBJECT_SESSION_GLASSES_PLACE_FRAME.jpg; frames of one
// sequence are everything but the last field.
void Name(Frame& f) {
  const std::string stem = fs::path(f.path).stem().string();
  const auto cut = stem.rfind('_');
  f.sequence = stem.substr(0, cut);
  f.number = std::atoi(stem.c_str() + cut + 1);
}

struct Rates {
  int attacks = 0, attacks_accepted = 0, lives = 0, lives_refused = 0;
  json ToJson() const {
    return {{"attacks", attacks}, {"attacks_accepted", attacks_accepted},
            {"apcer", attacks ? double(attacks_accepted) / attacks : 0.0},
            {"lives", lives}, {"lives_refused", lives_refused},
            {"bpcer", lives ? double(lives_refused) / lives : 0.0}};
  }
};

}  // namespace

int main(int argc, char** argv) {
  std::string models = "models/face", dir = "../shared/faces/liveness-dev";
  face::LivenessPolicy policy;
  face::OpenCvLivenessOptions lo;
  bool sizes = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (a == "--models") models = next();
    else if (a == "--dir") dir = next();
    else if (a == "--threshold") policy.threshold = std::stof(next());
    else if (a == "--frames") policy.frames = std::stoi(next());
    else if (a == "--size") lo.input_size = std::stoi(next());
    else if (a == "--scale") lo.scale = std::stof(next());
    else if (a == "--rgb") lo.swap_rb = true;
    else if (a == "--pad") lo.pad = true;
    else if (a == "--sizes") sizes = true;
    else { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
  }
  lo.model_dir = models;
  lo.max_parallel = 1;
  if (sizes) {
    json out = json::object();
    for (int s : {80, 96, 112, 128, 160, 224}) {
      auto o = lo;
      o.input_size = s;
      auto d = face::OpenCvLiveness::Create(o);
      out[std::to_string(s)] = d.ok() ? "runs, " + std::to_string((*d)->classes()) + " logits"
                                      : d.status().message().substr(0, 300);
    }
    std::printf("%s\n", out.dump(1).c_str());
    return 0;
  }
  face::OpenCvEngineOptions eo;
  eo.model_dir = models;
  eo.max_parallel = 1;
  auto engine = face::OpenCvFaceEngine::Create(eo);
  if (!engine.ok()) { std::fprintf(stderr, "%s\n", engine.status().message().c_str()); return 1; }
  auto live = face::OpenCvLiveness::Create(lo);
  if (!live.ok()) { std::fprintf(stderr, "%s\n", live.status().message().c_str()); return 1; }

  std::vector<Frame> frames;
  for (const char* cls : {"live", "attack"}) {
    if (!fs::exists(fs::path(dir) / cls)) continue;
    for (const auto& sub : fs::directory_iterator(fs::path(dir) / cls))
      for (const auto& file : fs::directory_iterator(sub.path())) {
        Frame f;
        f.path = file.path().string();
        f.subject = sub.path().filename().string();
        f.attack = std::string(cls) == "attack";
        Name(f);
        frames.push_back(f);
      }
  }
  std::sort(frames.begin(), frames.end(), [](const Frame& a, const Frame& b) {
    return std::tie(a.attack, a.subject, a.sequence, a.number) < std::tie(b.attack, b.subject, b.sequence, b.number);
  });
  std::vector<double> ms;
  for (auto& f : frames) {
    const std::string bytes = Slurp(f.path);
    auto r = (*engine)->Read(bytes);
    if (!r.ok()) continue;
    f.faces = r->faces;
    if (r->faces == 0) continue;
    auto t0 = std::chrono::steady_clock::now();
    auto s = (*live)->LiveProbability(bytes, r->box);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (s.ok()) f.score = *s;
  }

  // Single frame: every frame with a face. Multi-frame: every window of
  // `frames` consecutive frames (with a face) of one sequence, median rule.
  std::map<std::string, Rates> single, multi;
  Rates single_all, multi_all;
  int no_face_live = 0, no_face_attack = 0;
  auto add = [&](Rates& r, bool attack, bool accepted) {
    if (attack) { ++r.attacks; r.attacks_accepted += accepted; }
    else { ++r.lives; r.lives_refused += !accepted; }
  };
  std::map<std::pair<bool, std::string>, std::vector<const Frame*>> seqs;
  json scores = json::array();
  for (const auto& f : frames) {
    if (f.score < 0) { (f.attack ? no_face_attack : no_face_live)++; continue; }
    const bool ok = face::IsLive(f.score, policy);
    add(single[f.subject], f.attack, ok);
    add(single_all, f.attack, ok);
    seqs[{f.attack, f.subject + "/" + f.sequence}].push_back(&f);
    scores.push_back({{"image", fs::path(f.path).filename().string()}, {"attack", f.attack},
                      {"subject", f.subject}, {"score", f.score}});
  }
  for (const auto& [key, list] : seqs) {
    const int n = policy.frames;
    for (size_t i = 0; i + n <= list.size(); ++i) {
      std::vector<float> w;
      for (int k = 0; k < n; ++k) w.push_back(list[i + k]->score);
      const bool ok = face::AreLive(w, policy);
      add(multi[list[i]->subject], key.first, ok);
      add(multi_all, key.first, ok);
    }
  }
  json per = json::object();
  for (const auto& [s, r] : single) per[s] = {{"single", r.ToJson()}, {"multi", multi[s].ToJson()}};
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double q) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, size_t(q * ms.size()))]; };
  json out = {{"threshold", policy.threshold}, {"frames", policy.frames},
              {"input_size", lo.input_size}, {"scale", lo.scale}, {"bgr", !lo.swap_rb}, {"pad", lo.pad},
              {"single", single_all.ToJson()}, {"multi", multi_all.ToJson()}, {"per_subject", per},
              {"no_face", {{"live", no_face_live}, {"attack", no_face_attack}}},
              {"ms_p50", pct(0.5)}, {"ms_p99", pct(0.99)}, {"scores", scores}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
