// Face accuracy on LFW (10-fold View 2 protocol) and stranger rejection on
// webcam frames, with the engine the server uses. Prints JSON (one object)
// that bench/face.sh turns into docs/BENCHMARKS.md rows.
//
//   face_eval --models models/face --lfw ../shared/faces/lfw
//             --webcam ../shared/faces/webcam-dev [--threshold 0.45 --margin 0.05]
//             [--no-mirror] [--limit-pairs N]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "face/gallery.h"
#include "face/opencv/opencv_face_engine.h"

using namespace phonghop;
using face::Embedding;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Pair {
  std::string a, b;
  bool same;
};

std::string LfwPath(const std::string& root, const std::string& name, int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", n);
  return root + "/images/" + name + "/" + name + "_" + buf + ".jpg";
}

struct Embedder {
  face::FaceEngine& engine;
  std::map<std::string, Embedding> cache;
  int no_face = 0;
  std::vector<double> ms;
  const Embedding& Get(const std::string& path) {
    auto it = cache.find(path);
    if (it != cache.end()) return it->second;
    const std::string bytes = Slurp(path);
    auto t0 = std::chrono::steady_clock::now();
    auto r = engine.Read(bytes);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    Embedding e;
    if (r.ok() && !r->embedding.empty()) e = r->embedding;
    else ++no_face;
    return cache[path] = e;
  }
};

// A photo with no detected face scores 0 against everything (counts as a
// non-match), the honest way to include it.
float Score(const Embedding& a, const Embedding& b) {
  if (a.empty() || b.empty()) return 0;
  return face::Cosine(a, b);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * (v.size() - 1) + 0.5))];
}

}  // namespace

