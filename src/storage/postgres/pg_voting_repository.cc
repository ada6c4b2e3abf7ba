#include "storage/postgres/pg_voting_repository.h"

#include <sstream>

#include "storage/rows/voting_rows.h"

namespace phonghop::storage::pg {

using namespace voting;  // NOLINT: the adapter of this one port

namespace {

using rows::kPollColumns;
voting::Poll ReadPoll(const Rows& r, int i) { return rows::ReadPoll(r.At(i)); }

bool ElectionLocked(PgConnection& c, int64_t election_id) {
  return !c.Q("SELECT 1 FROM polls WHERE election_id = $1 AND state NOT IN ('created','cancelled') LIMIT 1",
              election_id)
              .empty();
}

// Takes the election's row lock: candidate and teller edits wait for (and
// then see) a poll of the election being opened on another node.
void LockElection(PgConnection& c, int64_t election_id) {
  c.Q("SELECT 1 FROM elections WHERE id = $1 FOR UPDATE", election_id);
}

std::string ChoiceText(const CountedBallot& b) {
  if (b.choice) return std::string(1, b.choice);
  std::string out;
  for (size_t i = 0; i < b.keep.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(b.keep[i]);
  }
  return out;
}

CountedBallot ParseChoice(const std::string& text, const std::string& reason) {
  CountedBallot b;
  if (text == "Y" || text == "N" || text == "A") {
    b.choice = text[0];
  } else {
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ','))
      if (!part.empty()) b.keep.push_back(std::stoi(part));
  }
  b.invalid = ParseInvalidReason(reason).value_or(InvalidReason::kNone);
  return b;
}

void LoadOptions(PgConnection& c, Poll& p) {
  auto r = c.Q("SELECT position, label, COALESCE(candidate_id,0), birth_date FROM poll_options WHERE poll_id = $1 "
               "ORDER BY position",
               p.id);
  for (int i = 0; i < r.size(); ++i)
    p.options.push_back({static_cast<int>(r.Int(i, 0)), r.Text(i, 1), r.Int(i, 2), r.Text(i, 3)});
}

template <typename T>
std::optional<T> NonZero(T v) {
  return v ? std::optional<T>(v) : std::nullopt;
}

std::optional<std::string> NonEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

// ------------------------------------------------------------------ elections

Result<int64_t> PgVotingRepository::CreateElection(const Election& e) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Read([&](PgConnection& c) {
      return c.Q("INSERT INTO elections(congress_id, title, seats, alternate_seats, threshold_base, tie_rule, "
                 "max_rounds, runoff_needs_majority, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
                 e.congress_id, e.title, e.seats, e.alternate_seats, ToString(e.threshold_base), ToString(e.tie_rule),
                 e.max_rounds, e.runoff_needs_majority ? 1 : 0, e.created_at)
          .Int(0, 0);
    });
  });
}

namespace {
Result<Election> ReadElection(PgConnection& c, int64_t congress_id, int64_t id) {
  auto s = c.Q("SELECT id, congress_id, title, seats, alternate_seats, threshold_base, tie_rule, max_rounds, "
               "runoff_needs_majority, created_at FROM elections WHERE congress_id = $1 AND id = $2",
               congress_id, id);
  if (s.empty()) return Status::NotFound("Không có cuộc bầu cử này");
  Election e;
  e.id = s.Int(0, 0);
  e.congress_id = s.Int(0, 1);
  e.title = s.Text(0, 2);
  e.seats = static_cast<int>(s.Int(0, 3));
  e.alternate_seats = static_cast<int>(s.Int(0, 4));
  e.threshold_base = ParseThresholdBase(s.Text(0, 5)).value_or(ThresholdBase::kValid);
  e.tie_rule = ParseTieRule(s.Text(0, 6)).value_or(TieRule::kRunoff);
  e.max_rounds = static_cast<int>(s.Int(0, 7));
  e.runoff_needs_majority = s.Int(0, 8) != 0;
  e.created_at = s.Int(0, 9);
  auto k = c.Q("SELECT id, full_name, birth_date, delegation, COALESCE(delegate_id,0), "
               "(withdrawn_at IS NOT NULL)::int FROM election_candidates WHERE election_id = $1 ORDER BY id",
               id);
  for (int i = 0; i < k.size(); ++i) {
    Candidate x;
    x.id = k.Int(i, 0);
    x.election_id = id;
    x.full_name = k.Text(i, 1);
    x.birth_date = k.Text(i, 2);
    x.delegation = k.Text(i, 3);
    x.delegate_id = k.Int(i, 4);
    x.withdrawn = k.Int(i, 5) != 0;
    e.candidates.push_back(x);
  }
  auto t = c.Q("SELECT delegate_id, head FROM election_tellers WHERE election_id = $1 ORDER BY head DESC, delegate_id",
               id);
  for (int i = 0; i < t.size(); ++i) {
    e.tellers.push_back(t.Int(i, 0));
    if (t.Int(i, 1)) e.head_teller = t.Int(i, 0);
  }
  return e;
}
}  // namespace

