// Ballots for the counting tests of the voting rules (voting_counting_test,
// voting_outcome_test): the figures of a worked example turned into the
// ballots that give them.
#pragma once

#include <algorithm>
#include <vector>

#include "voting/model.h"

namespace phonghop::voting {

// Builds `valid` ballots whose kept names give each candidate exactly
// votes[i] (positions 1..n): each candidate's votes go to consecutive
// ballots, wrapping, so no ballot keeps a name twice (as long as no
// votes[i] exceeds `valid`) and every ballot keeps ⌊Σ/valid⌋ or ⌈Σ/valid⌉
// names, in ascending order.
inline std::vector<CountedBallot> MakeBallots(const std::vector<int>& votes, int valid) {
  std::vector<CountedBallot> b(valid);
  int cursor = 0;
  for (size_t c = 0; c < votes.size(); ++c)
    for (int k = 0; k < votes[c]; ++k) {
      b[cursor].keep.push_back(static_cast<int>(c) + 1);
      cursor = (cursor + 1) % valid;
    }
  for (auto& x : b) std::sort(x.keep.begin(), x.keep.end());
  return b;
}

}  // namespace phonghop::voting
