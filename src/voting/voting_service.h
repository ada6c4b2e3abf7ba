// Use cases of votes and elections: set up elections and polls, open
// (behind the quorum), cast ballots, close (the snapshot and the one
// computation of the result), sign off, publish, cancel and restart.
// No HTTP, no SQL: the store is the VotingRepository port; the roll call
// comes from the attendance service. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "attendance/attendance_service.h"
#include "audit/audit_log.h"
#include "common/clock.h"
#include "common/event_publisher.h"
#include "common/table.h"
#include "common/unit_of_work.h"
#include "congress/congress_repository.h"
#include "voting/counting.h"
#include "voting/minutes_filer.h"
#include "voting/voting_repository.h"

namespace phonghop::voting {

// Who is asking (from the HTTP principal).
struct Caller {
  std::string name;  // "Lâm Ngọc Ánh (delegate)"
  congress::Role role = congress::Role::kDelegate;
  int64_t delegate_id = 0;  // badge sessions
  int64_t session_id = 0;   // sign-in session id (device binding)
  std::string address;
  bool staff() const {
    return role == congress::Role::kAdmin || role == congress::Role::kSecretariat ||
           role == congress::Role::kChair;
  }
};

struct PollDraft {
  int64_t session_id = 0;
  int64_t agenda_item_id = 0;
  PollKind kind = PollKind::kMotion;
  PollMode mode = PollMode::kSecret;
  std::string title;
  int64_t election_id = 0;
  std::optional<PassRule> pass_rule;
  int duration_s = 0;
};

struct BallotInput {
  std::string nonce;             // 22 chars base64url of 16 random bytes
  std::optional<char> choice;    // motions: 'Y' | 'N' | 'A'
  std::optional<std::vector<int>> keep;  // elections: kept positions
};

struct CastOutcome {
  bool created = false;   // false: the same nonce was already recorded
  std::string receipt;    // "7K2Q-MX9D": the first 40 bits of the nonce
};

struct MeInfo {
  bool eligible = false;
  std::string reason;   // wire code ("not_present"), "" when eligible
  std::string message;  // Vietnamese
  bool voted = false;
};

struct ReceiptCheck {
  bool counted = false;
  bool valid = false;
};

// One paper ballot as a teller enters it: the kept positions, or the
// reason the tellers found it invalid (not_issued, added_name, marked).
struct PaperBallot {
  std::vector<int> keep;
  std::optional<InvalidReason> invalid;
};

// Where the tellers' entry sets stand (§3.6.4).
struct Reconciliation {
  bool complete = false;  // ≥ 2 sets by different tellers, equal multisets, |A| = returned
  int returned = 0;
  std::map<std::string, int> set_sizes;
  // Canonical ballot patterns whose counts differ: pattern → count per set.
  std::map<std::string, std::map<std::string, int>> differences;
  std::string problem;  // why not complete, in Vietnamese
};

struct Progress {
  int cast = 0;
  int eligible = 0;
};

class VotingService {
 public:
  VotingService(congress::CongressRepository& congresses, attendance::AttendanceService& attendance,
                VotingRepository& repo, audit::AuditLog& audit, const Clock& clock,
                EventPublisher& events);
  ~VotingService();

  // Where the minutes of a published poll are filed as a document (none:
  // not filed). Set before serving. Filing runs on the service's own
  // thread after publish (typesetting is slow); the poll then names the
  // document (`minutes_code`).
  void SetMinutesFiler(MinutesFiler* filer) { filer_ = filer; }
  // Blocks until every queued filing is done (tests, shutdown).
  void WaitForFiling();
  // The store's unit of work (decision 553): each change of a poll, its
  // audit row and its live events commit together. Set before serving;
  // without it the change and its events are separate steps.
  void SetUnitOfWork(UnitOfWork* units) { units_ = units; }

  // ---- elections (secretariat) ----
  // kInvalidArgument for a missing title, seats < 1, alternates < 0.
  Result<Election> CreateElection(std::string_view slug, Election e, const Caller& by);
  Result<Election> GetElection(std::string_view slug, int64_t id);
  Result<std::vector<Election>> ListElections(std::string_view slug);
  // kInvalidArgument for an empty name (or a bad row of an import, naming
  // the line; nothing is added); kConflict once the election has an opened poll.
  Result<std::vector<Candidate>> AddCandidates(std::string_view slug, int64_t election_id,
                                               std::vector<Candidate> c, const Caller& by);
  // Columns: họ và tên | ngày sinh | đoàn (header row first).
  Result<std::vector<Candidate>> ImportCandidates(std::string_view slug, int64_t election_id,
                                                  const Table& t, const Caller& by);
  // Badges of official delegates; the first is the head teller (trưởng ban).
  // kInvalidArgument for an unknown badge, a non-official delegate or a
  // candidate of the election (R10).
  Result<Election> SetTellers(std::string_view slug, int64_t election_id,
                              const std::vector<std::string>& badges, const Caller& by);