Result<Election> PgVotingRepository::GetElection(int64_t congress_id, int64_t id) {
  return PgGuard([&]() -> Result<Election> {
    return db_.Read([&](PgConnection& c) { return ReadElection(c, congress_id, id); });
  });
}

Result<std::vector<Election>> PgVotingRepository::ListElections(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::vector<Election>> {
    // One snapshot for the elections and their candidates.
    return db_.Write([&](PgConnection& c) -> Result<std::vector<Election>> {
      std::vector<Election> out;
      auto s = c.Q("SELECT id FROM elections WHERE congress_id = $1 ORDER BY id", congress_id);
      for (int i = 0; i < s.size(); ++i) {
        auto e = ReadElection(c, congress_id, s.Int(i, 0));
        if (e.ok()) out.push_back(std::move(e).value());
      }
      return out;
    });
  });
}

Result<std::vector<int64_t>> PgVotingRepository::AddCandidates(int64_t election_id,
                                                               const std::vector<Candidate>& list) {
  return PgGuard([&]() -> Result<std::vector<int64_t>> {
    return db_.Write([&](PgConnection& c) -> Result<std::vector<int64_t>> {
      LockElection(c, election_id);
      if (ElectionLocked(c, election_id))
        return Status::Conflict("Danh sách ứng cử viên đã khóa vì cuộc bầu cử đã bắt đầu");
      std::vector<int64_t> ids;
      for (const auto& k : list)
        ids.push_back(c.Q("INSERT INTO election_candidates(election_id, full_name, birth_date, delegation, "
                          "delegate_id) VALUES ($1,$2,$3,$4,$5) RETURNING id",
                          election_id, k.full_name, k.birth_date, k.delegation, NonZero(k.delegate_id))
                          .Int(0, 0));
      return ids;
    });
  });
}

Status PgVotingRepository::SetTellers(int64_t election_id, const std::vector<int64_t>& ids, int64_t head) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& c) -> Status {
      LockElection(c, election_id);
      if (ElectionLocked(c, election_id)) return Status::Conflict("Ban kiểm phiếu đã khóa vì cuộc bầu cử đã bắt đầu");
      c.Q("DELETE FROM election_tellers WHERE election_id = $1", election_id);
      for (auto id : ids)
        c.Q("INSERT INTO election_tellers(election_id, delegate_id, head) VALUES ($1,$2,$3)", election_id, id,
            id == head ? 1 : 0);
      return Status::Ok();
    });
  });
}

// ---------------------------------------------------------------------- polls

Result<int64_t> PgVotingRepository::CreatePoll(const Poll& p) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& c) {
      const int64_t id =
          c.Q("INSERT INTO polls(congress_id, session_id, agenda_item_id, kind, mode, title, election_id, round, "
              "purpose, seats, alternate_seats, pass_rule, attempt, supersedes_id, state, duration_s, created_by, "
              "created_at, follows_id, decision_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,'created',"
              "$15,$16,$17,$18,$19) RETURNING id",
              p.congress_id, p.session_id, NonZero(p.agenda_item_id), ToString(p.kind), ToString(p.mode), p.title,
              NonZero(p.election_id), p.round, ToString(p.purpose), NonZero(p.seats), p.alternate_seats,
              ToString(p.pass_rule), p.attempt, NonZero(p.supersedes_id), NonZero(p.duration_s), p.created_by,
              p.created_at, NonZero(p.follows_id), NonZero(p.decision_id))
              .Int(0, 0);
      for (const auto& o : p.options)
        c.Q("INSERT INTO poll_options(poll_id, position, label, candidate_id, birth_date) VALUES ($1,$2,$3,$4,$5)", id,
            o.position, o.label, NonZero(o.candidate_id), o.birth_date);
      return id;
    });
  });
}

