#include "storage/sqlite/sqlite_voting_repository.h"

#include <sstream>

#include "storage/rows/voting_rows.h"

namespace phonghop::storage {

using namespace voting;  // NOLINT: the adapter of this one port

namespace {

using rows::kPollColumns;
using rows::ReadPoll;

bool ElectionLocked(Connection& c, int64_t election_id) {
  auto s = c.Prepare("SELECT 1 FROM polls WHERE election_id = ? AND state NOT IN ('created','cancelled') LIMIT 1");
  s.Bind(1, election_id);
  return s.Step();
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

void LoadOptions(Connection& c, Poll& p) {
  auto s = c.Prepare(
      "SELECT position, label, COALESCE(candidate_id,0), birth_date FROM poll_options WHERE poll_id = ? "
      "ORDER BY position");
  s.Bind(1, p.id);
  while (s.Step()) p.options.push_back({static_cast<int>(s.Int(0)), s.Text(1), s.Int(2), s.Text(3)});
}

template <typename T>
std::optional<T> NonZero(T v) {
  return v ? std::optional<T>(v) : std::nullopt;
}

}  // namespace

// ------------------------------------------------------------------ elections

Result<int64_t> SqliteVotingRepository::CreateElection(const Election& e) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) {
      c.Prepare("INSERT INTO elections(congress_id, title, seats, alternate_seats, threshold_base, tie_rule, "
                "max_rounds, runoff_needs_majority, created_at) VALUES (?,?,?,?,?,?,?,?,?)")
          .Bind(1, e.congress_id).Bind(2, e.title).Bind(3, e.seats).Bind(4, e.alternate_seats)
          .Bind(5, ToString(e.threshold_base)).Bind(6, ToString(e.tie_rule)).Bind(7, e.max_rounds)
          .Bind(8, e.runoff_needs_majority ? 1 : 0).Bind(9, e.created_at).Exec();
      return c.LastInsertId();
    });
  });
}

namespace {
Result<Election> ReadElection(Connection& c, int64_t congress_id, int64_t id) {
  auto s = c.Prepare("SELECT id, congress_id, title, seats, alternate_seats, threshold_base, tie_rule, max_rounds, "
                     "runoff_needs_majority, created_at FROM elections WHERE congress_id = ? AND id = ?");
  s.Bind(1, congress_id).Bind(2, id);
  if (!s.Step()) return Status::NotFound("Không có cuộc bầu cử này");
  Election e;
  e.id = s.Int(0);
  e.congress_id = s.Int(1);
  e.title = s.Text(2);
  e.seats = static_cast<int>(s.Int(3));
  e.alternate_seats = static_cast<int>(s.Int(4));
  e.threshold_base = ParseThresholdBase(s.Text(5)).value_or(ThresholdBase::kValid);
  e.tie_rule = ParseTieRule(s.Text(6)).value_or(TieRule::kRunoff);
  e.max_rounds = static_cast<int>(s.Int(7));
  e.runoff_needs_majority = s.Int(8) != 0;
  e.created_at = s.Int(9);
  auto k = c.Prepare("SELECT id, full_name, birth_date, delegation, COALESCE(delegate_id,0), withdrawn_at IS NOT NULL "
                     "FROM election_candidates WHERE election_id = ? ORDER BY id");
  k.Bind(1, id);
  while (k.Step()) {
    Candidate x;
    x.id = k.Int(0);
    x.election_id = id;
    x.full_name = k.Text(1);
    x.birth_date = k.Text(2);
    x.delegation = k.Text(3);
    x.delegate_id = k.Int(4);
    x.withdrawn = k.Int(5) != 0;
    e.candidates.push_back(x);
  }
  auto t = c.Prepare("SELECT delegate_id, head FROM election_tellers WHERE election_id = ? ORDER BY head DESC, delegate_id");
  t.Bind(1, id);
  while (t.Step()) {
    e.tellers.push_back(t.Int(0));
    if (t.Int(1)) e.head_teller = t.Int(0);
  }
  return e;
}
}  // namespace