  // What may change before the first ballot of the election opens
  // (design §3.9 PATCH): fields left empty stay as they are.
  struct ElectionEdit {
    std::optional<std::string> title;
    std::optional<int> seats, alternate_seats, max_rounds;
    std::optional<ThresholdBase> threshold_base;
    std::optional<TieRule> tie_rule;
    std::optional<bool> runoff_needs_majority;
  };
  struct CandidateEdit {
    std::optional<std::string> full_name, birth_date, delegation;
    std::optional<bool> withdrawn;
  };
  // Changes the settings; the ballots already prepared (polls `created`)
  // follow. kConflict (reason election_started, Vietnamese message) once a
  // poll of the election has opened; kInvalidArgument as CreateElection.
  Result<Election> EditElection(std::string_view slug, int64_t id, const ElectionEdit& edit, const Caller& by);
  // Corrects or withdraws a candidate (same rules and refusals).
  Result<Election> EditCandidate(std::string_view slug, int64_t election_id, int64_t candidate_id,
                                 const CandidateEdit& edit, const Caller& by);
  // The outcome across every published round of the election (who is
  // elected, in which round, with which figures; the seats still empty),
  // as stored with the latest published poll's result: JSON text, or
  // nullopt before any round is published.
  Result<std::optional<std::string>> CurrentOutcome(std::string_view slug, int64_t election_id);

  // ---- polls ----
  Result<Poll> CreatePoll(std::string_view slug, const PollDraft& d, const Caller& by);
  Result<Poll> GetPoll(std::string_view slug, int64_t id);
  // PATCH of a poll still `created`: fields left empty stay.
  struct PollEdit {
    std::optional<std::string> title;
    std::optional<PollMode> mode;
    std::optional<PassRule> pass_rule;
    std::optional<int> duration_s;
    std::optional<int64_t> session_id, agenda_item_id;
  };
  // kConflict (reason poll_not_draft) once opened; kInvalidArgument as
  // CreatePoll. Audited with the fields changed.
  Result<Poll> EditPoll(std::string_view slug, int64_t id, const PollEdit& edit, const Caller& by);
  // R8 and the Party's rule (Quy chế bầu cử trong Đảng Điều 20.2): the
  // congress may add names to the list of a further round. Only on a
  // further round still `created`; kInvalidArgument for a name already on
  // the list, already elected in an earlier round, or a list that would
  // exceed the seats at stake by more than 30 % (MaxListSize); kConflict
  // (poll_not_draft / not_a_further_round). Returns the ballot, A-B-C order.
  Result<Poll> AddRoundCandidate(std::string_view slug, int64_t poll_id, Candidate k, const Caller& by);
  Result<std::vector<Poll>> ListPolls(std::string_view slug);
  // kConflict (reason quorum_not_met, with both figures) when the quorum of
  // the poll's session fails; kConflict for a wrong state, another open poll,
  // an election without candidates or (secret, paper) without 2 tellers.
  Result<Poll> Open(std::string_view slug, int64_t id, const Caller& by);
  // Stops the ballots and writes the snapshot and the result.
  Result<Poll> Close(std::string_view slug, int64_t id, const Caller& by);
  // kConflict (reason signoff_missing) for an election without the head
  // teller's and one more teller's sign-off on the current tally hash;
  // kConflict when the count broke an invariant or there is no result.
  Result<Poll> Publish(std::string_view slug, int64_t id, const Caller& by);
  // kInvalidArgument without a reason once the poll was opened. Deletes
  // every ballot of the poll; the audit keeps the counts and the reason.
  Result<Poll> Cancel(std::string_view slug, int64_t id, std::string reason, const Caller& by);
  // A new attempt in `created` (attempt + 1, same options) of a cancelled poll.
  Result<Poll> Restart(std::string_view slug, int64_t id, const Caller& by);
  // ---- rounds of an election (R7, R8) ----
  // A runoff among the candidates tied across the last seat of a published
  // election poll whose result names a runoff; same mode, the seats at
  // stake, the most votes win. kConflict (reason no_runoff) when the result
  // has no tie, (round_exists) when a live poll already follows this one.
  Result<Poll> CreateRunoff(std::string_view slug, int64_t id, const Caller& by);
  // A further round for the seats still empty after the published poll
  // `id`, held only by decision of the congress: `decision_id` must be a
  // published motion that passed after that poll was published. The list is
  // the candidates not yet elected; seats = the seats still empty.
  // kConflict (no_empty_seats, max_rounds, decision_missing, round_exists).
  Result<Poll> CreateNextRound(std::string_view slug, int64_t id, int64_t decision_id,
                               std::optional<PollMode> mode, const Caller& by);

  // Show of hands (paper motions): the counted totals close the poll.
  Result<Poll> EnterTally(std::string_view slug, int64_t id, int yes, int no, int abstain, const Caller& by);

