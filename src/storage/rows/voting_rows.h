// How a poll is read from the database: the select list and the row mapping,
// shared by the SQLite and PostgreSQL repositories.
#pragma once

#include "storage/row_reader.h"
#include "voting/model.h"

namespace phonghop::storage::rows {

inline constexpr char kPollColumns[] =
    "SELECT id, congress_id, session_id, COALESCE(agenda_item_id,0), kind, mode, title, COALESCE(election_id,0), "
    "round, purpose, COALESCE(seats,0), alternate_seats, pass_rule, attempt, COALESCE(supersedes_id,0), state, "
    "COALESCE(duration_s,0), COALESCE(opened_at,0), COALESCE(closed_at,0), COALESCE(published_at,0), "
    "COALESCE(cancelled_at,0), COALESCE(cancel_reason,''), COALESCE(summoned,0), COALESCE(present,0), "
    "COALESCE(issued,0), COALESCE(returned,0), COALESCE(valid,0), COALESCE(invalid,0), COALESCE(result_json,''), "
    "COALESCE(tally_sha256,''), created_by, created_at, COALESCE(follows_id,0), COALESCE(decision_id,0), "
    "COALESCE(minutes_code,'') FROM polls ";

template <class View>
voting::Poll ReadPoll(const View& v) {
  using namespace voting;
  Poll p;
  RowReader(v) >> p.id >> p.congress_id >> p.session_id >> p.agenda_item_id >>
      Enum(p.kind, ParsePollKind, PollKind::kMotion) >> Enum(p.mode, ParsePollMode, PollMode::kSecret) >>
      p.title >> p.election_id >> p.round >> Enum(p.purpose, ParsePollPurpose, PollPurpose::kMain) >> p.seats >>
      p.alternate_seats >> Enum(p.pass_rule, ParsePassRule, PassRule::kPresent) >> p.attempt >>
      p.supersedes_id >> Enum(p.state, ParsePollState, PollState::kCreated) >> p.duration_s >> p.opened_at >>
      p.closed_at >> p.published_at >> p.cancelled_at >> p.cancel_reason >> p.summoned >> p.present >>
      p.issued >> p.returned >> p.valid >> p.invalid >> p.result_json >> p.tally_sha256 >> p.created_by >>
      p.created_at >> p.follows_id >> p.decision_id >> p.minutes_code;
  return p;
}

}  // namespace phonghop::storage::rows