Result<Election> SqliteVotingRepository::GetElection(int64_t congress_id, int64_t id) {
  return Guard([&]() -> Result<Election> {
    return db_.Read([&](Connection& c) { return ReadElection(c, congress_id, id); });
  });
}

Result<std::vector<Election>> SqliteVotingRepository::ListElections(int64_t congress_id) {
  return Guard([&]() -> Result<std::vector<Election>> {
    return db_.Read([&](Connection& c) -> Result<std::vector<Election>> {
      std::vector<int64_t> ids;
      auto s = c.Prepare("SELECT id FROM elections WHERE congress_id = ? ORDER BY id");
      s.Bind(1, congress_id);
      while (s.Step()) ids.push_back(s.Int(0));
      std::vector<Election> out;
      for (auto id : ids) {
        auto e = ReadElection(c, congress_id, id);
        if (e.ok()) out.push_back(std::move(e).value());
      }
      return out;
    });
  });
}

Result<std::vector<int64_t>> SqliteVotingRepository::AddCandidates(int64_t election_id,
                                                                   const std::vector<Candidate>& list) {
  return Guard([&]() -> Result<std::vector<int64_t>> {
    return db_.Write([&](Connection& c) -> Result<std::vector<int64_t>> {
      if (ElectionLocked(c, election_id))
        return Status::Conflict("Danh sách ứng cử viên đã khóa vì cuộc bầu cử đã bắt đầu");
      std::vector<int64_t> ids;
      auto s = c.Prepare("INSERT INTO election_candidates(election_id, full_name, birth_date, delegation, delegate_id) "
                         "VALUES (?,?,?,?,?)");
      for (const auto& k : list) {
        s.Reset();
        s.Bind(1, election_id).Bind(2, k.full_name).Bind(3, k.birth_date).Bind(4, k.delegation)
            .Bind(5, NonZero(k.delegate_id)).Exec();
        ids.push_back(c.LastInsertId());
      }
      return ids;
    });
  });
}

Status SqliteVotingRepository::SetTellers(int64_t election_id, const std::vector<int64_t>& ids, int64_t head) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      if (ElectionLocked(c, election_id))
        return Status::Conflict("Ban kiểm phiếu đã khóa vì cuộc bầu cử đã bắt đầu");
      c.Prepare("DELETE FROM election_tellers WHERE election_id = ?").Bind(1, election_id).Exec();
      auto s = c.Prepare("INSERT INTO election_tellers(election_id, delegate_id, head) VALUES (?,?,?)");
      for (auto id : ids) {
        s.Reset();
        s.Bind(1, election_id).Bind(2, id).Bind(3, id == head ? 1 : 0).Exec();
      }
      return Status::Ok();
    });
  });
}

// ---------------------------------------------------------------------- polls

Result<int64_t> SqliteVotingRepository::CreatePoll(const Poll& p) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) {
      c.Prepare("INSERT INTO polls(congress_id, session_id, agenda_item_id, kind, mode, title, election_id, round, "
                "purpose, seats, alternate_seats, pass_rule, attempt, supersedes_id, state, duration_s, created_by, "
                "created_at, follows_id, decision_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'created',?,?,?,?,?)")
          .Bind(1, p.congress_id).Bind(2, p.session_id).Bind(3, NonZero(p.agenda_item_id))
          .Bind(4, ToString(p.kind)).Bind(5, ToString(p.mode)).Bind(6, p.title).Bind(7, NonZero(p.election_id))
          .Bind(8, p.round).Bind(9, ToString(p.purpose)).Bind(10, NonZero(p.seats)).Bind(11, p.alternate_seats)
          .Bind(12, ToString(p.pass_rule)).Bind(13, p.attempt).Bind(14, NonZero(p.supersedes_id))
          .Bind(15, NonZero(p.duration_s)).Bind(16, p.created_by).Bind(17, p.created_at)
          .Bind(18, NonZero(p.follows_id)).Bind(19, NonZero(p.decision_id)).Exec();
      const int64_t id = c.LastInsertId();
      auto s = c.Prepare("INSERT INTO poll_options(poll_id, position, label, candidate_id, birth_date) VALUES (?,?,?,?,?)");
      for (const auto& o : p.options) {
        s.Reset();
        s.Bind(1, id).Bind(2, o.position).Bind(3, o.label).Bind(4, NonZero(o.candidate_id)).Bind(5, o.birth_date).Exec();
      }
      return id;
    });
  });
}

