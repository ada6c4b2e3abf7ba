#include "storage/face/sealed_attendance_repository.h"

#include <map>

#include "common/log.h"
#include "storage/face/face_seal.h"

namespace phonghop::storage::face {

Result<int64_t> SealedAttendanceRepository::AddFace(int64_t congress_id, const attendance::FaceRecord& f) {
  PH_ASSIGN_OR_RETURN(std::string key, keys_.GetOrCreate(congress_id, f.delegate_id));
  attendance::FaceRecord sealed = f;
  sealed.embedding = SealFace(key, congress_id, f.delegate_id, f.embedding);
  if (!f.photo_jpeg.empty()) sealed.photo_jpeg = SealFace(key, congress_id, f.delegate_id, f.photo_jpeg);
  sealed.sealed = true;
  return inner_.AddFace(congress_id, sealed);
}

Result<std::vector<std::pair<int64_t, std::string>>> SealedAttendanceRepository::ListFaces(
    int64_t congress_id, const std::string& model) {
  PH_ASSIGN_OR_RETURN(auto rows, inner_.ListFaces(congress_id, model));
  std::map<int64_t, std::optional<std::string>> keys;  // delegate → key (nullopt: destroyed)
  std::vector<std::pair<int64_t, std::string>> out;
  int unreadable = 0;
  for (auto& [delegate, bytes] : rows) {
    auto header = ReadSealedHeader(bytes);
    if (!header || header->congress_id != congress_id || header->delegate_id != delegate) {
      ++unreadable;  // in clear (not migrated yet) or not this row's: never used
      continue;
    }
    auto it = keys.find(delegate);
    if (it == keys.end()) {
      auto key = keys_.Get(congress_id, delegate);
      if (!key.ok() && key.status().code() != StatusCode::kNotFound) return key.status();
      it = keys.emplace(delegate, key.ok() ? std::optional<std::string>(*key) : std::nullopt).first;
    }
    if (!it->second) continue;  // erased: the key is gone
    auto plain = OpenFace(*it->second, bytes);
    if (!plain) {
      ++unreadable;
      continue;
    }
    out.emplace_back(delegate, std::move(*plain));
  }
  if (unreadable > 0)
    log::Warn("face gallery: " + std::to_string(unreadable) + " stored face(s) of congress " +
              std::to_string(congress_id) + " do not open with their key and were left out");
  return out;
}

Result<std::string> SealedAttendanceRepository::FacePhoto(int64_t delegate_id) {
  PH_ASSIGN_OR_RETURN(std::string bytes, inner_.FacePhoto(delegate_id));
  auto header = ReadSealedHeader(bytes);
  const Status none = Status::NotFound("Không lưu ảnh khuôn mặt của đại biểu này");
  if (!header || header->delegate_id != delegate_id) return none;
  auto key = keys_.Get(header->congress_id, delegate_id);
  if (!key.ok()) return key.status().code() == StatusCode::kNotFound ? none : key.status();
  auto plain = OpenFace(*key, bytes);
  if (!plain) return none;
  return std::move(*plain);
}

Result<int> SealedAttendanceRepository::DeleteFaces(int64_t delegate_id) {
  PH_RETURN_IF_ERROR(keys_.DestroyDelegate(delegate_id));
  return inner_.DeleteFaces(delegate_id);
}

Result<int> SealedAttendanceRepository::DeleteCongressFaces(int64_t congress_id) {
  PH_RETURN_IF_ERROR(keys_.DestroyCongress(congress_id).status());
  return inner_.DeleteCongressFaces(congress_id);
}

Result<int> SealedAttendanceRepository::SealLegacyFaces() {
  int total = 0;
  while (true) {
    PH_ASSIGN_OR_RETURN(auto batch, inner_.ListUnsealedFaces(100));
    if (batch.empty()) break;
    for (auto& f : batch) {
      PH_ASSIGN_OR_RETURN(std::string key, keys_.GetOrCreate(f.congress_id, f.delegate_id));
      f.embedding = SealFace(key, f.congress_id, f.delegate_id, f.embedding);
      if (f.photo) *f.photo = SealFace(key, f.congress_id, f.delegate_id, *f.photo);
    }
    PH_ASSIGN_OR_RETURN(int n, inner_.ReplaceWithSealed(batch));
    total += n;
    if (n == 0) break;  // another node sealed them meanwhile; nothing left we could do
  }
  if (total > 0) log::Info("face data sealed with per-delegate keys: " + std::to_string(total) + " face(s)");
  return total;
}

}  // namespace phonghop::storage::face
