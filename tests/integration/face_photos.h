// The LFW press photos the face tests enrol and check in with (from
// ../shared/faces, fetched by scripts/setup.sh), and the two face routes
// they call. Shared by checkin_test and face_keys_test.
#pragma once

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "http_client.h"
#include "test_files.h"

namespace phonghop::testing {

inline const std::string kLfw = std::string(PHONGHOP_SHARED_DIR) + "/faces/lfw/images";
inline const std::map<std::string, std::string> kJpeg = {{"Content-Type", "image/jpeg"}};

// True when the LFW photos and the face models are there (else the face
// tests skip, saying to run ./scripts/setup.sh).
inline bool HaveFaces() {
  return std::filesystem::exists(kLfw) &&
         std::filesystem::exists(std::filesystem::path(PHONGHOP_SOURCE_DIR) / "models/face/fr_feature.onnx");
}

// The path of the n-th photo (sorted by name) of `person` in the LFW
// folder; throws std::out_of_range when there is no such photo.
inline std::string Photo(const std::string& person, int n) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(kLfw + "/" + person)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files.at(n);
}

// Enrols the photo in `file` as the face of the demo congress's delegate
// `badge`, as the secretariat's desk does (staff session; `q`: the query).
inline HttpResult Enrol(uint16_t port, const std::string& badge, const std::string& file,
                        const std::string& q = "consent=1") {
  return Http(port, "POST", "/api/v1/congresses/demo/delegates/" + badge + "/face?" + q, ReadFile(file), kJpeg);
}

// A JPEG frame at door `kiosk` of the demo congress (staff session).
inline HttpResult FaceCheckIn(uint16_t port, const std::string& bytes, const std::string& kiosk = "Cua-A") {
  return Http(port, "POST", "/api/v1/congresses/demo/checkin/face?kiosk=" + kiosk, bytes, kJpeg);
}

}  // namespace phonghop::testing