Result<Poll> SqliteVotingRepository::GetPoll(int64_t congress_id, int64_t id) {
  return Guard([&]() -> Result<Poll> {
    return db_.Read([&](Connection& c) -> Result<Poll> {
      auto s = c.Prepare(std::string(kPollColumns) + "WHERE congress_id = ? AND id = ?");
      s.Bind(1, congress_id).Bind(2, id);
      if (!s.Step()) return Status::NotFound("Không có cuộc biểu quyết này");
      Poll p = ReadPoll(s);
      LoadOptions(c, p);
      return p;
    });
  });
}

Result<std::vector<Poll>> SqliteVotingRepository::ListPolls(int64_t congress_id) {
  return Guard([&]() -> Result<std::vector<Poll>> {
    return db_.Read([&](Connection& c) {
      std::vector<Poll> out;
      auto s = c.Prepare(std::string(kPollColumns) + "WHERE congress_id = ? ORDER BY id");
      s.Bind(1, congress_id);
      while (s.Step()) out.push_back(ReadPoll(s));
      for (auto& p : out) LoadOptions(c, p);
      return out;
    });
  });
}

Status SqliteVotingRepository::SavePoll(const Poll& p, PollState expected) {
  try {
    return db_.Write([&](Connection& c) -> Status {
      if (p.state == PollState::kOpen && expected != PollState::kOpen) {
        auto o = c.Prepare("SELECT id FROM polls WHERE congress_id = ? AND state = 'open' AND id <> ?");
        o.Bind(1, p.congress_id).Bind(2, p.id);
        if (o.Step())
          return Status::Conflict("Đang có cuộc biểu quyết khác mở (số " + std::to_string(o.Int(0)) +
                                  "); đóng nó trước")
              .WithReason("another_poll_open");
      }
      c.Prepare("UPDATE polls SET state = ?, opened_at = ?, closed_at = ?, published_at = ?, cancelled_at = ?, "
                "cancel_reason = ?, summoned = ?, present = ?, issued = ?, returned = ?, valid = ?, invalid = ?, "
                "result_json = ?, tally_sha256 = ?, title = ?, duration_s = ? "
                "WHERE id = ? AND congress_id = ? AND state = ?")
          .Bind(1, ToString(p.state)).Bind(2, NonZero(p.opened_at)).Bind(3, NonZero(p.closed_at))
          .Bind(4, NonZero(p.published_at)).Bind(5, NonZero(p.cancelled_at))
          .Bind(6, p.cancel_reason.empty() ? std::nullopt : std::optional<std::string>(p.cancel_reason))
          .Bind(7, p.summoned).Bind(8, p.present).Bind(9, p.issued).Bind(10, p.returned).Bind(11, p.valid)
          .Bind(12, p.invalid)
          .Bind(13, p.result_json.empty() ? std::nullopt : std::optional<std::string>(p.result_json))
          .Bind(14, p.tally_sha256.empty() ? std::nullopt : std::optional<std::string>(p.tally_sha256))
          .Bind(15, p.title).Bind(16, NonZero(p.duration_s)).Bind(17, p.id).Bind(18, p.congress_id)
          .Bind(19, ToString(expected)).Exec();
      if (c.Changes() == 0) return Status::Conflict("Trạng thái cuộc biểu quyết vừa thay đổi; tải lại");
      return Status::Ok();
    });
  } catch (const SqliteError& e) {
    if (e.IsConstraint()) return Status::Conflict("Không thay đổi được cuộc biểu quyết ở trạng thái này");
    return Status::Internal("lỗi cơ sở dữ liệu");
  }
}

