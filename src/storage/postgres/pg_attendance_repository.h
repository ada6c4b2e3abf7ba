// AttendanceRepository on PostgreSQL (tables of migration 6).
#pragma once

#include "attendance/attendance_repository.h"
#include "storage/postgres/pg_db.h"

namespace phonghop::storage::pg {

class PgAttendanceRepository final : public attendance::AttendanceRepository {
 public:
  explicit PgAttendanceRepository(PgDatabase& db) : db_(db) {}

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
  // No secure_delete in PostgreSQL: a deleted face survives in dead tuples
  // until VACUUM, in the WAL, on standbys and in backups (decision 506).
  PgDatabase& db_;
};

}  // namespace phonghop::storage::pg