Result<Poll> PgVotingRepository::GetPoll(int64_t congress_id, int64_t id) {
  return PgGuard([&]() -> Result<Poll> {
    return db_.Write([&](PgConnection& c) -> Result<Poll> {
      auto s = c.Q(std::string(kPollColumns) + "WHERE congress_id = $1 AND id = $2", congress_id, id);
      if (s.empty()) return Status::NotFound("Không có cuộc biểu quyết này");
      Poll p = ReadPoll(s, 0);
      LoadOptions(c, p);
      return p;
    });
  });
}

Result<std::vector<Poll>> PgVotingRepository::ListPolls(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::vector<Poll>> {
    return db_.Write([&](PgConnection& c) {
      std::vector<Poll> out;
      auto s = c.Q(std::string(kPollColumns) + "WHERE congress_id = $1 ORDER BY id", congress_id);
      for (int i = 0; i < s.size(); ++i) out.push_back(ReadPoll(s, i));
      for (auto& p : out) LoadOptions(c, p);
      return out;
    });
  });
}

Status PgVotingRepository::SetMinutesCode(int64_t poll_id, const std::string& code) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& c) -> Status {
      auto r = c.Q("UPDATE polls SET minutes_code = $1 WHERE id = $2 AND state = 'published'", code, poll_id);
      if (r.Affected() == 0) return Status::NotFound("Không có cuộc biểu quyết đã công bố này");
      return Status::Ok();
    });
  });
}

Status PgVotingRepository::SavePoll(const Poll& p, PollState expected) {
  try {
    return db_.Write([&](PgConnection& c) -> Status {
      if (p.state == PollState::kOpen && expected != PollState::kOpen) {
        // Opening: the congress row lock makes "is another poll open?" and
        // the update one step across nodes (polls_one_open backs it up).
        c.Q("SELECT 1 FROM congresses WHERE id = $1 FOR UPDATE", p.congress_id);
        auto o = c.Q("SELECT id FROM polls WHERE congress_id = $1 AND state = 'open' AND id <> $2", p.congress_id, p.id);
        if (!o.empty())
          return Status::Conflict("Đang có cuộc biểu quyết khác mở (số " + std::to_string(o.Int(0, 0)) +
                                  "); đóng nó trước")
              .WithReason("another_poll_open");
      }
      auto r = c.Q("UPDATE polls SET state = $1, opened_at = $2, closed_at = $3, published_at = $4, cancelled_at = $5, "
                   "cancel_reason = $6, summoned = $7, present = $8, issued = $9, returned = $10, valid = $11, "
                   "invalid = $12, result_json = $13, tally_sha256 = $14, title = $15, duration_s = $16 "
                   "WHERE id = $17 AND congress_id = $18 AND state = $19",
                   ToString(p.state), NonZero(p.opened_at), NonZero(p.closed_at), NonZero(p.published_at),
                   NonZero(p.cancelled_at), NonEmpty(p.cancel_reason), p.summoned, p.present, p.issued, p.returned,
                   p.valid, p.invalid, NonEmpty(p.result_json), NonEmpty(p.tally_sha256), p.title,
                   NonZero(p.duration_s), p.id, p.congress_id, ToString(expected));
      if (r.Affected() == 0) return Status::Conflict("Trạng thái cuộc biểu quyết vừa thay đổi; tải lại");
      return Status::Ok();
    });
  } catch (const PgError& e) {
    return StatusFromPgError(e, "Không thay đổi được cuộc biểu quyết ở trạng thái này");
  }
}