Status SqliteVotingRepository::SetMinutesCode(int64_t poll_id, const std::string& code) {
  try {
    return db_.Write([&](Connection& c) -> Status {
      c.Prepare("UPDATE polls SET minutes_code = ? WHERE id = ? AND state = 'published'")
          .Bind(1, code).Bind(2, poll_id).Exec();
      if (c.Changes() == 0) return Status::NotFound("Không có cuộc biểu quyết đã công bố này");
      return Status::Ok();
    });
  } catch (const SqliteError&) {
    return Status::Internal("lỗi cơ sở dữ liệu");
  }
}

// -------------------------------------------------------------------- ballots

namespace {
VoterFacts ReadFacts(Connection& c, int64_t poll_id, int64_t delegate_id, int64_t session_id,
                     const std::string& ballot_id) {
  VoterFacts f;
  f.delegate_session = delegate_id != 0;
  f.session_id = session_id;
  auto p = c.Prepare("SELECT state, mode, session_id FROM polls WHERE id = ?");
  p.Bind(1, poll_id);
  int64_t poll_session = 0;
  if (p.Step()) {
    f.state = ParsePollState(p.Text(0)).value_or(PollState::kCreated);
    f.mode = ParsePollMode(p.Text(1)).value_or(PollMode::kSecret);
    poll_session = p.Int(2);
  }
  auto d = c.Prepare("SELECT kind FROM delegates WHERE id = ?");
  d.Bind(1, delegate_id);
  f.official = d.Step() && d.Text(0) == "official";
  auto a = c.Prepare("SELECT 1 FROM attendance WHERE session_id = ? AND delegate_id = ? AND left_at IS NULL");
  a.Bind(1, poll_session).Bind(2, delegate_id);
  f.present = a.Step();
  auto b = c.Prepare("SELECT session_id FROM voting_devices WHERE delegate_id = ?");
  b.Bind(1, delegate_id);
  if (b.Step()) f.bound_session_id = b.Int(0);
  auto v = c.Prepare("SELECT 1 FROM poll_voters WHERE poll_id = ? AND delegate_id = ?");
  v.Bind(1, poll_id).Bind(2, delegate_id);
  f.already_voted = v.Step();
  if (f.already_voted && !ballot_id.empty()) {
    auto n = c.Prepare("SELECT 1 FROM ballots WHERE poll_id = ? AND ballot_id = ?");
    n.Bind(1, poll_id).BindBlob(2, ballot_id.data(), ballot_id.size());
    f.nonce_recorded = n.Step();
  }
  return f;
}
}  // namespace

Result<Eligibility> SqliteVotingRepository::CastBallot(const CastRequest& r, PollMode mode) {
  return Guard(
      [&]() -> Result<Eligibility> {
        return db_.Write([&](Connection& c) -> Result<Eligibility> {
          VoterFacts f = ReadFacts(c, r.poll_id, r.delegate_id, r.session_id, r.ballot_id);
          Eligibility e = Decide(f);
          if (e != Eligibility::kAccept) return e;
          if (f.bound_session_id == 0)
            c.Prepare("INSERT INTO voting_devices(delegate_id, session_id) VALUES (?,?)")
                .Bind(1, r.delegate_id).Bind(2, r.session_id).Exec();
          c.Prepare("INSERT INTO poll_voters(poll_id, delegate_id) VALUES (?,?)")
              .Bind(1, r.poll_id).Bind(2, r.delegate_id).Exec();
          // No timestamp, no session, no voter (unless named): the row is
          // keyed by the random nonce, so its place on disk is random too.
          c.Prepare("INSERT INTO ballots(poll_id, ballot_id, choice, valid, invalid_reason, delegate_id) "
                    "VALUES (?,?,?,?,?,?)")
              .Bind(1, r.poll_id).BindBlob(2, r.ballot_id.data(), r.ballot_id.size()).Bind(3, ChoiceText(r.ballot))
              .Bind(4, r.ballot.invalid == InvalidReason::kNone ? 1 : 0)
              .Bind(5, r.ballot.invalid == InvalidReason::kNone ? std::nullopt
                                                                : std::optional<std::string>(ToString(r.ballot.invalid)))
              .Bind(6, mode == PollMode::kNamed ? std::optional<int64_t>(r.delegate_id) : std::nullopt)
              .Exec();
          return e;
        });
      },
      // A nonce already used by someone else: 16 random bytes never collide
      // by chance, so this is a replayed or forged nonce.
      "Mã phiếu đã được dùng");
}

