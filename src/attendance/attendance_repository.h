// Storage port of attendance and face enrolment. Each method is one
// transaction; implemented by storage/sqlite.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attendance/model.h"
#include "audit/audit_log.h"
#include "common/status.h"

namespace phonghop::attendance {

// A face row as stored before sealing existed (migration 15): the storage's
// sealing layer reads these once and writes them back sealed.
struct UnsealedFace {
  int64_t id = 0;
  int64_t congress_id = 0;
  int64_t delegate_id = 0;
  std::string embedding;
  std::optional<std::string> photo;
};

class AttendanceRepository {
 public:
  virtual ~AttendanceRepository() = default;

  // Inserts the check-in unless the delegate already has one for the
  // session, and, only when it inserts, appends `audit` in the same
  // transaction. Returns the stored record and what happened: kInserted,
  // kAlready (present before: the first record), or kReplayed when
  // `c.idempotency_key` is not empty and a check-in of the congress was
  // already stored under that key (that record; nothing written). Concurrent
  // calls for the same person store exactly one row and one audit entry.
  // kUnavailable when the store is unreachable (the outcome is then unknown
  // to the caller: retry with the same key).
  virtual Result<RecordedCheckIn> RecordCheckIn(const CheckIn& c, const audit::Entry& audit) = 0;
  // Every check-in of the session, including those who left (left_at set).
  virtual Result<std::vector<CheckIn>> ListCheckIns(int64_t session_id) = 0;
  // Marks the delegate as gone (check-out at the door); a later check-in
  // brings them back. kNotFound without a check-in; false when already out.
  virtual Result<bool> CheckOut(int64_t session_id, int64_t delegate_id, int64_t at) = 0;

  // Stores one enrolled face and marks consent given, in one transaction.
  // `f.sealed` is recorded with the row (the storage's sealing layer sets it).
  virtual Result<int64_t> AddFace(int64_t congress_id, const FaceRecord& f) = 0;
  // Embeddings of a congress made by `model`: (delegate id, bytes).
  virtual Result<std::vector<std::pair<int64_t, std::string>>> ListFaces(
      int64_t congress_id, const std::string& model) = 0;
  virtual Result<std::string> FacePhoto(int64_t delegate_id) = 0;  // kNotFound if none
  // Deletes the faces (embeddings and photos) of one delegate / a whole
  // congress, overwriting the freed pages, and checkpoints the WAL so the
  // bytes leave the files. Returns how many faces went.
  virtual Result<int> DeleteFaces(int64_t delegate_id) = 0;
  virtual Result<int> DeleteCongressFaces(int64_t congress_id) = 0;

  virtual Status SetConsent(int64_t delegate_id, Consent c, const std::string& by, int64_t now) = 0;
  virtual Result<std::map<int64_t, BiometricStatus>> Biometrics(int64_t congress_id) = 0;

  // Up to `limit` faces stored in clear (not marked sealed), oldest first.
  virtual Result<std::vector<UnsealedFace>> ListUnsealedFaces(int limit) = 0;
  // Replaces each face's embedding and photo with the given (sealed) bytes
  // and marks it sealed, skipping rows another writer sealed meanwhile; one
  // transaction. The clear bytes are scrubbed from the files where the
  // back-end can (SQLite). Returns how many rows were replaced.
  virtual Result<int> ReplaceWithSealed(const std::vector<UnsealedFace>& faces) = 0;
};

}  // namespace phonghop::attendance
