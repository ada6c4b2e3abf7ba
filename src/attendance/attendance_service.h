// Use cases of check-in and face enrolment: enrol a delegate's face (with
// consent and quality gates), check in by face / badge / operator, the roll
// call of a session with its quorum, and deletion of biometric data.
// No HTTP, no SQL, no OpenCV: the engine and the store are ports.
#pragma once

#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "attendance/attendance_repository.h"
#include "attendance/model.h"
#include "audit/audit_log.h"
#include "common/clock.h"
#include "common/event_publisher.h"
#include "common/unit_of_work.h"
#include "congress/congress_repository.h"
#include "face/face_engine.h"
#include "face/gallery.h"
#include "face/liveness.h"
#include "face/quality.h"

namespace phonghop::attendance {

// Decision rule of 1:N identification (calibrated in docs/BENCHMARKS.md):
// the best cosine must reach `threshold` and beat the best of anyone else
// by `margin`; otherwise the person is a stranger.
struct MatchPolicy {
  float threshold = 0.45f;
  float margin = 0.05f;
  // 1:1 after a badge scan: the card holder's own photos only.
  float verify_threshold = 0.40f;
};

struct Actor {
  std::string name;     // "admin (admin)", "cli"
  std::string address;  // remote IP, "" for the CLI
  std::string kiosk;    // kiosk name, "" when not at a kiosk
  // The kiosk's Idempotency-Key of this attempt ("" = none): a retry after a
  // lost reply gets the first answer and writes nothing (decision 530).
  std::string idempotency_key;
};

struct EnrolOutcome {
  congress::Delegate delegate;
  face::FaceReading reading;
  bool photo_kept = false;
  int faces_enrolled = 0;  // this delegate's photos now
};

struct CheckInOutcome {
  enum class Kind {
    kCheckedIn,    // recorded now
    kAlready,      // was already present ("đã điểm danh lúc 07:42")
    kUnknown,      // a face, but nobody enrolled matches it
    kBadFrame,     // no usable face (problem says why)
    kMismatch,     // badge scanned, but the face is not the card holder's
    kNotLive,      // the liveness check refused the frames (a photo held up?)
  };
  Kind kind = Kind::kUnknown;
  congress::Delegate delegate;
  CheckIn record;
  float score = 0, second = 0;
  face::FaceProblem problem = face::FaceProblem::kNone;
  face::FaceBox box;
  float live = -1;             // median live probability of the frames; -1 = not checked
  int suspected_attacks = 0;   // kNotLive: refusals in this congress since the server started
  bool replayed = false;       // kCheckedIn answered again for a retried idempotency key
};
const char* ToString(CheckInOutcome::Kind k);

class AttendanceService {
 public:
  // `engine` may be null (models not installed): face operations then
  // answer kUnavailable and everything else works. `liveness` checks every
  // kiosk frame before identification; when it is null and
  // `live_policy.required`, face check-in answers kUnavailable (enrolment
  // still works: enrolment photos are not liveness-checked, they may be scans).
  AttendanceService(congress::CongressRepository& congresses, AttendanceRepository& repo,
                    face::FaceEngine* engine, face::FaceGallery& gallery, audit::AuditLog& audit,
                    const Clock& clock, EventPublisher& events, MatchPolicy policy = {},
                    face::LivenessDetector* liveness = nullptr, face::LivenessPolicy live_policy = {});

  bool face_available() const { return engine_ != nullptr; }
  bool liveness_available() const { return liveness_ != nullptr; }
  const face::LivenessPolicy& live_policy() const { return live_policy_; }
  // Refusals by the liveness check in the congress since the server started.
  int SuspectedAttacks(std::string_view slug) const;
  const MatchPolicy& policy() const { return policy_; }
  // Loads every congress's enrolled faces into the gallery (start-up).
  Status LoadGallery();
  // Reloads one congress's faces from the store: another node enrolled or
  // deleted some (its `biometrics_changed` event). kNotFound for an unknown
  // congress. Thread-safe.
  Status ReloadGallery(std::string_view slug);

  // --- enrolment (secretariat) ---
  // Needs consent == true (the secretariat confirms the delegate agreed).
  // kInvalidArgument with a message for a photo that fails the quality
  // gates; kConflict when the face is already enrolled for another
  // delegate. Keeps a face photo only if `keep_photo`.
  Result<EnrolOutcome> Enrol(std::string_view slug, std::string_view badge, std::string_view image,
                             bool consent, bool keep_photo, const Actor& by);
  Status RecordRefusal(std::string_view slug, std::string_view badge, const Actor& by);
  // The kept face photo (JPEG) of a delegate; kNotFound when none is kept.
  // Each read is one audit row naming `by` and the delegate (Decree 13:
  // who saw a biometric photo is on record).
  Result<std::string> Photo(std::string_view slug, std::string_view badge, const Actor& by);
  // Deletes the delegate's / the congress's biometric data. Returns faces deleted.
  Result<int> DeleteBiometrics(std::string_view slug, std::string_view badge, const Actor& by);
  Result<int> DeleteCongressBiometrics(std::string_view slug, const Actor& by);
  Result<std::map<int64_t, BiometricStatus>> Biometrics(std::string_view slug);