// -------------------------------------------------------------------- ballots

namespace {
// `lock`: inside CastBallot, the poll row is share-locked (closing waits for
// ballots being cast, and a ballot after the close sees it closed) and the
// voter's row locked (two phones of one delegate take turns).
VoterFacts ReadFacts(PgConnection& c, int64_t poll_id, int64_t delegate_id, int64_t session_id,
                     const std::string& ballot_id, bool lock) {
  VoterFacts f;
  f.delegate_session = delegate_id != 0;
  f.session_id = session_id;
  auto p = c.Q(std::string("SELECT state, mode, session_id FROM polls WHERE id = $1") + (lock ? " FOR SHARE" : ""),
               poll_id);
  int64_t poll_session = 0;
  if (!p.empty()) {
    f.state = ParsePollState(p.Text(0, 0)).value_or(PollState::kCreated);
    f.mode = ParsePollMode(p.Text(0, 1)).value_or(PollMode::kSecret);
    poll_session = p.Int(0, 2);
  }
  auto d = c.Q(std::string("SELECT kind FROM delegates WHERE id = $1") + (lock ? " FOR UPDATE" : ""), delegate_id);
  f.official = !d.empty() && d.Text(0, 0) == "official";
  f.present = !c.Q("SELECT 1 FROM attendance WHERE session_id = $1 AND delegate_id = $2 AND left_at IS NULL",
                   poll_session, delegate_id)
                   .empty();
  auto b = c.Q("SELECT session_id FROM voting_devices WHERE delegate_id = $1", delegate_id);
  if (!b.empty()) f.bound_session_id = b.Int(0, 0);
  f.already_voted =
      !c.Q("SELECT 1 FROM poll_voters WHERE poll_id = $1 AND delegate_id = $2", poll_id, delegate_id).empty();
  if (f.already_voted && !ballot_id.empty())
    f.nonce_recorded =
        !c.Q("SELECT 1 FROM ballots WHERE poll_id = $1 AND ballot_id = $2", poll_id, Bytes{ballot_id}).empty();
  return f;
}
}  // namespace

Result<Eligibility> PgVotingRepository::CastBallot(const CastRequest& r, PollMode mode) {
  return PgGuard(
      [&]() -> Result<Eligibility> {
        return db_.Write([&](PgConnection& c) -> Result<Eligibility> {
          VoterFacts f = ReadFacts(c, r.poll_id, r.delegate_id, r.session_id, r.ballot_id, true);
          Eligibility e = Decide(f);
          if (e != Eligibility::kAccept) return e;
          if (f.bound_session_id == 0)
            c.Q("INSERT INTO voting_devices(delegate_id, session_id) VALUES ($1,$2)", r.delegate_id, r.session_id);
          c.Q("INSERT INTO poll_voters(poll_id, delegate_id) VALUES ($1,$2)", r.poll_id, r.delegate_id);
          // No timestamp, no session, no voter (unless named).
          c.Q("INSERT INTO ballots(poll_id, ballot_id, choice, valid, invalid_reason, delegate_id) "
              "VALUES ($1,$2,$3,$4,$5,$6)",
              r.poll_id, Bytes{r.ballot_id}, ChoiceText(r.ballot), r.ballot.invalid == InvalidReason::kNone ? 1 : 0,
              r.ballot.invalid == InvalidReason::kNone ? std::nullopt
                                                       : std::optional<std::string>(ToString(r.ballot.invalid)),
              mode == PollMode::kNamed ? std::optional<int64_t>(r.delegate_id) : std::nullopt);
          return e;
        });
      },
      // A nonce already used by someone else: a replayed or forged nonce.
      "Mã phiếu đã được dùng");
}

Result<std::vector<StoredBallot>> PgVotingRepository::ListBallots(int64_t poll_id) {
  return PgGuard([&]() -> Result<std::vector<StoredBallot>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<StoredBallot> out;
      auto s = c.Q("SELECT ballot_id, choice, COALESCE(invalid_reason,''), COALESCE(delegate_id,0) FROM ballots "
                   "WHERE poll_id = $1 ORDER BY ballot_id",
                   poll_id);
      for (int i = 0; i < s.size(); ++i)
        out.push_back({s.Blob(i, 0), ParseChoice(s.Text(i, 1), s.Text(i, 2)), s.Int(i, 3)});
      return out;
    });
  });
}

