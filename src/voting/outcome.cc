#include "voting/outcome.h"

#include <algorithm>
#include <map>
#include <set>

namespace phonghop::voting {

const char* ToString(OutcomeStatus s) {
  switch (s) {
    case OutcomeStatus::kComplete: return "complete";
    case OutcomeStatus::kRunoffPending: return "runoff_pending";
    case OutcomeStatus::kSeatsEmpty: return "seats_empty";
    case OutcomeStatus::kSeatsLeftEmpty: return "seats_left_empty";
  }
  return "complete";
}

int MaxListSize(int seats) {
  // "không quá 30 % số lượng cần bầu", rounded up so that a one-seat round
  // may still offer two names.
  return seats + (3 * seats + 9) / 10;
}

namespace {

Seat SeatOf(const RoundFigures& r, const RoundFigures::Line& l) {
  return {l.candidate_id, l.full_name, r.poll_id, r.round, r.purpose, l.votes, r.base, r.threshold_votes,
          l.percent_base, l.percent_valid};
}

const RoundFigures::Line* LineAt(const RoundFigures& r, int position) {
  for (const auto& l : r.candidates)
    if (l.position == position) return &l;
  return nullptr;
}

}  // namespace

ElectionOutcome CombineRounds(int seats, int alternate_seats, int max_rounds, std::vector<RoundFigures> rounds) {
  ElectionOutcome o;
  o.seats = seats;
  o.alternate_seats = alternate_seats;
  o.max_rounds = max_rounds;
  std::sort(rounds.begin(), rounds.end(), [](const auto& a, const auto& b) { return a.poll_id < b.poll_id; });
  std::set<int64_t> placed;  // candidate ids already holding a place
  auto take = [&](std::vector<Seat>& into, const RoundFigures& r, int position) {
    const auto* l = LineAt(r, position);
    if (!l || (l->candidate_id && placed.count(l->candidate_id))) return;
    if (l->candidate_id) placed.insert(l->candidate_id);
    into.push_back(SeatOf(r, *l));
  };
  std::map<int64_t, const RoundFigures*> by_id;
  for (const auto& r : rounds) by_id[r.poll_id] = &r;
  for (const auto& r : rounds) {
    o.polls.push_back(r.poll_id);
    o.rounds = std::max(o.rounds, r.round);
    const bool into_alternates = r.purpose == PollPurpose::kRunoff && r.runoff_for_alternates;
    for (int pos : r.elected) take(into_alternates ? o.alternates : o.elected, r, pos);
    for (int pos : r.alternates) take(o.alternates, r, pos);
    // E4: a runoff across the officials' boundary of a round with
    // alternates also fixes the order of the alternates: its other names
    // (by their runoff votes), then the round's other passers (by votes).
    if (r.purpose == PollPurpose::kRunoff && !r.runoff_for_alternates && by_id.count(r.follows_id) &&
        by_id.at(r.follows_id)->purpose == PollPurpose::kMain && alternate_seats > 0) {
      // Further rounds elect no alternates (decision 214): only the main round's.
      const RoundFigures& src = *by_id.at(r.follows_id);
      std::vector<std::vector<const RoundFigures::Line*>> groups;
      auto add_ranked = [&](std::vector<const RoundFigures::Line*> lines) {
        std::stable_sort(lines.begin(), lines.end(), [](auto* a, auto* b) { return a->votes > b->votes; });
        for (size_t i = 0; i < lines.size();) {
          size_t j = i;
          std::vector<const RoundFigures::Line*> g;
          while (j < lines.size() && lines[j]->votes == lines[i]->votes) g.push_back(lines[j++]);
          groups.push_back(std::move(g));
          i = j;
        }
      };
      std::vector<const RoundFigures::Line*> runoff_rest, src_rest;
      for (const auto& l : r.candidates)
        if (!placed.count(l.candidate_id)) runoff_rest.push_back(&l);
      std::set<int64_t> in_runoff;
      for (const auto& l : r.candidates) in_runoff.insert(l.candidate_id);
      for (const auto& l : src.candidates)
        if (l.passed && !placed.count(l.candidate_id) && !in_runoff.count(l.candidate_id)) src_rest.push_back(&l);
      const size_t runoff_groups_begin = groups.size();
      add_ranked(runoff_rest);
      const size_t runoff_groups_end = groups.size();
      add_ranked(src_rest);
      for (size_t gi = 0; gi < groups.size(); ++gi) {
        const int left = alternate_seats - static_cast<int>(o.alternates.size());
        if (left <= 0) break;
        if (static_cast<int>(groups[gi].size()) > left) break;  // a tie across the boundary stays undecided
        const bool from_runoff = gi >= runoff_groups_begin && gi < runoff_groups_end;
        for (const auto* l : groups[gi]) {
          placed.insert(l->candidate_id);
          o.alternates.push_back(SeatOf(from_runoff ? r : src, *l));
        }
      }
    }
  }
  // A tie waits for its runoff until a counted runoff follows that poll.
  for (const auto& r : rounds) {
    if (!r.runoff) continue;
    const bool settled = std::any_of(rounds.begin(), rounds.end(), [&](const RoundFigures& f) {
      return f.follows_id == r.poll_id && f.purpose == PollPurpose::kRunoff;
    });
    if (!settled) {
      o.runoff_poll_id = r.poll_id;
      o.runoff_seats = r.runoff->alternates ? 0 : r.runoff->seats;
    }
  }
  o.elected.resize(std::min<size_t>(o.elected.size(), static_cast<size_t>(std::max(seats, 0))));
  o.empty_seats = std::max(0, seats - static_cast<int>(o.elected.size()) - o.runoff_seats);
  o.empty_alternates = std::max(0, alternate_seats - static_cast<int>(o.alternates.size()));
  if (o.runoff_poll_id) {
    o.status = OutcomeStatus::kRunoffPending;
  } else if (static_cast<int>(o.elected.size()) >= seats) {
    o.status = OutcomeStatus::kComplete;
    o.final = true;
  } else if (o.rounds >= max_rounds) {
    o.status = OutcomeStatus::kSeatsLeftEmpty;
    o.final = true;
  } else {
    o.status = OutcomeStatus::kSeatsEmpty;
  }
  return o;
}

}  // namespace phonghop::voting
