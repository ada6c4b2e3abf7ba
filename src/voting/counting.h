// The pure counting function: ballots in, the decision out. Integer rules
// (2·votes > base), never the rounded percentages. One computation feeds the
// hall, the minutes and the spreadsheet (design §3.6).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "voting/model.h"

namespace phonghop::voting {

// R12: `part` of `whole` in hundredths of a percent, half up (22.566 → 2257).
// 0 when `whole` is 0.
int PercentHalfUp(int64_t part, int64_t whole);
// Hundredths of a percent for parts that together make the whole: floor,
// then the largest remainders get the missing hundredths, so they sum to
// exactly 10000 (when Σparts = whole > 0).
std::vector<int> PercentsSummingTo100(const std::vector<int64_t>& parts);
// "83,69" (Vietnamese decimal comma) or "83.69".
std::string FormatPercent(int hundredths, bool comma = true);

// ---------------------------------------------------------------- motions
struct MotionTally {
  int yes = 0, no = 0, abstain = 0;
  int present = 0;   // officials checked in at close (P)
  int summoned = 0;  // officials summoned (N)
};

struct MotionResult {
  PassRule rule = PassRule::kPresent;
  int base = 0;
  int yes = 0, no = 0, abstain = 0, not_voted = 0;
  // Percent of base (hundredths), summing to 10000 when the parts make the base.
  int yes_pct = 0, no_pct = 0, abstain_pct = 0, not_voted_pct = 0;
  bool passed = false;
};

// kInvalidArgument when the ballots cast exceed the base they are counted
// against (more hands than people present).
Result<MotionResult> CountMotion(const MotionTally& t, PassRule rule);

// ---------------------------------------------------------------- elections
// Classifies the kept positions of a phone ballot on a list of `options`
// names for `seats` places (officials + alternates: one list elects both). Returns the reason it is invalid (kNone: valid).
// kInvalidArgument (forged, nothing may be written) for a position outside
// 1..options or a repeated position.
Result<InvalidReason> ClassifyKeep(const std::vector<int>& keep, int options, int seats);

struct ElectionInput {
  int seats = 1;
  int alternate_seats = 0;
  ThresholdBase threshold_base = ThresholdBase::kValid;
  TieRule tie_rule = TieRule::kRunoff;
  PollPurpose purpose = PollPurpose::kMain;
  bool runoff_needs_majority = false;
  std::vector<PollOption> options;  // positions 1..n
  int summoned = 0;                 // N
  int issued = 0;                   // ballots handed out (phone: P)
  std::vector<CountedBallot> ballots;  // every ballot returned, classified
};

struct CandidateResult {
  int position = 0;
  std::string full_name;
  int votes = 0;
  int pct_valid = 0;  // hundredths of % of V
  int pct_base = 0;   // hundredths of % of the threshold base
  bool passed = false;
};

struct Runoff {
  std::vector<int> positions;  // the tied candidates
  int seats = 0;               // seats at stake among them
  bool alternates = false;     // the tie is across the alternates' boundary
};

struct ElectionResult {
  int seats = 0, alternate_seats = 0;
  int summoned = 0, issued = 0, returned = 0, valid = 0, invalid = 0;
  std::map<std::string, int> invalid_by_reason;
  ThresholdBase threshold_base = ThresholdBase::kValid;
  int base = 0;
  int threshold_votes = 0;  // the fewest votes that pass: base/2 + 1
  std::vector<CandidateResult> candidates;  // in ballot order
  std::vector<int> elected;     // positions, ranked by votes
  std::vector<int> alternates;  // positions, ranked
  int empty_seats = 0;
  int empty_alternates = 0;
  std::optional<Runoff> runoff;
  std::vector<std::string> problems;  // broken invariants (publish is refused)
};

// Counts an election round. Never fails: broken invariants are listed in
// `problems`.
ElectionResult CountElection(const ElectionInput& in);

}  // namespace phonghop::voting