Result<std::vector<StoredBallot>> SqliteVotingRepository::ListBallots(int64_t poll_id) {
  return Guard([&]() -> Result<std::vector<StoredBallot>> {
    return db_.Read([&](Connection& c) {
      std::vector<StoredBallot> out;
      auto s = c.Prepare("SELECT ballot_id, choice, COALESCE(invalid_reason,''), COALESCE(delegate_id,0) FROM ballots "
                         "WHERE poll_id = ? ORDER BY ballot_id");
      s.Bind(1, poll_id);
      while (s.Step()) out.push_back({s.Blob(0), ParseChoice(s.Text(1), s.Text(2)), s.Int(3)});
      return out;
    });
  });
}

Result<int> SqliteVotingRepository::CountVoters(int64_t poll_id) {
  return Guard([&]() -> Result<int> {
    return db_.Read([&](Connection& c) {
      auto s = c.Prepare("SELECT count(*) FROM poll_voters WHERE poll_id = ?");
      s.Bind(1, poll_id);
      s.Step();
      return static_cast<int>(s.Int(0));
    });
  });
}

Result<std::vector<int64_t>> SqliteVotingRepository::Voters(int64_t poll_id) {
  return Guard([&]() -> Result<std::vector<int64_t>> {
    return db_.Read([&](Connection& c) {
      std::vector<int64_t> out;
      auto s = c.Prepare("SELECT delegate_id FROM poll_voters WHERE poll_id = ? ORDER BY delegate_id");
      s.Bind(1, poll_id);
      while (s.Step()) out.push_back(s.Int(0));
      return out;
    });
  });
}

Result<std::optional<StoredBallot>> SqliteVotingRepository::FindBallot(int64_t poll_id, const std::string& id) {
  return Guard([&]() -> Result<std::optional<StoredBallot>> {
    return db_.Read([&](Connection& c) -> Result<std::optional<StoredBallot>> {
      auto s = c.Prepare("SELECT choice, COALESCE(invalid_reason,'') FROM ballots WHERE poll_id = ? AND ballot_id = ?");
      s.Bind(1, poll_id).BindBlob(2, id.data(), id.size());
      if (!s.Step()) return std::optional<StoredBallot>();
      return std::optional<StoredBallot>(StoredBallot{id, ParseChoice(s.Text(0), s.Text(1)), 0});
    });
  });
}

Result<int> SqliteVotingRepository::ClearBallots(int64_t poll_id) {
  auto n = Guard([&]() -> Result<int> {
    return db_.Write([&](Connection& c) {
      c.Prepare("DELETE FROM ballots WHERE poll_id = ?").Bind(1, poll_id).Exec();
      int removed = c.Changes();
      c.Prepare("DELETE FROM poll_voters WHERE poll_id = ?").Bind(1, poll_id).Exec();
      c.Prepare("DELETE FROM poll_signoffs WHERE poll_id = ?").Bind(1, poll_id).Exec();
      c.Prepare("DELETE FROM paper_entries WHERE poll_id = ?").Bind(1, poll_id).Exec();
      return removed;
    });
  });
  if (n.ok()) (void)Checkpoint();
  return n;
}

Status SqliteVotingRepository::Checkpoint() {
  auto truncate = [this] {
    try {
      db_.Read([](Connection& conn) { conn.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); });
    } catch (const SqliteError&) {
      // A busy reader postpones it; the next checkpoint completes it.
    }
  };
  // Inside a unit of work (a close or a cancel with its event, decision
  // 553) the WAL can only be emptied once the unit has committed: run then,
  // still under the writer lock, before the caller's reply.
  unit_of_work::AfterCommit(truncate);
  return Status::Ok();
}

