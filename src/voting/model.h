// Votes (biểu quyết) and elections (bầu cử): plain values, no I/O.
// See ../shared/design/voting-and-speakers.md §3.2 for the data model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace phonghop::voting {

enum class PollKind { kMotion, kElection };
// named: like raising a card (the choice is stored with the voter);
// secret: phone ballot with no stored link; paper: counted by hand and
// entered by the secretariat (motions) or two tellers (elections).
enum class PollMode { kNamed, kSecret, kPaper };
enum class PollState { kCreated, kOpen, kClosed, kPublished, kCancelled };
// Motions: 2·yes > base, where base is the officials present at close
// (default), summoned, or the ballots cast.
enum class PassRule { kPresent, kSummoned, kCast };
// Elections: "more than half of" valid ballots (default), ballots
// returned, or official delegates summoned (R5).
enum class ThresholdBase { kValid, kReturned, kSummoned };
enum class TieRule { kRunoff, kOlder };
enum class PollPurpose { kMain, kRunoff, kAdditional };
enum class InvalidReason { kNone, kTooMany, kNoneKept, kNotIssued, kAddedName, kMarked };

const char* ToString(PollKind v);
const char* ToString(PollMode v);
const char* ToString(PollState v);
const char* ToString(PassRule v);
const char* ToString(ThresholdBase v);
const char* ToString(TieRule v);
const char* ToString(PollPurpose v);
const char* ToString(InvalidReason v);  // "" for kNone
std::optional<PollKind> ParsePollKind(std::string_view s);
std::optional<PollMode> ParsePollMode(std::string_view s);
std::optional<PollState> ParsePollState(std::string_view s);
std::optional<PassRule> ParsePassRule(std::string_view s);
std::optional<ThresholdBase> ParseThresholdBase(std::string_view s);
std::optional<TieRule> ParseTieRule(std::string_view s);
std::optional<PollPurpose> ParsePollPurpose(std::string_view s);
std::optional<InvalidReason> ParseInvalidReason(std::string_view s);
// Vietnamese words for the minutes and the hall ("hơn một nửa số phiếu hợp lệ").
const char* Describe(ThresholdBase v);
const char* Describe(InvalidReason v);

struct Candidate {
  int64_t id = 0;
  int64_t election_id = 0;
  std::string full_name;
  std::string birth_date;  // ISO "1990-05-17" or "1990"; "" unknown
  std::string delegation;
  int64_t delegate_id = 0;  // 0: not a delegate of this congress
  bool withdrawn = false;
};

struct Election {
  int64_t id = 0;
  int64_t congress_id = 0;
  std::string title;  // "Bầu Ban Chấp hành Tỉnh đoàn khóa XVIII"
  int seats = 1;
  int alternate_seats = 0;
  ThresholdBase threshold_base = ThresholdBase::kValid;
  TieRule tie_rule = TieRule::kRunoff;
  int max_rounds = 2;
  bool runoff_needs_majority = false;
  int64_t created_at = 0;
  std::vector<Candidate> candidates;           // filled on reads
  std::vector<int64_t> tellers;                // delegate ids; filled on reads
  int64_t head_teller = 0;                     // delegate id, 0 = none
};

struct PollOption {
  int position = 0;  // 1-based, the ballot's order (A-B-C for candidates)
  std::string label;
  int64_t candidate_id = 0;
  std::string birth_date;  // candidates, for tie_rule=older
};

struct Poll {
  int64_t id = 0;
  int64_t congress_id = 0;
  int64_t session_id = 0;
  int64_t agenda_item_id = 0;
  PollKind kind = PollKind::kMotion;
  PollMode mode = PollMode::kSecret;
  std::string title;
  int64_t election_id = 0;
  int round = 1;
  PollPurpose purpose = PollPurpose::kMain;
  int seats = 0;            // elections: seats at stake in this round
  int alternate_seats = 0;  // elections
  PassRule pass_rule = PassRule::kPresent;
  int attempt = 1;
  int64_t supersedes_id = 0;
  // Rounds (R7/R8): the poll a runoff or further round follows, and the
  // published, passed motion that decided a further round (0: none).
  int64_t follows_id = 0;
  int64_t decision_id = 0;
  PollState state = PollState::kCreated;
  int duration_s = 0;  // 0: no deadline
  int64_t opened_at = 0, closed_at = 0, published_at = 0, cancelled_at = 0;
  std::string cancel_reason;
  // The snapshot written once at close.
  int summoned = 0, present = 0, issued = 0, returned = 0, valid = 0, invalid = 0;
  std::string result_json;   // the one computation every output shows
  std::string tally_sha256;  // SHA-256 of the per-ballot list (bảng kê)
  std::string minutes_code;  // the minutes filed as a congress document (after publish)
  std::string created_by;
  int64_t created_at = 0;
  std::vector<PollOption> options;  // filled on reads
};

// A ballot as counted. For motions `choice` is 'Y', 'N' or 'A'; for
// elections `keep` holds the kept option positions, ascending.
struct CountedBallot {
  char choice = 0;
  std::vector<int> keep;
  InvalidReason invalid = InvalidReason::kNone;
};

// One canonical line of the per-ballot list: "Y", "N", "A", "1,2,4" or
// "invalid:too_many:1,2,3,4,5,6".
std::string CanonicalLine(const CountedBallot& b);

}  // namespace phonghop::voting