  // ---- ballots ----
  // kInvalidArgument (reason forged_ballot) for a ballot that does not fit
  // the poll; kPermissionDenied not_a_delegate / not_entitled / not_present /
  // device_not_bound; kConflict poll_not_open / already_voted.
  Result<CastOutcome> Cast(std::string_view slug, int64_t id, const BallotInput& b, const Caller& by);
  Result<MeInfo> Me(std::string_view slug, int64_t id, const Caller& by);
  // After publish: whether the ballot with this nonce was counted; kNotFound
  // for an unknown nonce; kConflict before publish.
  Result<ReceiptCheck> CheckReceipt(std::string_view slug, int64_t id, std::string_view nonce);
  Result<Progress> CurrentProgress(std::string_view slug, int64_t id);
  // The per-ballot list (bảng kê) whose SHA-256 is the poll's tally_sha256.
  Result<std::string> TallyCsv(std::string_view slug, int64_t id);
  // The minutes (biên bản kiểm phiếu) as Markdown for print::MarkdownToPdf:
  // every figure from the stored result, the tellers and their sign-offs,
  // earlier cancelled attempts, the tally hash and what the server stores.
  // kConflict before close.
  Result<std::string> MinutesMarkdown(std::string_view slug, int64_t id);
  // The result as spreadsheet rows (first row: the header of the table of
  // figures), every figure read from the stored result like the hall and
  // the minutes. kConflict before close.
  Result<std::vector<std::vector<std::string>>> ResultRows(std::string_view slug, int64_t id);
  // Delegates who voted (taking part is not secret).
  Result<std::vector<congress::Delegate>> Voters(std::string_view slug, int64_t id);
  Status ResetVotingDevice(std::string_view slug, std::string_view badge, const Caller& by);

  // ---- paper elections (after close) ----
  // A teller replaces their entry set `set` ("A", "B", …) and may give the
  // ballots issued and returned; the sets are reconciled and, once they
  // agree, the result is computed from them. kPermissionDenied for a
  // non-teller or someone else's set; kConflict unless a closed paper
  // election; kInvalidArgument for a forged entry (unknown position).
  Result<Reconciliation> EnterPaper(std::string_view slug, int64_t id, const std::string& set,
                                    std::optional<int> issued, std::optional<int> returned,
                                    const std::vector<PaperBallot>& ballots, const Caller& by);
  Result<Reconciliation> PaperStatus(std::string_view slug, int64_t id);

  // ---- tellers ----
  bool IsTeller(const Poll& p, int64_t delegate_id);
  // kPermissionDenied for a non-teller; kConflict for a hash that is not the
  // poll's current tally hash or a poll not closed.
  Status SignOff(std::string_view slug, int64_t id, std::string_view sha256, const Caller& by);
  Result<std::vector<Signoff>> Signoffs(std::string_view slug, int64_t id);

  // Parses the phone's nonce; kInvalidArgument unless 22 base64url chars
  // of 16 bytes.
  static Result<std::string> DecodeNonce(std::string_view nonce);
  static std::string ReceiptCode(const std::string& ballot_id);

 private:
  Result<congress::Congress> Congress(std::string_view slug);
  Result<Poll> Load(const congress::Congress& c, int64_t id);
  Result<Poll> Transition(const congress::Congress& c, Poll p, PollState expected, const Caller& by,
                          const std::string& what);
  Status ComputeSnapshot(const congress::Congress& c, Poll& p);
  // Adds the outcome across rounds ("overall") to an election poll's result.
  Status AttachOverall(const congress::Congress& c, Poll& p);
  // The polls `created` of an election, their ballots rebuilt from `e`.
  Result<std::vector<Poll>> RebuiltDrafts(const congress::Congress& c, const Election& e);
  Result<Reconciliation> Reconcile(const congress::Congress& c, Poll& p);
  // Shared checks of CreateRunoff / CreateNextRound: a published election
  // poll with nothing live following it yet.
  Result<Poll> RoundSource(const congress::Congress& c, int64_t id);
  Result<Poll> SaveRound(const congress::Congress& c, Poll p, const Caller& by, const std::string& what);
  void PublishState(const congress::Congress& c, const Poll& p);
  UnitOfWork& Units() { return units_ ? *units_ : direct_; }
  void Audit(const Caller& by, const std::string& action, const std::string& outcome);
  void NoteProgress(const std::string& slug, int64_t poll_id);
  void ProgressLoop();
  void FilingLoop();
  void FileMinutes(const std::string& slug, int64_t poll_id);

  congress::CongressRepository& congresses_;
  attendance::AttendanceService& attendance_;
  VotingRepository& repo_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  EventPublisher& events_;
  UnitOfWork* units_ = nullptr;
  DirectUnitOfWork direct_;

  // poll_progress, coalesced to at most twice a second.
  std::mutex progress_mu_;
  std::condition_variable progress_cv_;
  std::map<int64_t, std::string> progress_dirty_;  // poll id → congress slug
  bool stopping_ = false;
  std::thread progress_thread_;

  // Minutes to file as documents, after publish.
  MinutesFiler* filer_ = nullptr;
  std::mutex filing_mu_;
  std::condition_variable filing_cv_;
  std::vector<std::pair<std::string, int64_t>> filing_queue_;
  int filing_busy_ = 0;
  bool filing_stop_ = false;
  std::thread filing_thread_;
};

}  // namespace phonghop::voting
