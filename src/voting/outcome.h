// Who is elected across the rounds of one election (R6–R8): the main
// round, its runoffs (R7) and further rounds for the seats left empty (R8)
// combined into ONE outcome. Pure: the published figures of each round in,
// the list of everyone elected (with the round and the figures that elected
// them) and the seats still empty out. It copies the round's figures as
// they were stored, so the hall, the minutes and the spreadsheet print the
// same numbers for the same person.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "voting/counting.h"
#include "voting/model.h"

namespace phonghop::voting {

// One counted poll of the election, as stored in its result.
struct RoundFigures {
  int64_t poll_id = 0;
  int64_t follows_id = 0;  // runoffs and further rounds: the poll they follow
  int round = 1;
  PollPurpose purpose = PollPurpose::kMain;
  // A runoff across the alternates' boundary elects alternates, not officials.
  bool runoff_for_alternates = false;
  int base = 0;
  int threshold_votes = 0;
  struct Line {
    int position = 0;
    int64_t candidate_id = 0;
    std::string full_name;
    int votes = 0;
    std::string percent_base;   // as stored ("50.74")
    std::string percent_valid;  // as stored
    bool passed = false;
  };
  std::vector<Line> candidates;  // ballot order
  std::vector<int> elected;      // positions, ranked
  std::vector<int> alternates;   // positions, ranked
  std::optional<Runoff> runoff;  // a tie this round left to a runoff
};

// A place filled, and the round whose figures filled it.
struct Seat {
  int64_t candidate_id = 0;
  std::string full_name;
  int64_t poll_id = 0;
  int round = 1;
  PollPurpose purpose = PollPurpose::kMain;
  int votes = 0;
  int base = 0;
  int threshold_votes = 0;
  std::string percent_base;
  std::string percent_valid;
};

enum class OutcomeStatus {
  kComplete,        // every official seat filled
  kRunoffPending,   // a tie still waits for its runoff
  kSeatsEmpty,      // seats empty; the congress may decide a further round
  kSeatsLeftEmpty,  // seats empty and no round left (max_rounds)
};
const char* ToString(OutcomeStatus s);

struct ElectionOutcome {
  int seats = 0, alternate_seats = 0, max_rounds = 2;
  int rounds = 0;                 // the highest round counted
  std::vector<int64_t> polls;     // the polls combined, in order
  std::vector<Seat> elected;      // officials: round by round, ranked within a round
  std::vector<Seat> alternates;   // ranked
  int empty_seats = 0;            // official seats nobody holds (runoff seats excluded)
  int empty_alternates = 0;
  int64_t runoff_poll_id = 0;     // the poll whose tie waits for a runoff (0: none)
  int runoff_seats = 0;
  OutcomeStatus status = OutcomeStatus::kComplete;
  bool final = false;             // nothing more can be elected
};

// Combines the rounds (any order; combined by poll id). A candidate elected
// twice (which the service never lets happen) counts once, the first time.
ElectionOutcome CombineRounds(int seats, int alternate_seats, int max_rounds, std::vector<RoundFigures> rounds);

// R9 and QĐ 190-QĐ/TW Điều 14: a list may exceed the seats at stake by at
// most 30 % of them. The most names a further round's list may hold once
// names are added to it (the names left from earlier rounds always stay).
int MaxListSize(int seats);

}  // namespace phonghop::voting