Result<int> PgVotingRepository::CountVoters(int64_t poll_id) {
  return PgGuard([&]() -> Result<int> {
    return db_.Read([&](PgConnection& c) {
      return static_cast<int>(c.Q("SELECT count(*) FROM poll_voters WHERE poll_id = $1", poll_id).Int(0, 0));
    });
  });
}

Result<std::vector<int64_t>> PgVotingRepository::Voters(int64_t poll_id) {
  return PgGuard([&]() -> Result<std::vector<int64_t>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<int64_t> out;
      auto s = c.Q("SELECT delegate_id FROM poll_voters WHERE poll_id = $1 ORDER BY delegate_id", poll_id);
      for (int i = 0; i < s.size(); ++i) out.push_back(s.Int(i, 0));
      return out;
    });
  });
}

Result<std::optional<StoredBallot>> PgVotingRepository::FindBallot(int64_t poll_id, const std::string& id) {
  return PgGuard([&]() -> Result<std::optional<StoredBallot>> {
    return db_.Read([&](PgConnection& c) -> Result<std::optional<StoredBallot>> {
      auto s = c.Q("SELECT choice, COALESCE(invalid_reason,'') FROM ballots WHERE poll_id = $1 AND ballot_id = $2",
                   poll_id, Bytes{id});
      if (s.empty()) return std::optional<StoredBallot>();
      return std::optional<StoredBallot>(StoredBallot{id, ParseChoice(s.Text(0, 0), s.Text(0, 1)), 0});
    });
  });
}

Result<int> PgVotingRepository::ClearBallots(int64_t poll_id) {
  return PgGuard([&]() -> Result<int> {
    return db_.Write([&](PgConnection& c) {
      int removed = static_cast<int>(c.Q("DELETE FROM ballots WHERE poll_id = $1", poll_id).Affected());
      c.Q("DELETE FROM poll_voters WHERE poll_id = $1", poll_id);
      c.Q("DELETE FROM poll_signoffs WHERE poll_id = $1", poll_id);
      c.Q("DELETE FROM paper_entries WHERE poll_id = $1", poll_id);
      return removed;
    });
  });
}

Status PgVotingRepository::Checkpoint() {
  // Nothing to do: PostgreSQL's WAL is recycled by the server's own
  // checkpoints, and CHECKPOINT needs a privilege phonghop's role should
  // not hold. What the WAL keeps of ballot order is decision 506.
  return Status::Ok();
}

Status PgVotingRepository::ResetVotingDevice(int64_t delegate_id) {
  return PgGuard([&]() -> Status {
    db_.Read([&](PgConnection& c) { c.Q("DELETE FROM voting_devices WHERE delegate_id = $1", delegate_id); });
    return Status::Ok();
  });
}

Result<VoterFacts> PgVotingRepository::Facts(int64_t poll_id, int64_t delegate_id, int64_t session_id) {
  return PgGuard([&]() -> Result<VoterFacts> {
    return db_.Write([&](PgConnection& c) { return ReadFacts(c, poll_id, delegate_id, session_id, "", false); });
  });
}

Status PgVotingRepository::ReplacePaperSet(int64_t poll_id, const std::string& name, int64_t author,
                                           const std::vector<CountedBallot>& ballots) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& c) -> Status {
      c.Q("SELECT 1 FROM polls WHERE id = $1 FOR UPDATE", poll_id);  // one teller's set at a time
      auto o = c.Q("SELECT operator FROM paper_entries WHERE poll_id = $1 AND entry_set = $2 LIMIT 1", poll_id, name);
      if (!o.empty() && o.Int(0, 0) != author)
        return Status::PermissionDenied("Bộ phiếu " + name + " do thành viên khác của Ban kiểm phiếu nhập");
      c.Q("DELETE FROM paper_entries WHERE poll_id = $1 AND entry_set = $2", poll_id, name);
      for (size_t i = 0; i < ballots.size(); ++i) {
        const auto& b = ballots[i];
        c.Q("INSERT INTO paper_entries(poll_id, entry_set, seq, operator, choice, invalid_reason) "
            "VALUES ($1,$2,$3,$4,$5,$6)",
            poll_id, name, static_cast<int64_t>(i + 1), author, ChoiceText(b),
            b.invalid == InvalidReason::kNone ? std::nullopt : std::optional<std::string>(ToString(b.invalid)));
      }
      return Status::Ok();
    });
  });
}

