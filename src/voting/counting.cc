#include "voting/counting.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <set>

namespace phonghop::voting {

int PercentHalfUp(int64_t part, int64_t whole) {
  if (whole <= 0) return 0;
  // round(part·10000/whole) half up, in integers.
  return static_cast<int>((part * 20000 + whole) / (2 * whole));
}

std::vector<int> PercentsSummingTo100(const std::vector<int64_t>& parts) {
  int64_t whole = std::accumulate(parts.begin(), parts.end(), int64_t{0});
  std::vector<int> out(parts.size(), 0);
  if (whole <= 0) return out;
  std::vector<std::pair<int64_t, size_t>> rem;  // remainder, index
  int64_t sum = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    out[i] = static_cast<int>(parts[i] * 10000 / whole);
    sum += out[i];
    rem.push_back({parts[i] * 10000 % whole, i});
  }
  std::stable_sort(rem.begin(), rem.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (size_t k = 0; sum < 10000 && k < rem.size(); ++k, ++sum) ++out[rem[k].second];
  return out;
}

std::string FormatPercent(int hundredths, bool comma) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d%c%02d", hundredths / 100, comma ? ',' : '.', hundredths % 100);
  return buf;
}

Result<MotionResult> CountMotion(const MotionTally& t, PassRule rule) {
  MotionResult r;
  r.rule = rule;
  r.yes = t.yes;
  r.no = t.no;
  r.abstain = t.abstain;
  const int cast = t.yes + t.no + t.abstain;
  if (t.yes < 0 || t.no < 0 || t.abstain < 0)
    return Status::InvalidArgument("Số phiếu không được âm");
  switch (rule) {
    case PassRule::kPresent: r.base = t.present; break;
    case PassRule::kSummoned: r.base = t.summoned; break;
    case PassRule::kCast: r.base = cast; break;
  }
  if (cast > r.base)
    return Status::InvalidArgument("Tổng số phiếu (" + std::to_string(cast) + ") lớn hơn số đại biểu (" +
                                   std::to_string(r.base) + ")");
  r.not_voted = r.base - cast;
  auto pct = PercentsSummingTo100({r.yes, r.no, r.abstain, r.not_voted});
  r.yes_pct = pct[0];
  r.no_pct = pct[1];
  r.abstain_pct = pct[2];
  r.not_voted_pct = pct[3];
  r.passed = r.base > 0 && 2 * int64_t{r.yes} > r.base;  // exactly half is not enough
  return r;
}

Result<InvalidReason> ClassifyKeep(const std::vector<int>& keep, int options, int seats) {
  std::set<int> seen;
  for (int p : keep) {
    if (p < 1 || p > options)
      return Status::InvalidArgument("Phiếu không hợp lệ: vị trí " + std::to_string(p) + " không có trong danh sách");
    if (!seen.insert(p).second)
      return Status::InvalidArgument("Phiếu không hợp lệ: vị trí " + std::to_string(p) + " lặp lại");
  }
  const int k = static_cast<int>(keep.size());
  // One-name and no-surplus lists are Đồng ý / Không đồng ý per person:
  // any combination is a valid ballot.
  if (options <= seats) return InvalidReason::kNone;
  if (k == 0) return InvalidReason::kNoneKept;
  if (k > seats) return InvalidReason::kTooMany;
  return InvalidReason::kNone;
}

namespace {

// Older first; unknown birth dates last. ISO dates compare as strings.
bool Older(const PollOption& a, const PollOption& b) {
  if (a.birth_date.empty() != b.birth_date.empty()) return !a.birth_date.empty();
  if (a.birth_date != b.birth_date) return a.birth_date < b.birth_date;
  return a.position < b.position;
}

}  // namespace