Status SqliteVotingRepository::ResetVotingDevice(int64_t delegate_id) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare("DELETE FROM voting_devices WHERE delegate_id = ?").Bind(1, delegate_id).Exec();
    });
    return Status::Ok();
  });
}

Result<VoterFacts> SqliteVotingRepository::Facts(int64_t poll_id, int64_t delegate_id, int64_t session_id) {
  return Guard([&]() -> Result<VoterFacts> {
    return db_.Read([&](Connection& c) { return ReadFacts(c, poll_id, delegate_id, session_id, ""); });
  });
}

Status SqliteVotingRepository::ReplacePaperSet(int64_t poll_id, const std::string& name, int64_t author,
                                               const std::vector<CountedBallot>& ballots) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      auto o = c.Prepare("SELECT operator FROM paper_entries WHERE poll_id = ? AND entry_set = ? LIMIT 1");
      o.Bind(1, poll_id).Bind(2, name);
      if (o.Step() && o.Int(0) != author)
        return Status::PermissionDenied("Bộ phiếu " + name + " do thành viên khác của Ban kiểm phiếu nhập");
      c.Prepare("DELETE FROM paper_entries WHERE poll_id = ? AND entry_set = ?").Bind(1, poll_id).Bind(2, name).Exec();
      auto ins = c.Prepare("INSERT INTO paper_entries(poll_id, entry_set, seq, operator, choice, invalid_reason) "
                           "VALUES (?,?,?,?,?,?)");
      for (size_t i = 0; i < ballots.size(); ++i) {
        const auto& b = ballots[i];
        ins.Reset();
        ins.Bind(1, poll_id).Bind(2, name).Bind(3, static_cast<int64_t>(i + 1)).Bind(4, author).Bind(5, ChoiceText(b))
            .Bind(6, b.invalid == InvalidReason::kNone ? std::nullopt : std::optional<std::string>(ToString(b.invalid)))
            .Exec();
      }
      return Status::Ok();
    });
  });
}

Result<std::map<std::string, VotingRepository::PaperSet>> SqliteVotingRepository::PaperSets(int64_t poll_id) {
  return Guard([&]() -> Result<std::map<std::string, PaperSet>> {
    return db_.Read([&](Connection& c) {
      std::map<std::string, PaperSet> out;
      auto s = c.Prepare("SELECT entry_set, operator, choice, COALESCE(invalid_reason,'') FROM paper_entries "
                         "WHERE poll_id = ? ORDER BY entry_set, seq");
      s.Bind(1, poll_id);
      while (s.Step()) {
        auto& set = out[s.Text(0)];
        set.author = s.Int(1);
        set.ballots.push_back(ParseChoice(s.Text(2), s.Text(3)));
      }
      return out;
    });
  });
}

Status SqliteVotingRepository::AddSignoff(int64_t poll_id, const Signoff& s) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare("INSERT INTO poll_signoffs(poll_id, delegate_id, minutes_sha256, at) VALUES (?,?,?,?) "
                "ON CONFLICT(poll_id, delegate_id) DO UPDATE SET minutes_sha256 = excluded.minutes_sha256, at = excluded.at")
          .Bind(1, poll_id).Bind(2, s.delegate_id).Bind(3, s.sha256).Bind(4, s.at).Exec();
    });
    return Status::Ok();
  });
}