Result<std::map<std::string, VotingRepository::PaperSet>> PgVotingRepository::PaperSets(int64_t poll_id) {
  return PgGuard([&]() -> Result<std::map<std::string, PaperSet>> {
    return db_.Read([&](PgConnection& c) {
      std::map<std::string, PaperSet> out;
      auto s = c.Q("SELECT entry_set, operator, choice, COALESCE(invalid_reason,'') FROM paper_entries "
                   "WHERE poll_id = $1 ORDER BY entry_set COLLATE \"C\", seq",
                   poll_id);
      for (int i = 0; i < s.size(); ++i) {
        auto& set = out[s.Text(i, 0)];
        set.author = s.Int(i, 1);
        set.ballots.push_back(ParseChoice(s.Text(i, 2), s.Text(i, 3)));
      }
      return out;
    });
  });
}

Status PgVotingRepository::AddSignoff(int64_t poll_id, const Signoff& s) {
  return PgGuard([&]() -> Status {
    db_.Read([&](PgConnection& c) {
      c.Q("INSERT INTO poll_signoffs(poll_id, delegate_id, minutes_sha256, at) VALUES ($1,$2,$3,$4) "
          "ON CONFLICT (poll_id, delegate_id) DO UPDATE SET minutes_sha256 = excluded.minutes_sha256, at = excluded.at",
          poll_id, s.delegate_id, s.sha256, s.at);
    });
    return Status::Ok();
  });
}

Result<std::vector<Signoff>> PgVotingRepository::Signoffs(int64_t poll_id) {
  return PgGuard([&]() -> Result<std::vector<Signoff>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<Signoff> out;
      auto s = c.Q("SELECT delegate_id, minutes_sha256, at FROM poll_signoffs WHERE poll_id = $1 "
                   "ORDER BY at, delegate_id",
                   poll_id);
      for (int i = 0; i < s.size(); ++i) out.push_back({s.Int(i, 0), s.Text(i, 1), s.Int(i, 2)});
      return out;
    });
  });
}


// ---------------------------------------------------------------- drafts

namespace {

// A refusal found after the transaction has written: thrown so that Write
// rolls back (a returned Status would commit what was written so far).
struct Refused {
  Status status;
};

// Rewrites the seats and options of a poll still `created` (its row is
// locked by the caller); false when it is not.
bool RewriteDraftBallot(PgConnection& c, const Poll& p) {
  auto r = c.Q("UPDATE polls SET seats = $1, alternate_seats = $2 WHERE id = $3 AND state = 'created'",
               NonZero(p.seats), p.alternate_seats, p.id);
  if (r.Affected() == 0) return false;
  c.Q("DELETE FROM poll_options WHERE poll_id = $1", p.id);
  for (const auto& o : p.options)
    c.Q("INSERT INTO poll_options(poll_id, position, label, candidate_id, birth_date) VALUES ($1,$2,$3,$4,$5)", p.id,
        o.position, o.label, NonZero(o.candidate_id), o.birth_date);
  return true;
}

}  // namespace

