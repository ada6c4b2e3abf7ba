#include "attendance/quorum.h"

#include <algorithm>

namespace phonghop::attendance {

namespace {
int CeilFraction(int n, int num, int den) { return (n * num + den - 1) / den; }
}  // namespace

Quorum ComputeQuorum(const QuorumFacts& f) {
  Quorum q;
  q.facts = f;
  const int num = std::max(1, f.numerator);
  const int den = std::max(1, f.denominator);
  q.delegates_needed = CeilFraction(f.official_expected, num, den);
  q.units_needed = CeilFraction(f.units_expected, num, den);
  q.delegates_met = f.official_expected > 0 && f.official_present >= q.delegates_needed;
  q.units_met = f.units_present >= q.units_needed;  // no delegations: this half holds
  q.met = q.delegates_met && q.units_met;
  return q;
}

std::string QuorumMessage(const Quorum& q) {
  const std::string frac =
      std::to_string(q.facts.numerator) + "/" + std::to_string(q.facts.denominator);
  std::string m;
  if (!q.delegates_met)
    m = "Chưa đủ " + frac + " đại biểu chính thức (" + std::to_string(q.facts.official_present) + "/" +
        std::to_string(q.facts.official_expected) + "; cần " + std::to_string(q.delegates_needed) + ")";
  if (!q.units_met) {
    if (!m.empty()) m += "; ";
    m += "Chưa đủ " + frac + " đơn vị (" + std::to_string(q.facts.units_present) + "/" +
         std::to_string(q.facts.units_expected) + "; cần " + std::to_string(q.units_needed) + ")";
  }
  return m;
}

}  // namespace phonghop::attendance