int main(int argc, char** argv) {
  std::string models = "models/face", lfw, webcam;
  float threshold = 0.45f, margin = 0.05f;
  bool mirror = true;
  size_t limit = 0;
  std::string speed_dir;
  bool match_speed = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (a == "--models") models = next();
    else if (a == "--lfw") lfw = next();
    else if (a == "--webcam") webcam = next();
    else if (a == "--threshold") threshold = std::stof(next());
    else if (a == "--margin") margin = std::stof(next());
    else if (a == "--no-mirror") mirror = false;
    else if (a == "--limit-pairs") limit = std::stoul(next());
    else if (a == "--speed") speed_dir = next();
    else if (a == "--match-speed") match_speed = true;
  }
  face::OpenCvEngineOptions opt;
  opt.model_dir = models;
  opt.mirror = mirror;
  opt.max_parallel = 1;
  auto engine = face::OpenCvFaceEngine::Create(opt);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().message().c_str());
    return 1;
  }
  Embedder emb{**engine, {}, 0, {}};
  nlohmann::json out;
  out["threshold"] = threshold;
  out["margin"] = margin;
  out["mirror"] = mirror;

  if (!lfw.empty()) {
    std::ifstream f(lfw + "/pairs.txt");
    int folds = 0, per = 0;
    f >> folds >> per;
    std::vector<std::vector<Pair>> fold_pairs(folds);
    std::string line;
    std::getline(f, line);
    for (int k = 0; k < folds; ++k) {
      for (int i = 0; i < 2 * per && std::getline(f, line); ++i) {
        std::istringstream ls(line);
        std::vector<std::string> t;
        std::string w;
        while (ls >> w) t.push_back(w);
        if (t.size() == 3) fold_pairs[k].push_back({LfwPath(lfw, t[0], std::stoi(t[1])), LfwPath(lfw, t[0], std::stoi(t[2])), true});
        else if (t.size() == 4) fold_pairs[k].push_back({LfwPath(lfw, t[0], std::stoi(t[1])), LfwPath(lfw, t[2], std::stoi(t[3])), false});
      }
    }
    std::vector<std::vector<std::pair<float, bool>>> scored(folds);
    size_t done = 0;
    for (int k = 0; k < folds; ++k)
      for (const Pair& p : fold_pairs[k]) {
        if (limit && done >= limit) break;
        scored[k].push_back({Score(emb.Get(p.a), emb.Get(p.b)), p.same});
        ++done;
      }
    // 10-fold: the threshold is chosen on nine folds and tested on the tenth.
    auto accuracy = [](const std::vector<std::pair<float, bool>>& s, float t) {
      int ok = 0;
      for (auto& [sc, same] : s) ok += (sc >= t) == same;
      return s.empty() ? 0.0 : double(ok) / s.size();
    };
    std::vector<double> accs;
    std::vector<double> chosen;
    for (int k = 0; k < folds; ++k) {
      if (scored[k].empty()) continue;
      std::vector<std::pair<float, bool>> train;
      for (int j = 0; j < folds; ++j)
        if (j != k) train.insert(train.end(), scored[j].begin(), scored[j].end());
      float best_t = 0;
      double best_a = -1;
      for (float t = -0.2f; t <= 0.9f; t += 0.005f) {
        double a = accuracy(train, t);
        if (a > best_a) best_a = a, best_t = t;
      }
      chosen.push_back(best_t);
      accs.push_back(accuracy(scored[k], best_t));
    }
    double mean = 0, sd = 0;
    for (double a : accs) mean += a;
    mean /= std::max<size_t>(1, accs.size());
    for (double a : accs) sd += (a - mean) * (a - mean);
    sd = std::sqrt(sd / std::max<size_t>(1, accs.size()));
    int same = 0, diff = 0, fa = 0, fr = 0;
    for (auto& s : scored)
      for (auto& [sc, is_same] : s) {
        if (is_same) { ++same; fr += sc < threshold; }
        else { ++diff; fa += sc >= threshold; }
      }
    out["lfw"] = {{"pairs", same + diff}, {"accuracy_mean", mean}, {"accuracy_sd", sd},
                  {"fold_thresholds", chosen}, {"far_at_threshold", double(fa) / std::max(1, diff)},
                  {"frr_at_threshold", double(fr) / std::max(1, same)},
                  {"photos_without_face", emb.no_face}};
  }

  if (!webcam.empty()) {
    auto ids = nlohmann::json::parse(Slurp(webcam + "/identities.json"));
    // Enrol each person's first frame; probe with all their other frames.
    // Every probe is identified 1:N against the whole gallery (as the kiosk
    // does); pairs are also scored 1:1 for the plain FAR.
    face::FaceGallery gallery(512);
    std::vector<std::vector<Embedding>> frames;
    for (size_t p = 0; p < ids.size(); ++p) {
      std::vector<Embedding> es;
      for (const auto& rel : ids[p]) es.push_back(emb.Get(webcam + "/" + rel.get<std::string>()));
      frames.push_back(es);
      if (!es.empty() && !es[0].empty()) gallery.Add(1, int64_t(p + 1), es[0]);
    }
    int genuine = 0, frr = 0, impostor_pairs = 0, far_pairs = 0, wrong_person = 0;
    std::vector<float> same_scores, diff_scores;
    for (size_t p = 0; p < frames.size(); ++p)
      for (size_t i = 1; i < frames[p].size(); ++i) {
        const Embedding& probe = frames[p][i];
        ++genuine;
        auto m = probe.empty() ? face::GalleryMatch{} : gallery.Identify(1, probe);
        bool accepted = m.delegate_id != 0 && m.score >= threshold && m.score - m.second >= margin;
        if (!accepted || m.delegate_id != int64_t(p + 1)) ++frr;
        if (accepted && m.delegate_id != int64_t(p + 1)) ++wrong_person;
        same_scores.push_back(Score(probe, frames[p][0]));
      }
    // Strangers: each person's frames against every other person's enrolled frame.
    for (size_t p = 0; p < frames.size(); ++p)
      for (size_t q = 0; q < frames.size(); ++q) {
        if (p == q) continue;
        for (const Embedding& probe : frames[p]) {
          ++impostor_pairs;
          float s = Score(probe, frames[q][0]);
          diff_scores.push_back(s);
          far_pairs += s >= threshold;
        }
      }
    // Open-set: remove each person from the gallery and probe with all of
    // their frames — anyone accepted is a stranger let in.
    int stranger_probes = 0, stranger_accepted = 0;
    for (size_t p = 0; p < frames.size(); ++p) {
      face::FaceGallery g(512);
      for (size_t q = 0; q < frames.size(); ++q)
        if (q != p && !frames[q].empty() && !frames[q][0].empty()) g.Add(1, int64_t(q + 1), frames[q][0]);
      for (const Embedding& probe : frames[p]) {
        ++stranger_probes;
        if (probe.empty()) continue;
        auto m = g.Identify(1, probe);
        stranger_accepted += m.score >= threshold && m.score - m.second >= margin;
      }
    }
    auto mx = [](const std::vector<float>& v) { return v.empty() ? 0.f : *std::max_element(v.begin(), v.end()); };
    auto mn = [](const std::vector<float>& v) { return v.empty() ? 0.f : *std::min_element(v.begin(), v.end()); };
    out["webcam"] = {{"people", frames.size()}, {"genuine_probes", genuine},
                     {"frr", double(frr) / std::max(1, genuine)},
                     {"wrong_person_accepts", wrong_person},
                     {"impostor_pairs", impostor_pairs},
                     {"far_pairs", double(far_pairs) / std::max(1, impostor_pairs)},
                     {"stranger_probes", stranger_probes},
                     {"stranger_accept_rate", double(stranger_accepted) / std::max(1, stranger_probes)},
                     {"max_impostor_score", mx(diff_scores)}, {"min_genuine_score", mn(same_scores)}};
  }
  if (!speed_dir.empty()) {
    // One check-in as the server does it, on one core: decode a 640×480
    // webcam JPEG, detect, landmarks, align, embed (+ mirror), match 1:N
    // against 1,000 enrolled faces.
    auto ids = nlohmann::json::parse(Slurp(speed_dir + "/identities.json"));
    face::FaceGallery gallery(512);
    std::mt19937 rng(7);
    std::normal_distribution<float> nd;
    for (int i = 0; i < 1000; ++i) {
      Embedding e(512);
      for (float& x : e) x = nd(rng);
      face::Normalize(e);
      gallery.Add(1, i + 1, e);
    }
    std::vector<double> ms;
    for (int round = 0; round < 3; ++round)
      for (const auto& person : ids)
        for (const auto& rel : person) {
          const std::string bytes = Slurp(speed_dir + "/" + rel.get<std::string>());
          auto t0 = std::chrono::steady_clock::now();
          auto r = (*engine)->Read(bytes);
          if (r.ok() && !r->embedding.empty()) (void)gallery.Identify(1, r->embedding);
          ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        }
    out["checkin_640x480"] = {{"frames", ms.size()}, {"ms_p50", Percentile(ms, 0.5)}, {"ms_p99", Percentile(ms, 0.99)}};
  }
  if (match_speed) {
    std::mt19937 rng(11);
    std::normal_distribution<float> nd;
    nlohmann::json m = nlohmann::json::object();
    for (int n : {1000, 10000, 100000}) {
      face::FaceGallery g(512);
      for (int i = 0; i < n; ++i) {
        Embedding e(512);
        for (float& x : e) x = nd(rng);
        face::Normalize(e);
        g.Add(1, i + 1, e);
      }
      std::vector<double> ms;
      for (int q = 0; q < 200; ++q) {
        Embedding p(512);
        for (float& x : p) x = nd(rng);
        face::Normalize(p);
        auto t0 = std::chrono::steady_clock::now();
        volatile auto r = g.Identify(1, p).score;
        (void)r;
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      }
      m[std::to_string(n)] = {{"ms_p50", Percentile(ms, 0.5)}, {"ms_p99", Percentile(ms, 0.99)}};
    }
    out["match_1_to_n"] = m;
  }
  out["ms_per_photo_p50"] = Percentile(emb.ms, 0.5);
  out["ms_per_photo_p99"] = Percentile(emb.ms, 0.99);
  out["photos"] = emb.ms.size();
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}
