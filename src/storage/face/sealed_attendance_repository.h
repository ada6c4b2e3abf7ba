// The AttendanceRepository every back-end is used through (decision 550):
// seals face embeddings and kept photos with the delegate's key before they
// reach the database, opens them on the way out, and destroys the key
// before deleting the rows — so a biometric deletion erases every copy the
// database keeps (dead tuples, WAL, standbys, backups), on SQLite and
// PostgreSQL alike. Everything else passes through unchanged. The domain
// never sees a key or a sealed byte.
#pragma once

#include "attendance/attendance_repository.h"
#include "storage/face/face_key_store.h"

namespace phonghop::storage::face {

class SealedAttendanceRepository final : public attendance::AttendanceRepository {
 public:
  // Neither is owned; both must outlive this. Thread-safe as `inner` is.
  SealedAttendanceRepository(attendance::AttendanceRepository& inner, FaceKeyStore& keys)
      : inner_(inner), keys_(keys) {}

  // Seals the faces stored in clear before migration 15 (each with its
  // delegate's key, made now) in batches; on SQLite the clear pages are
  // scrubbed. Returns how many were sealed. Safe to run on several nodes at
  // once (a row sealed by another is skipped).
  Result<int> SealLegacyFaces();

  Result<attendance::RecordedCheckIn> RecordCheckIn(const attendance::CheckIn& c,
                                                    const audit::Entry& audit) override {
    return inner_.RecordCheckIn(c, audit);
  }
  Result<std::vector<attendance::CheckIn>> ListCheckIns(int64_t session_id) override {
    return inner_.ListCheckIns(session_id);
  }
  Result<bool> CheckOut(int64_t session_id, int64_t delegate_id, int64_t at) override {
    return inner_.CheckOut(session_id, delegate_id, at);
  }
  // kUnavailable when the key store can't make the delegate's key (nothing
  // stored then).
  Result<int64_t> AddFace(int64_t congress_id, const attendance::FaceRecord& f) override;
  // Only the faces whose key still exists and which open under it: a face
  // whose key was destroyed (on this node or another) is not returned.
  // kUnavailable when the key store can't be read.
  Result<std::vector<std::pair<int64_t, std::string>>> ListFaces(int64_t congress_id,
                                                                 const std::string& model) override;
  // kNotFound also when the photo's key is gone.
  Result<std::string> FacePhoto(int64_t delegate_id) override;
  // Destroys the key(s) first, then deletes the rows: if the second step
  // fails, what is left no longer opens.
  Result<int> DeleteFaces(int64_t delegate_id) override;
  Result<int> DeleteCongressFaces(int64_t congress_id) override;
  Status SetConsent(int64_t delegate_id, attendance::Consent c, const std::string& by, int64_t now) override {
    return inner_.SetConsent(delegate_id, c, by, now);
  }
  Result<std::map<int64_t, attendance::BiometricStatus>> Biometrics(int64_t congress_id) override {
    return inner_.Biometrics(congress_id);
  }
  Result<std::vector<attendance::UnsealedFace>> ListUnsealedFaces(int limit) override {
    return inner_.ListUnsealedFaces(limit);
  }
  Result<int> ReplaceWithSealed(const std::vector<attendance::UnsealedFace>& faces) override {
    return inner_.ReplaceWithSealed(faces);
  }

 private:
  attendance::AttendanceRepository& inner_;
  FaceKeyStore& keys_;
};

}  // namespace phonghop::storage::face