  // --- check-in (operators at the door) ---
  // `session_id` 0 = the current session (see CurrentSession).
  // `frames`: one to five photos of the same moment (the kiosk sends
  // LivenessPolicy::frames steady frames). Each must show a usable face
  // (else kBadFrame); the median live probability decides liveness (else
  // kNotLive: nobody is checked in, the attempt is counted and written to
  // the audit log as "suspected photo", no picture is kept); then the mean
  // embedding is identified 1:N, and every frame must also match the
  // identified delegate 1:1 (else kUnknown). kInvalidArgument for no frame,
  // more than five, or an unreadable image.
  Result<CheckInOutcome> CheckInByFace(std::string_view slug, int64_t session_id,
                                       std::span<const std::string_view> frames, const Actor& by);
  Result<CheckInOutcome> CheckInByFace(std::string_view slug, int64_t session_id,
                                       std::string_view image, const Actor& by) {
    return CheckInByFace(slug, session_id, std::span<const std::string_view>(&image, 1), by);
  }
  // `badge_or_token`: the badge number or the personal token of the badge
  // QR. With `image` and a face enrolled for the card holder, the frame must
  // pass the liveness check (else kNotLive) and match the holder 1:1 (else
  // kMismatch); without an enrolled face the badge alone checks in.
  Result<CheckInOutcome> CheckInByBadge(std::string_view slug, int64_t session_id,
                                        std::string_view badge_or_token, std::string_view image,
                                        const Actor& by);
  // kInvalidArgument without a reason.
  Result<CheckInOutcome> CheckInManual(std::string_view slug, int64_t session_id,
                                       std::string_view badge, std::string_view reason,
                                       const Actor& by);

  // Check-out at the door: the delegate no longer counts as present (quorum,
  // ballots, list of speakers) until they check in again. Returns false when
  // they had already left; kNotFound without a check-in or for an unknown badge.
  Result<bool> CheckOut(std::string_view slug, int64_t session_id, std::string_view badge, const Actor& by);

  // --- roll call ---
  Result<Roll> RollCall(std::string_view slug, int64_t session_id);
  // The session happening now (venue time, UTC+7): the one running, else
  // the next today, else the next to come, else the last.
  Result<congress::Session> CurrentSession(std::string_view slug, int64_t session_id = 0);

  // Who this is, without recording anything (CLI, tests): the badge is
  // empty when the decision rule refuses the best match.
  struct Identification {
    std::string badge, full_name;
    float score = 0, second = 0;
    int faces = 0;
  };
  Result<Identification> Identify(std::string_view slug, std::string_view image);

  // Just the face part of a photo (CLI `face embed`, enrolment previews).
  Result<face::FaceReading> ReadFace(std::string_view image);

  // The store's unit of work (decision 552): a check-in or check-out and
  // the roll's live event commit together. Not owned; null = none (tests).
  void SetUnitOfWork(UnitOfWork* units) { units_ = units; }

 private:
  struct Context {
    congress::Congress congress;
    congress::Session session;
  };
  Result<Context> Resolve(std::string_view slug, int64_t session_id);
  Result<congress::Delegate> FindDelegate(int64_t congress_id, std::string_view badge);
  Result<CheckInOutcome> Record(const Context& ctx, const congress::Delegate& d, Method m,
                                double score, std::string reason, const Actor& by);
  // Liveness of the readings' frames: the median live probability in
  // `o->live`; false (with o->kind = kNotLive, counted and audited) when refused.
  Result<bool> CheckLive(const Context& ctx, std::span<const std::string_view> frames,
                         std::span<const face::FaceReading> readings, const Actor& by,
                         const std::string& badge, CheckInOutcome* o);
  void Audit(const Actor& by, const std::string& action, const std::string& outcome);
  void PublishRoll(const Context& ctx, const CheckInOutcome& o);

  congress::CongressRepository& congresses_;
  AttendanceRepository& repo_;
  face::FaceEngine* engine_;
  face::FaceGallery& gallery_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  EventPublisher& events_;
  MatchPolicy policy_;
  face::LivenessDetector* liveness_;
  face::LivenessPolicy live_policy_;
  mutable std::mutex attacks_mu_;
  std::map<int64_t, int> attacks_;  // congress id → suspected attacks
  UnitOfWork* units_ = nullptr;
  DirectUnitOfWork direct_;
  UnitOfWork& Units() { return units_ ? *units_ : direct_; }
};

}  // namespace phonghop::attendance
