// Attendance (điểm danh) and face enrolment: plain values, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "congress/model.h"

namespace phonghop::attendance {

enum class Method { kFace, kBadge, kManual };
const char* ToString(Method m);
std::optional<Method> ParseMethod(std::string_view s);

// One delegate present at one session. At most one per (session, delegate):
// a second check-in returns the first.
struct CheckIn {
  int64_t id = 0;
  int64_t congress_id = 0;
  int64_t session_id = 0;
  int64_t delegate_id = 0;
  Method method = Method::kManual;
  int64_t at = 0;             // Unix seconds
  std::string kiosk;          // "Cửa A"
  std::string operator_name;  // the signed-in operator
  std::string reason;         // manual check-ins: why
  double score = 0;           // face: cosine of the match
  int64_t left_at = 0;        // checked out at the door (0: still here)
  // The kiosk's Idempotency-Key of the attempt that stored this row ("" =
  // none): a retry with the same key gets this row back (decision 530).
  std::string idempotency_key;
};

// What RecordCheckIn did with a check-in.
struct RecordedCheckIn {
  enum class How {
    kInserted,  // stored now (with its audit row, in the same transaction)
    kAlready,   // the delegate was already present: the first row, nothing written
    kReplayed,  // a retry of the attempt (same idempotency key) that stored `record`
  };
  CheckIn record;
  How how = How::kInserted;
};

// Consent to biometric processing (Decree 13/2023/ND-CP: sensitive data).
enum class Consent { kUnknown, kGiven, kRefused };
const char* ToString(Consent c);

struct BiometricStatus {
  int64_t delegate_id = 0;
  Consent consent = Consent::kUnknown;
  int64_t consent_at = 0;
  std::string consent_by;
  int faces = 0;         // enrolled embeddings
  bool photo = false;    // a face photo is kept
};

struct FaceRecord {
  int64_t delegate_id = 0;
  std::string embedding;  // face::ToBytes
  std::string model;      // FaceEngine::model_id()
  std::string photo_jpeg; // empty unless the congress keeps photos
  int64_t created_at = 0;
  std::string created_by;
  // embedding/photo_jpeg hold sealed bytes (storage/face, decision 550).
  bool sealed = false;
};

struct DelegationAttendance {
  int64_t delegation_id = 0;
  std::string name;
  int expected = 0;
  int present = 0;
};

// The roll call of one session, as the dashboard shows it.
struct Roll {
  congress::Session session;
  int expected = 0;           // all delegates summoned
  int present = 0;
  int official_expected = 0;  // official delegates (count for the quorum)
  int official_present = 0;
  int quorum_needed = 0;      // ceil(official_expected × num / den)
  bool delegates_quorum_met = false;  // first half of R1
  // Second half of R1: delegations (units with an official delegate
  // summoned) represented by at least one official present.
  int units_expected = 0;
  int units_present = 0;
  int units_needed = 0;
  bool units_quorum_met = false;
  bool quorum_met = false;    // both halves
  std::string quorum_message; // why not, with both figures; "" when met
  std::vector<DelegationAttendance> by_delegation;
  std::vector<congress::Delegate> missing;
  std::vector<std::pair<CheckIn, congress::Delegate>> present_list;  // newest first
  int by_face = 0, by_badge = 0, by_manual = 0;
};

}  // namespace phonghop::attendance
