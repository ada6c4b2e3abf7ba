// AttendanceRepository on SQLite (tables of migration 6).
#pragma once

#include <chrono>

#include "attendance/attendance_repository.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {

class SqliteAttendanceRepository final : public attendance::AttendanceRepository {
 public:
  explicit SqliteAttendanceRepository(SqliteDatabase& db) : db_(db) {}

  Result<attendance::RecordedCheckIn> RecordCheckIn(const attendance::CheckIn& c,
                                                    const audit::Entry& audit) override;
  Result<std::vector<attendance::CheckIn>> ListCheckIns(int64_t session_id) override;
  Result<bool> CheckOut(int64_t session_id, int64_t delegate_id, int64_t at) override;
  Result<int64_t> AddFace(int64_t congress_id, const attendance::FaceRecord& f) override;
  Result<std::vector<std::pair<int64_t, std::string>>> ListFaces(int64_t congress_id,
                                                                 const std::string& model) override;
  Result<std::string> FacePhoto(int64_t delegate_id) override;
  Result<int> DeleteFaces(int64_t delegate_id) override;
  Result<int> DeleteCongressFaces(int64_t congress_id) override;
  Status SetConsent(int64_t delegate_id, attendance::Consent c, const std::string& by,
                    int64_t now) override;
  Result<std::map<int64_t, attendance::BiometricStatus>> Biometrics(int64_t congress_id) override;
  Result<std::vector<attendance::UnsealedFace>> ListUnsealedFaces(int limit) override;
  Result<int> ReplaceWithSealed(const std::vector<attendance::UnsealedFace>& faces) override;

 private:
  // kUnavailable (and an error in the log) when old snapshots kept the
  // deleted pages in the WAL for the whole wait.
  Status Checkpoint();
  static constexpr std::chrono::seconds kCheckpointWait{5};
  static constexpr std::chrono::milliseconds kCheckpointPause{100};
  SqliteDatabase& db_;
};

}  // namespace phonghop::storage