Result<std::vector<Signoff>> SqliteVotingRepository::Signoffs(int64_t poll_id) {
  return Guard([&]() -> Result<std::vector<Signoff>> {
    return db_.Read([&](Connection& c) {
      std::vector<Signoff> out;
      auto s = c.Prepare("SELECT delegate_id, minutes_sha256, at FROM poll_signoffs WHERE poll_id = ? ORDER BY at, delegate_id");
      s.Bind(1, poll_id);
      while (s.Step()) out.push_back({s.Int(0), s.Text(1), s.Int(2)});
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

// Rewrites the seats and options of a poll still `created`; false when it
// is not (opened meanwhile).
bool RewriteDraftBallot(Connection& c, const Poll& p) {
  c.Prepare("UPDATE polls SET seats = ?, alternate_seats = ? WHERE id = ? AND state = 'created'")
      .Bind(1, NonZero(p.seats)).Bind(2, p.alternate_seats).Bind(3, p.id).Exec();
  if (c.Changes() == 0) return false;
  c.Prepare("DELETE FROM poll_options WHERE poll_id = ?").Bind(1, p.id).Exec();
  auto s = c.Prepare("INSERT INTO poll_options(poll_id, position, label, candidate_id, birth_date) VALUES (?,?,?,?,?)");
  for (const auto& o : p.options) {
    s.Reset();
    s.Bind(1, p.id).Bind(2, o.position).Bind(3, o.label).Bind(4, NonZero(o.candidate_id)).Bind(5, o.birth_date).Exec();
  }
  return true;
}

}  // namespace

Status SqliteVotingRepository::UpdateElection(const Election& e, const std::vector<Candidate>& changed,
                                              const std::vector<Poll>& drafts, int64_t now) {
  try {
    return Guard([&]() -> Status {
      return db_.Write([&](Connection& c) -> Status {
        if (ElectionLocked(c, e.id))
          return Status::Conflict("Không sửa được: cuộc bầu cử đã bắt đầu bỏ phiếu").WithReason("election_started");
        c.Prepare("UPDATE elections SET title = ?, seats = ?, alternate_seats = ?, threshold_base = ?, tie_rule = ?, "
                  "max_rounds = ?, runoff_needs_majority = ? WHERE id = ?")
            .Bind(1, e.title).Bind(2, e.seats).Bind(3, e.alternate_seats).Bind(4, ToString(e.threshold_base))
            .Bind(5, ToString(e.tie_rule)).Bind(6, e.max_rounds).Bind(7, e.runoff_needs_majority ? 1 : 0)
            .Bind(8, e.id).Exec();
        if (c.Changes() == 0) return Status::NotFound("Không có cuộc bầu cử này");
        for (const auto& k : changed)
          c.Prepare("UPDATE election_candidates SET full_name = ?, birth_date = ?, delegation = ?, delegate_id = ?, "
                    "withdrawn_at = CASE WHEN ? THEN COALESCE(withdrawn_at, ?) ELSE NULL END "
                    "WHERE id = ? AND election_id = ?")
              .Bind(1, k.full_name).Bind(2, k.birth_date).Bind(3, k.delegation).Bind(4, NonZero(k.delegate_id))
              .Bind(5, k.withdrawn ? 1 : 0).Bind(6, now).Bind(7, k.id).Bind(8, e.id).Exec();
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

Result<int64_t> SqliteVotingRepository::SaveDraft(const Poll& p, const std::vector<PollOption>& expected,
                                                 const std::optional<Candidate>& added) {
  try {
    return Guard([&]() -> Result<int64_t> {
      return db_.Write([&](Connection& c) -> Result<int64_t> {
        auto st = c.Prepare("SELECT state FROM polls WHERE id = ? AND congress_id = ?");
        st.Bind(1, p.id).Bind(2, p.congress_id);
        if (!st.Step()) return Status::NotFound("Không có cuộc biểu quyết này");
        if (st.Text(0) != "created")
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
        if (added) {
          c.Prepare("INSERT INTO election_candidates(election_id, full_name, birth_date, delegation, delegate_id, source) "
                    "VALUES (?,?,?,?,?,'nominated')")
              .Bind(1, p.election_id).Bind(2, added->full_name).Bind(3, added->birth_date).Bind(4, added->delegation)
              .Bind(5, NonZero(added->delegate_id)).Exec();
          added_id = c.LastInsertId();
        }
        c.Prepare("UPDATE polls SET title = ?, mode = ?, pass_rule = ?, duration_s = ?, session_id = ?, "
                  "agenda_item_id = ? WHERE id = ? AND state = 'created'")
            .Bind(1, p.title).Bind(2, ToString(p.mode)).Bind(3, ToString(p.pass_rule)).Bind(4, NonZero(p.duration_s))
            .Bind(5, p.session_id).Bind(6, NonZero(p.agenda_item_id)).Bind(7, p.id).Exec();
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

}  // namespace phonghop::storage