Status PgVotingRepository::UpdateElection(const Election& e, const std::vector<Candidate>& changed,
                                          const std::vector<Poll>& drafts, int64_t now) {
  try {
    return PgGuard([&]() -> Status {
      return db_.Write([&](PgConnection& c) -> Status {
        LockElection(c, e.id);
        // The election's polls too: an opening on another node waits for this
        // edit, or has happened and is seen below.
        c.Q("SELECT id FROM polls WHERE election_id = $1 ORDER BY id FOR UPDATE", e.id);
        if (ElectionLocked(c, e.id))
          return Status::Conflict("Không sửa được: cuộc bầu cử đã bắt đầu bỏ phiếu").WithReason("election_started");
        auto r = c.Q("UPDATE elections SET title = $1, seats = $2, alternate_seats = $3, threshold_base = $4, "
                     "tie_rule = $5, max_rounds = $6, runoff_needs_majority = $7 WHERE id = $8",
                     e.title, e.seats, e.alternate_seats, ToString(e.threshold_base), ToString(e.tie_rule), e.max_rounds,
                     e.runoff_needs_majority ? 1 : 0, e.id);
        if (r.Affected() == 0) return Status::NotFound("Không có cuộc bầu cử này");
        for (const auto& k : changed)
          c.Q("UPDATE election_candidates SET full_name = $1, birth_date = $2, delegation = $3, delegate_id = $4, "
              "withdrawn_at = CASE WHEN $5 = 1 THEN COALESCE(withdrawn_at, $6) ELSE NULL END "
              "WHERE id = $7 AND election_id = $8",
              k.full_name, k.birth_date, k.delegation, NonZero(k.delegate_id), k.withdrawn ? 1 : 0, now, k.id, e.id);
        for (const auto& p : drafts)
          if (!RewriteDraftBallot(c, p))
            throw Refused{
                Status::Conflict("Không sửa được: cuộc bầu cử đã bắt đầu bỏ phiếu").WithReason("election_started")};
        return Status::Ok();
      });
    });
  } catch (const Refused& r) {
    return r.status;
  }
}

Result<int64_t> PgVotingRepository::SaveDraft(const Poll& p, const std::vector<PollOption>& expected,
                                             const std::optional<Candidate>& added) {
  try {
    return PgGuard([&]() -> Result<int64_t> {
      return db_.Write([&](PgConnection& c) -> Result<int64_t> {
        auto st = c.Q("SELECT state FROM polls WHERE id = $1 AND congress_id = $2 FOR UPDATE", p.id, p.congress_id);
        if (st.empty()) return Status::NotFound("Không có cuộc biểu quyết này");
        if (st.Text(0, 0) != "created")
          return Status::Conflict("Không sửa được: cuộc biểu quyết đã mở (chỉ sửa khi chưa mở)").WithReason("poll_not_draft");
        Poll stored;
        stored.id = p.id;
        LoadOptions(c, stored);
        bool same = stored.options.size() == expected.size();
        for (size_t i = 0; same && i < expected.size(); ++i)
          same = stored.options[i].position == expected[i].position && stored.options[i].label == expected[i].label &&
                 stored.options[i].candidate_id == expected[i].candidate_id;
        if (!same)
          return Status::Conflict("Danh sách vừa được người khác thay đổi; tải lại rồi thử lại").WithReason("stale_draft");
        int64_t added_id = 0;
        if (added)
          added_id = c.Q("INSERT INTO election_candidates(election_id, full_name, birth_date, delegation, delegate_id, "
                         "source) VALUES ($1,$2,$3,$4,$5,'nominated') RETURNING id",
                         p.election_id, added->full_name, added->birth_date, added->delegation,
                         NonZero(added->delegate_id))
                         .Int(0, 0);
        c.Q("UPDATE polls SET title = $1, mode = $2, pass_rule = $3, duration_s = $4, session_id = $5, "
            "agenda_item_id = $6 WHERE id = $7 AND state = 'created'",
            p.title, ToString(p.mode), ToString(p.pass_rule), NonZero(p.duration_s), p.session_id,
            NonZero(p.agenda_item_id), p.id);
        Poll ballot = p;
        for (auto& o : ballot.options)
          if (o.candidate_id == 0 && added) o.candidate_id = added_id;
        if (p.kind == PollKind::kElection && !RewriteDraftBallot(c, ballot))
          throw Refused{Status::Conflict("Không sửa được: cuộc biểu quyết đã mở").WithReason("poll_not_draft")};
        return added_id;
      });
    });
  } catch (const Refused& r) {
    return r.status;
  }
}

}  // namespace phonghop::storage::pg
