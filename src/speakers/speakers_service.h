// Use cases of the list of speakers: delegates register (checked in to the
// item's session, list open), the chair approves, orders, starts, pauses,
// resumes, ends and skips; the server owns the timer. Thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "attendance/attendance_repository.h"
#include "audit/audit_log.h"
#include "common/clock.h"
#include "common/event_publisher.h"
#include "common/unit_of_work.h"
#include "congress/congress_repository.h"
#include "speakers/speakers_repository.h"

namespace phonghop::speakers {

struct Requester {
  std::string name;        // for decided_by / audit
  int64_t delegate_id = 0; // the delegate asking (badge session)
  bool chair = false;      // chair, secretariat or admin
  std::string address;
};

struct Registration {
  SpeechKind kind = SpeechKind::kSpeech;
  std::string topic;
  std::string document_code;
  std::string badge;  // chair only: register someone else
};

struct SpeakerList {
  ListState state;
  std::vector<SpeechRequest> queue;      // approved, waiting, in order
  std::vector<SpeechRequest> requested;  // waiting for approval
  std::vector<SpeechRequest> others;     // done, rejected, withdrawn, skipped, submitted
  std::optional<SpeechRequest> current;  // speaking now on this item
  int64_t server_now = 0;
};

class SpeakersService {
 public:
  SpeakersService(congress::CongressRepository& congresses, attendance::AttendanceRepository& attendance,
                  SpeakersRepository& repo, audit::AuditLog& audit, const Clock& clock, EventPublisher& events);

  // kPermissionDenied (not_present) when the delegate is not checked in to
  // the item's session; kConflict (list_closed) when the list is closed and
  // the caller is not the chair; kConflict (already_requested) for a second
  // active request of the same kind; kInvalidArgument for a topic over 200
  // characters (4,000 for a written opinion).
  Result<SpeechRequest> Register(std::string_view slug, int64_t item_id, const Registration& r, const Requester& by);
  Result<SpeakerList> List(std::string_view slug, int64_t item_id);
  // Whoever speaks now in the congress (one at a time), for the hall and
  // the phones after a reload; nullopt when nobody does.
  Result<std::optional<SpeechRequest>> Speaking(std::string_view slug);
  // action: approve | reject | withdraw | start | pause | resume | end | skip | readd.
  // withdraw: the requester themself or the chair; the rest: the chair only
  // (kPermissionDenied). kConflict for a state that does not allow it.
  Result<SpeechRequest> Act(std::string_view slug, int64_t id, std::string_view action, const Requester& by);
  Status Reorder(std::string_view slug, int64_t item_id, int64_t version, const std::vector<int64_t>& ids,
                 const Requester& by);
  Status SetClosed(std::string_view slug, int64_t item_id, bool closed, const Requester& by);
  // The store's unit of work (decision 553): each change of the list, its
  // audit row and its live events commit together. Set before serving.
  void SetUnitOfWork(UnitOfWork* units) { units_ = units; }

 private:
  struct Item {
    congress::Congress congress;
    congress::AgendaItem item;
  };
  Result<Item> Resolve(std::string_view slug, int64_t item_id);
  // Publishes the list's `speakers` (and `speaker_timer`) events as the
  // store now has them; the caller's unit fails when the list can't be read.
  Status Publish(const congress::Congress& c, int64_t item_id);
  // Runs `change`, then publishes the item's events, in one unit.
  Status Commit(const congress::Congress& c, int64_t item_id, const std::function<Status()>& change);
  UnitOfWork& Units() { return units_ ? *units_ : direct_; }
  void Audit(const Requester& by, const std::string& action, const std::string& outcome);

  congress::CongressRepository& congresses_;
  attendance::AttendanceRepository& attendance_;
  SpeakersRepository& repo_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  EventPublisher& events_;
  UnitOfWork* units_ = nullptr;
  DirectUnitOfWork direct_;
};

}  // namespace phonghop::speakers
