// R1, the quorum of a congress session: at least num/den (2/3) of the
// official delegates summoned are present AND they represent at least
// num/den of the delegations (units with an official delegate summoned).
// Pure arithmetic, shared by the roll call and the opening of a poll.
#pragma once

#include <string>

namespace phonghop::attendance {

struct QuorumFacts {
  int official_expected = 0;
  int official_present = 0;
  int units_expected = 0;  // delegations with at least one official summoned
  int units_present = 0;   // ... with at least one official present
  int numerator = 2;
  int denominator = 3;
};

struct Quorum {
  int delegates_needed = 0;  // ceil(official_expected · num / den)
  int units_needed = 0;      // ceil(units_expected · num / den)
  bool delegates_met = false;
  bool units_met = false;
  bool met = false;          // both halves
  QuorumFacts facts;
};

Quorum ComputeQuorum(const QuorumFacts& f);

// Why the quorum fails, in Vietnamese, with both figures:
// "Chưa đủ 2/3 đơn vị (7/11; cần 8)". "" when it is met.
std::string QuorumMessage(const Quorum& q);

}  // namespace phonghop::attendance