ElectionResult CountElection(const ElectionInput& in) {
  ElectionResult r;
  r.seats = in.seats;
  r.alternate_seats = in.alternate_seats;
  r.summoned = in.summoned;
  r.issued = in.issued;
  r.threshold_base = in.threshold_base;
  const int n = static_cast<int>(in.options.size());
  std::map<int, int> votes;  // position → votes
  std::map<int, const PollOption*> by_pos;
  for (const auto& o : in.options) {
    votes[o.position] = 0;
    by_pos[o.position] = &o;
  }
  int64_t kept_total = 0;
  for (const auto& b : in.ballots) {
    ++r.returned;
    if (b.invalid != InvalidReason::kNone) {
      ++r.invalid;
      ++r.invalid_by_reason[ToString(b.invalid)];
      continue;
    }
    ++r.valid;
    kept_total += static_cast<int64_t>(b.keep.size());
    // One list elects officials and alternates: a ballot keeps at most S + A.
    const int places = in.seats + in.alternate_seats;
    if (n > places && static_cast<int>(b.keep.size()) > places)
      r.problems.push_back("phiếu hợp lệ giữ lại quá số lượng cần bầu");
    for (int p : b.keep) {
      auto it = votes.find(p);
      if (it == votes.end()) {
        r.problems.push_back("phiếu có vị trí ngoài danh sách: " + std::to_string(p));
        continue;
      }
      ++it->second;
    }
  }
  switch (in.threshold_base) {
    case ThresholdBase::kValid: r.base = r.valid; break;
    case ThresholdBase::kReturned: r.base = r.returned; break;
    case ThresholdBase::kSummoned: r.base = in.summoned; break;
  }
  r.threshold_votes = r.base / 2 + 1;
  const bool majority = in.purpose != PollPurpose::kRunoff || in.runoff_needs_majority;

  // Invariants (§3.6.3).
  if (r.returned != r.valid + r.invalid) r.problems.push_back("thu vào ≠ hợp lệ + không hợp lệ");
  if (in.issued > 0 && r.returned > in.issued) r.problems.push_back("số phiếu thu vào lớn hơn số phiếu phát ra");
  int64_t vote_total = 0;
  for (auto& [p, v] : votes) {
    vote_total += v;
    if (v > r.valid) r.problems.push_back("số phiếu của một ứng cử viên lớn hơn số phiếu hợp lệ");
  }
  if (vote_total != kept_total) r.problems.push_back("tổng số phiếu bầu ≠ tổng số tên giữ lại");

  std::vector<CandidateResult*> passers;
  for (const auto& o : in.options) {
    CandidateResult c;
    c.position = o.position;
    c.full_name = o.label;
    c.votes = votes[o.position];
    c.pct_valid = PercentHalfUp(c.votes, r.valid);
    c.pct_base = PercentHalfUp(c.votes, r.base);
    c.passed = majority ? (r.base > 0 && 2 * int64_t{c.votes} > r.base) : c.votes > 0;
    r.candidates.push_back(c);
  }
  for (auto& c : r.candidates)
    if (c.passed) passers.push_back(&c);
  std::stable_sort(passers.begin(), passers.end(),
                   [](const CandidateResult* a, const CandidateResult* b) { return a->votes > b->votes; });

  // Fill the official seats, then the alternates, group by group of equal
  // votes. A group larger than the places left is a tie across the
  // boundary: a runoff among them (or the older ones, by the rule).
  size_t i = 0;
  auto fill = [&](int places, std::vector<int>& out, bool alternates) -> bool {
    while (places > 0 && i < passers.size()) {
      size_t j = i;
      while (j < passers.size() && passers[j]->votes == passers[i]->votes) ++j;
      const int group = static_cast<int>(j - i);
      if (group <= places) {
        for (size_t k = i; k < j; ++k) out.push_back(passers[k]->position);
        places -= group;
        i = j;
        continue;
      }
      if (in.tie_rule == TieRule::kOlder) {
        std::vector<const PollOption*> tied;
        for (size_t k = i; k < j; ++k) tied.push_back(by_pos[passers[k]->position]);
        std::stable_sort(tied.begin(), tied.end(), [](auto* a, auto* b) { return Older(*a, *b); });
        for (int k = 0; k < places; ++k) out.push_back(tied[k]->position);
        // The younger ones of the group continue to the next list.
        std::vector<CandidateResult*> rest;
        for (size_t k = i; k < j; ++k)
          if (std::find(out.begin(), out.end(), passers[k]->position) == out.end()) rest.push_back(passers[k]);
        std::copy(rest.begin(), rest.end(), passers.begin() + static_cast<long>(j - rest.size()));
        i = j - rest.size();
        places = 0;
        continue;
      }
      Runoff ro;
      for (size_t k = i; k < j; ++k) ro.positions.push_back(passers[k]->position);
      std::sort(ro.positions.begin(), ro.positions.end());
      ro.seats = places;
      ro.alternates = alternates;
      r.runoff = ro;
      i = j;
      return false;
    }
    return true;
  };
  bool decided = fill(in.seats, r.elected, false);
  int runoff_official = r.runoff && !r.runoff->alternates ? r.runoff->seats : 0;
  r.empty_seats = in.seats - static_cast<int>(r.elected.size()) - runoff_official;
  if (decided) {
    fill(in.alternate_seats, r.alternates, true);
    int runoff_alt = r.runoff && r.runoff->alternates ? r.runoff->seats : 0;
    r.empty_alternates = in.alternate_seats - static_cast<int>(r.alternates.size()) - runoff_alt;
  }
  // With an official tie pending, the alternates wait for the runoff (E4).
  return r;
}

}  // namespace phonghop::voting
