// `phonghop face embed | liveness | enroll | identify | delete`: the face
// engine, the liveness check and enrolment from the command line, for
// scripts, tests and benchmarks.
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/app_context.h"
#include "app/cli_util.h"
#include "app/storage_options.h"
#include "app/resource_dir.h"
#include "face/liveness.h"
#include "face/opencv/opencv_face_engine.h"
#include "face/opencv/opencv_liveness.h"

namespace phonghop::app {

namespace {

constexpr size_t kMaxImageBytes = 64u << 20;

const char kUsage[] =
    "Usage: phonghop face embed [--models DIR] --json IMAGE...\n"
    "       phonghop face liveness [--models DIR] --json IMAGE...\n"
    "       phonghop face enroll --data DIR --congress SLUG --delegate BADGE [--keep-photo] IMAGE...\n"
    "       phonghop face identify --data DIR --congress SLUG [--json] IMAGE\n"
    "       phonghop face delete --data DIR --congress SLUG (--delegate BADGE | --all)\n"
    "       (enroll, identify, delete also take --database URL --blobs S3URL, as serve)\n"
    "\n"
    "embed:    one JSON line per image: {\"image\", \"faces\", \"box\": [x,y,w,h],\n"
    "          \"embedding\": [512 numbers] | null} for the largest face.\n"
    "liveness: one JSON line per image: {\"image\", \"faces\", \"live\": true|false|null,\n"
    "          \"score\": live probability | null} for the main face, with the\n"
    "          kiosk's single-frame rule (null: no face).\n"
    "enroll:   stores the delegate's face (embedding; the photo only with\n"
    "          --keep-photo). The operator confirms the delegate's consent.\n"
    "identify: {\"delegate\": BADGE | null, \"score\": best cosine}.\n"
    "delete:   removes biometric data of one delegate or the whole congress.";

struct Common {
  std::string data, slug, badge, models;
  std::vector<std::string> images;
  bool json = false, keep_photo = false, all = false;
  DatabaseOptions db_opts;
};

std::optional<po::variables_map> Parse(const Args& rest, Common& c, int* code) {
  po::options_description desc("face options");
  desc.add_options()
      ("data", po::value(&c.data), "data directory")
      ("congress", po::value(&c.slug), "congress slug")
      ("delegate", po::value(&c.badge), "badge number")
      ("models", po::value(&c.models), "directory of the face models (default: models/face)")
      ("json", "JSON output")
      ("keep-photo", "also keep a face photo (for operators to compare)")
      ("all", "every delegate of the congress")
      ("image", po::value(&c.images)->multitoken(), "image files");
  AddStorageOptions(desc, &c.db_opts);
  po::positional_options_description pos;
  pos.add("image", -1);
  auto vm = ParseArgs(rest, kUsage, desc, &pos, code);
  if (vm) {
    c.json = vm->count("json") > 0;
    c.keep_photo = vm->count("keep-photo") > 0;
    c.all = vm->count("all") > 0;
  }
  return vm;
}

int Embed(const Common& c) {
  face::OpenCvEngineOptions o;
  o.model_dir = FindResourceDir({c.models, "PHONGHOP_MODELS", {"../../models/face"}, "models/face", "fr_feature.onnx"});
  o.max_parallel = 1;
  auto engine = face::OpenCvFaceEngine::Create(o);
  if (!engine.ok()) return Fail(engine.status());
  int rejected = 0;
  for (const std::string& path : c.images) {
    nlohmann::json j = {{"image", path}};
    auto bytes = ReadFile(path, kMaxImageBytes);
    Result<face::FaceReading> r = bytes.ok() ? (*engine)->Read(*bytes) : Result<face::FaceReading>(bytes.status());
    if (!r.ok()) {
      j["faces"] = 0;
      j["box"] = nullptr;
      j["embedding"] = nullptr;
      j["error"] = r.status().message();
      ++rejected;
    } else {
      j["faces"] = r->faces;
      if (r->faces > 0) {
        j["box"] = {r->box.x, r->box.y, r->box.w, r->box.h};
        j["embedding"] = r->embedding;
      } else {
        j["box"] = nullptr;
        j["embedding"] = nullptr;
      }
    }
    std::cout << j.dump() << "\n";
  }
  return rejected ? kExitRejected : kExitOk;
}

int Liveness(const Common& c) {
  face::OpenCvEngineOptions o;
  o.model_dir = FindResourceDir({c.models, "PHONGHOP_MODELS", {"../../models/face"}, "models/face", "fr_feature.onnx"});
  o.max_parallel = 1;
  auto engine = face::OpenCvFaceEngine::Create(o);
  if (!engine.ok()) return Fail(engine.status());
  face::OpenCvLivenessOptions lo;
  lo.model_dir = o.model_dir;
  lo.max_parallel = 1;
  auto live = face::OpenCvLiveness::Create(lo);
  if (!live.ok()) return Fail(live.status());
  const face::LivenessPolicy policy;  // the server's rule
  int rejected = 0;
  for (const std::string& path : c.images) {
    nlohmann::json j = {{"image", path}, {"faces", 0}, {"live", nullptr}, {"score", nullptr}};
    auto bytes = ReadFile(path, kMaxImageBytes);
    Result<face::FaceReading> r = bytes.ok() ? (*engine)->Read(*bytes) : Result<face::FaceReading>(bytes.status());
    if (!r.ok()) {
      j["error"] = r.status().message();
      ++rejected;
    } else if (r->faces > 0) {
      j["faces"] = r->faces;
      auto s = (*live)->LiveProbability(*bytes, r->box);
      if (s.ok()) {
        j["live"] = face::IsLive(*s, policy);
        j["score"] = *s;
      } else {
        j["error"] = s.status().message();
        ++rejected;
      }
    }
    std::cout << j.dump() << "\n";
  }
  return rejected ? kExitRejected : kExitOk;
}

}  // namespace

int FaceCommand(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kUsage << "\n";
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::string verb = args[0];
  Args rest(args.begin() + 1, args.end());
  Common c;
  int code = 0;
  auto vm = Parse(rest, c, &code);
  if (!vm) return code;
  if (verb == "embed") {
    if (c.images.empty()) {
      std::cerr << "phonghop face embed: no IMAGE given\n";
      return kExitUsage;
    }
    return Embed(c);
  }
  if (verb == "liveness") {
    if (c.images.empty()) {
      std::cerr << "phonghop face liveness: no IMAGE given\n";
      return kExitUsage;
    }
    return Liveness(c);
  }
  if (verb != "enroll" && verb != "identify" && verb != "delete") {
    std::cerr << kUsage << "\n";
    return kExitUsage;
  }
  if (c.data.empty() || c.slug.empty()) {
    std::cerr << "phonghop face " << verb << ": --data and --congress are required\n";
    return kExitUsage;
  }
  auto ctx = AppContext::Open(c.data, c.db_opts);
  if (!ctx.ok()) return Fail(ctx.status());
  if (!c.models.empty()) (*ctx)->set_models_dir(c.models);
  auto& svc = (*ctx)->attendance();
  attendance::Actor cli{"cli", "", "", ""};

  if (verb == "enroll") {
    if (c.badge.empty() || c.images.empty()) {
      std::cerr << "phonghop face enroll: --delegate BADGE and at least one IMAGE are required\n";
      return kExitUsage;
    }
    int failed = 0;
    for (const auto& path : c.images) {
      auto bytes = ReadFile(path, kMaxImageBytes);
      auto o = bytes.ok() ? svc.Enrol(c.slug, c.badge, *bytes, /*consent=*/true, c.keep_photo, cli)
                          : Result<attendance::EnrolOutcome>(bytes.status());
      if (!o.ok()) {
        if (o.status().code() == StatusCode::kUnavailable || o.status().code() == StatusCode::kNotFound)
          return Fail(o.status());
        std::cerr << "phonghop: " << path << ": " << o.status().message() << "\n";
        ++failed;
        continue;
      }
      std::cout << "enrolled " << o->delegate.badge << " " << o->delegate.full_name << " from " << path
                << " (" << o->faces_enrolled << " photo(s))\n";
    }
    return failed ? kExitRejected : kExitOk;
  }

  if (verb == "delete") {
    Result<int> n = c.all ? svc.DeleteCongressBiometrics(c.slug, cli)
                          : c.badge.empty() ? Result<int>(Status::InvalidArgument("--delegate BADGE or --all"))
                                            : svc.DeleteBiometrics(c.slug, c.badge, cli);
    if (!n.ok()) return Fail(n.status());
    std::cout << "deleted " << *n << " face(s)\n";
    return kExitOk;
  }

  // identify
  if (c.images.size() != 1) {
    std::cerr << "phonghop face identify: exactly one IMAGE\n";
    return kExitUsage;
  }
  auto bytes = ReadFile(c.images[0], kMaxImageBytes);
  if (!bytes.ok()) return Fail(bytes.status());
  auto cong = (*ctx)->congresses().Get(c.slug);
  if (!cong.ok()) return Fail(cong.status());
  auto r = svc.Identify(c.slug, *bytes);
  if (!r.ok()) return Fail(r.status());
  nlohmann::json j = {{"delegate", r->badge.empty() ? nlohmann::json(nullptr) : nlohmann::json(r->badge)},
                      {"score", r->score},
                      {"second", r->second},
                      {"faces", r->faces}};
  if (c.json) std::cout << j.dump() << "\n";
  else std::cout << (r->badge.empty() ? "không nhận diện được (no match)" : r->badge + " " + r->full_name)
                 << "  score=" << r->score << "\n";
  return kExitOk;
}

}  // namespace phonghop::app
