// The contract of voting::VotingRepository and speakers::SpeakersRepository
// on every back-end: who may vote is decided inside the ballot's
// transaction, a secret ballot never names its voter, one poll open at a
// time, and the list of speakers keeps one speaker per congress.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fixture.h"

namespace phonghop::contract {
namespace {

using voting::Eligibility;
using voting::Poll;
using voting::PollState;
using SpeakersContract = CongressWorld;

std::string Nonce(char fill) { return std::string(16, fill); }

class VotingWorld : public CongressWorld {
 protected:
  int64_t NewPoll(voting::PollMode mode) {
    Poll p;
    p.congress_id = cid_;
    p.session_id = sid_;
    p.kind = voting::PollKind::kMotion;
    p.mode = mode;
    p.title = "Thông qua nghị quyết";
    p.created_by = "chu-toa";
    p.created_at = 100;
    p.options = {{1, "Tán thành", 0, ""}, {2, "Không tán thành", 0, ""}};
    auto id = backend().voting().CreatePoll(p);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  Status Open(int64_t id) {
    auto p = backend().voting().GetPoll(cid_, id);
    if (!p.ok()) return p.status();
    p->state = PollState::kOpen;
    p->opened_at = 200;
    return backend().voting().SavePoll(*p, PollState::kCreated);
  }
  voting::CastRequest Cast(int64_t poll, int64_t delegate, int64_t session, char nonce, char choice) {
    voting::CastRequest r;
    r.poll_id = poll;
    r.delegate_id = delegate;
    r.session_id = session;
    r.ballot_id = Nonce(nonce);
    r.ballot.choice = choice;
    return r;
  }
  void CheckIn(int64_t delegate) {
    attendance::CheckIn c;
    c.congress_id = cid_;
    c.session_id = sid_;
    c.delegate_id = delegate;
    c.at = 150;
    ASSERT_TRUE(backend().attendance().RecordCheckIn(c, audit::Entry{}).ok());
  }
};

using VotingRules = VotingWorld;

TEST_P(VotingRules, EligibilityIsDecidedInTheBallotsTransaction) {
  auto& v = backend().voting();
  int64_t poll = NewPoll(voting::PollMode::kSecret);
  EXPECT_EQ(*v.CastBallot(Cast(poll, delegates_[0], 11, 'a', 'Y'), voting::PollMode::kSecret),
            Eligibility::kPollNotOpen);
  ASSERT_TRUE(Open(poll).ok());
  EXPECT_EQ(*v.CastBallot(Cast(poll, delegates_[0], 11, 'a', 'Y'), voting::PollMode::kSecret),
            Eligibility::kNotPresent);
  CheckIn(delegates_[0]);
  CheckIn(delegates_[2]);
  EXPECT_EQ(*v.CastBallot(Cast(poll, delegates_[2], 13, 'c', 'Y'), voting::PollMode::kSecret),
            Eligibility::kNotEntitled);  // an invited guest
  EXPECT_EQ(*v.CastBallot(Cast(poll, delegates_[0], 11, 'a', 'Y'), voting::PollMode::kSecret), Eligibility::kAccept);
  // The phone retries the same ballot: recorded already, not twice.
  EXPECT_EQ(*v.CastBallot(Cast(poll, delegates_[0], 11, 'a', 'Y'), voting::PollMode::kSecret),
            Eligibility::kAlreadyRecorded);
  EXPECT_EQ(*v.CastBallot(Cast(poll, delegates_[0], 11, 'b', 'N'), voting::PollMode::kSecret),
            Eligibility::kAlreadyVoted);
  EXPECT_EQ(*v.CountVoters(poll), 1);
  auto ballots = *v.ListBallots(poll);
  ASSERT_EQ(ballots.size(), 1u);
  EXPECT_EQ(ballots[0].ballot_id, Nonce('a'));
  EXPECT_EQ(ballots[0].ballot.choice, 'Y');
  EXPECT_EQ(ballots[0].delegate_id, 0);  // secret: no voter on the ballot
  EXPECT_EQ(v.Voters(poll)->front(), delegates_[0]);
  // The phone that voted is bound: a second phone (another session) is refused.
  int64_t poll2 = NewPoll(voting::PollMode::kNamed);
  auto p1 = *v.GetPoll(cid_, poll);
  p1.state = PollState::kClosed;
  p1.closed_at = 300;
  ASSERT_TRUE(v.SavePoll(p1, PollState::kOpen).ok());
  ASSERT_TRUE(Open(poll2).ok());
  EXPECT_EQ(*v.CastBallot(Cast(poll2, delegates_[0], 99, 'd', 'N'), voting::PollMode::kNamed),
            Eligibility::kDeviceNotBound);
  EXPECT_EQ(*v.CastBallot(Cast(poll2, delegates_[0], 11, 'd', 'N'), voting::PollMode::kNamed), Eligibility::kAccept);
  EXPECT_EQ(v.ListBallots(poll2)->front().delegate_id, delegates_[0]);  // named
  auto found = v.FindBallot(poll2, Nonce('d'));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->ballot.choice, 'N');
}

TEST_P(VotingRules, OnePollOpenAtATimeAndStatesOnlyMoveForward) {
  auto& v = backend().voting();
  int64_t a = NewPoll(voting::PollMode::kSecret);
  int64_t b = NewPoll(voting::PollMode::kSecret);
  ASSERT_TRUE(Open(a).ok());
  Status second = Open(b);
  EXPECT_EQ(second.code(), StatusCode::kConflict);
  EXPECT_EQ(second.reason(), "another_poll_open");
  // A stale writer (expects 'created', the poll is open) is refused.
  auto pa = *v.GetPoll(cid_, a);
  pa.state = PollState::kCancelled;
  EXPECT_EQ(v.SavePoll(pa, PollState::kCreated).code(), StatusCode::kConflict);
  pa.state = PollState::kClosed;
  ASSERT_TRUE(v.SavePoll(pa, PollState::kOpen).ok());
  pa.state = PollState::kPublished;
  pa.result_json = "{}";
  ASSERT_TRUE(v.SavePoll(pa, PollState::kClosed).ok());
  // A published poll is final; its configuration was frozen when it opened.
  pa.state = PollState::kClosed;
  EXPECT_EQ(v.SavePoll(pa, PollState::kPublished).code(), StatusCode::kConflict);
  EXPECT_EQ(v.GetPoll(cid_, a)->state, PollState::kPublished);
  EXPECT_EQ(v.GetPoll(cid_, a)->options.size(), 2u);
  EXPECT_EQ(v.ListPolls(cid_)->size(), 2u);
  EXPECT_EQ(v.GetPoll(cid_, 987654).status().code(), StatusCode::kNotFound);
}

TEST_P(VotingRules, ConcurrentBallotsOfOneDelegateCountOnce) {
  auto& v = backend().voting();
  int64_t poll = NewPoll(voting::PollMode::kSecret);
  ASSERT_TRUE(Open(poll).ok());
  CheckIn(delegates_[1]);
  std::atomic<int> accepted{0}, errors{0};
  std::vector<std::thread> phones;
  for (int i = 0; i < 6; ++i)
    phones.emplace_back([&, i] {
      auto r = v.CastBallot(Cast(poll, delegates_[1], 21, static_cast<char>('k' + i), 'Y'), voting::PollMode::kSecret);
      if (!r.ok()) ++errors;
      else if (*r == Eligibility::kAccept) ++accepted;
    });
  for (auto& t : phones) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(accepted.load(), 1);
  EXPECT_EQ(v.ListBallots(poll)->size(), 1u);
}

TEST_P(VotingRules, ElectionsTellersPaperSetsAndSignoffs) {
  auto& v = backend().voting();
  voting::Election e;
  e.congress_id = cid_;
  e.title = "Bầu Ban Chấp hành";
  e.seats = 2;
  e.created_at = 100;
  auto eid = v.CreateElection(e);
  ASSERT_TRUE(eid.ok());
  voting::Candidate k1, k2;
  k1.full_name = "Nguyễn Văn A";
  k2.full_name = "Trần Thị B";
  k2.delegate_id = delegates_[1];
  auto ids = v.AddCandidates(*eid, {k1, k2});
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->size(), 2u);
  ASSERT_TRUE(v.SetTellers(*eid, {delegates_[0], delegates_[1]}, delegates_[1]).ok());
  auto got = v.GetElection(cid_, *eid);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->candidates.size(), 2u);
  EXPECT_EQ(got->candidates[1].delegate_id, delegates_[1]);
  EXPECT_EQ(got->head_teller, delegates_[1]);
  EXPECT_EQ(got->tellers.size(), 2u);
  EXPECT_EQ(v.ListElections(cid_)->size(), 1u);
  int64_t poll = NewPoll(voting::PollMode::kPaper);
  voting::CountedBallot b1;
  b1.keep = {1, 2};
  voting::CountedBallot b2;
  b2.keep = {1, 2, 3};
  b2.invalid = voting::InvalidReason::kTooMany;
  ASSERT_TRUE(v.ReplacePaperSet(poll, "A", delegates_[0], {b1, b2}).ok());
  EXPECT_EQ(v.ReplacePaperSet(poll, "A", delegates_[1], {b1}).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(v.ReplacePaperSet(poll, "B", delegates_[1], {b1, b2}).ok());
  auto sets = *v.PaperSets(poll);
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets["A"].author, delegates_[0]);
  ASSERT_EQ(sets["A"].ballots.size(), 2u);
  EXPECT_EQ(sets["A"].ballots[1].keep, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(sets["A"].ballots[1].invalid, voting::InvalidReason::kTooMany);
  ASSERT_TRUE(v.AddSignoff(poll, {delegates_[0], "sha-minutes", 400}).ok());
  ASSERT_TRUE(v.AddSignoff(poll, {delegates_[0], "sha-minutes-2", 410}).ok());
  auto signoffs = *v.Signoffs(poll);
  ASSERT_EQ(signoffs.size(), 1u);
  EXPECT_EQ(signoffs[0].sha256, "sha-minutes-2");
  EXPECT_EQ(*v.ClearBallots(poll), 0);
  EXPECT_TRUE(v.PaperSets(poll)->empty());
  EXPECT_TRUE(v.Signoffs(poll)->empty());
}

speakers::SpeechRequest Request(int64_t cid, int64_t item, int64_t delegate) {
  speakers::SpeechRequest r;
  r.congress_id = cid;
  r.agenda_item_id = item;
  r.delegate_id = delegate;
  r.kind = speakers::SpeechKind::kSpeech;
  r.topic = "Ngân sách xã";
  r.state = speakers::SpeechState::kRequested;
  r.limit_s = 300;
  r.requested_at = 100;
  return r;
}

TEST_P(SpeakersContract, QueueApprovalReorderAndOneSpeaker) {
  using speakers::SpeechState;
  auto& s = backend().speakers();
  auto a = s.Add(Request(cid_, item_, delegates_[0]));
  auto b = s.Add(Request(cid_, item_, delegates_[1]));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(s.Add(Request(cid_, item_, delegates_[0])).status().code(), StatusCode::kConflict);
  auto ra = *s.Get(cid_, *a);
  EXPECT_EQ(ra.delegate_name, "Lâm Ngọc Ánh");
  ra.state = SpeechState::kApproved;
  ra.decided_by = "chu-toa";
  ra.decided_at = 110;
  ASSERT_TRUE(s.Update(ra, {SpeechState::kRequested}).ok());
  EXPECT_EQ(s.Update(ra, {SpeechState::kRequested}).code(), StatusCode::kConflict);  // no longer requested
  auto rb = *s.Get(cid_, *b);
  rb.state = SpeechState::kApproved;
  ASSERT_TRUE(s.Update(rb, {SpeechState::kRequested}).ok());
  auto list = *s.List(item_);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, *a);
  EXPECT_EQ(list[0].position, 1);
  EXPECT_EQ(list[1].position, 2);
  auto st = *s.State(item_);
  EXPECT_EQ(s.Reorder(item_, st.version - 1, {*b, *a}).reason(), "stale_version");
  EXPECT_EQ(s.Reorder(item_, st.version, {*b}).reason(), "wrong_set");
  ASSERT_TRUE(s.Reorder(item_, st.version, {*b, *a}).ok());
  EXPECT_EQ(s.List(item_)->front().id, *b);
  EXPECT_GT(s.State(item_)->version, st.version);
  ASSERT_TRUE(s.Start(cid_, *b, 200).ok());
  ASSERT_TRUE(s.Start(cid_, *a, 260).ok());  // b is done, a speaks
  auto speaking = *s.Speaking(cid_);
  ASSERT_TRUE(speaking.has_value());
  EXPECT_EQ(speaking->id, *a);
  EXPECT_EQ(speaking->began_at, 260);
  auto done = *s.Get(cid_, *b);
  EXPECT_EQ(done.state, SpeechState::kDone);
  EXPECT_EQ(done.ended_at, 260);
  EXPECT_EQ(s.Start(cid_, *b, 270).code(), StatusCode::kConflict);  // not waiting any more
  ASSERT_TRUE(s.SetClosed(item_, true).ok());
  EXPECT_TRUE(s.State(item_)->closed);
}

// Drafts (design §3.9 PATCH): an election and its prepared ballot change
// together until a poll of the election opens; a poll's draft is saved only
// if its options are still the ones the editor read (compare-and-set); a
// name added to a further round becomes a candidate of the election.
TEST_P(VotingRules, DraftsChangeOnlyBeforeTheBallotOpens) {
  auto& v = backend().voting();
  voting::Election e;
  e.congress_id = cid_;
  e.title = "Bầu Ủy ban Kiểm tra";
  e.seats = 2;
  e.created_at = 100;
  auto eid = v.CreateElection(e);
  ASSERT_TRUE(eid.ok());
  e.id = *eid;
  voting::Candidate k1, k2;
  k1.full_name = "Nguyễn Văn A";
  k2.full_name = "Trần Thị B";
  auto ids = v.AddCandidates(*eid, {k1, k2});
  ASSERT_TRUE(ids.ok());
  Poll p;
  p.congress_id = cid_;
  p.session_id = sid_;
  p.kind = voting::PollKind::kElection;
  p.mode = voting::PollMode::kSecret;
  p.title = e.title;
  p.election_id = *eid;
  p.seats = 2;
  p.created_by = "thu-ky";
  p.created_at = 100;
  p.options = {{1, "Nguyễn Văn A", (*ids)[0], ""}, {2, "Trần Thị B", (*ids)[1], ""}};
  auto pid = v.CreatePoll(p);
  ASSERT_TRUE(pid.ok());
  p.id = *pid;
  // The election's seats and a withdrawal, with the prepared ballot, in one step.
  e.seats = 1;
  e.threshold_base = voting::ThresholdBase::kReturned;
  voting::Candidate w = k2;
  w.id = (*ids)[1];
  w.election_id = *eid;
  w.withdrawn = true;
  Poll draft = p;
  draft.seats = 1;
  draft.options = {{1, "Nguyễn Văn A", (*ids)[0], ""}};
  ASSERT_TRUE(v.UpdateElection(e, {w}, {draft}, 300).ok());
  auto got = v.GetElection(cid_, *eid);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->seats, 1);
  EXPECT_EQ(got->threshold_base, voting::ThresholdBase::kReturned);
  EXPECT_TRUE(got->candidates[1].withdrawn);
  auto stored = v.GetPoll(cid_, *pid);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->seats, 1);
  ASSERT_EQ(stored->options.size(), 1u);
  // A poll draft: saved against the options read; stale options → conflict.
  Poll edit = *stored;
  edit.title = "Bầu Ủy ban Kiểm tra khóa mới";
  edit.mode = voting::PollMode::kNamed;
  ASSERT_TRUE(v.SaveDraft(edit, stored->options, std::nullopt).ok());
  EXPECT_EQ(v.GetPoll(cid_, *pid)->title, "Bầu Ủy ban Kiểm tra khóa mới");
  EXPECT_EQ(v.GetPoll(cid_, *pid)->mode, voting::PollMode::kNamed);
  auto stale = v.SaveDraft(edit, p.options, std::nullopt);
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  // A name added to the list: a new candidate, its id on the new option.
  voting::Candidate added;
  added.full_name = "Lê Văn C";
  added.election_id = *eid;
  Poll with = *v.GetPoll(cid_, *pid);
  const auto before = with.options;
  with.options.push_back({2, "Lê Văn C", 0, ""});
  auto cid = v.SaveDraft(with, before, added);
  ASSERT_TRUE(cid.ok()) << cid.status().ToString();
  EXPECT_GT(*cid, 0);
  auto after = v.GetPoll(cid_, *pid);
  ASSERT_EQ(after->options.size(), 2u);
  EXPECT_EQ(after->options[1].candidate_id, *cid);
  EXPECT_EQ(v.GetElection(cid_, *eid)->candidates.size(), 3u);
  // Opened: the election and the poll are frozen.
  ASSERT_TRUE(Open(*pid).ok());
  e.seats = 2;
  auto frozen = v.UpdateElection(e, {}, {}, 400);
  EXPECT_EQ(frozen.code(), StatusCode::kConflict);
  EXPECT_EQ(frozen.reason(), "election_started");
  EXPECT_EQ(v.GetElection(cid_, *eid)->seats, 1);
  Poll late = *v.GetPoll(cid_, *pid);
  late.title = "Đổi tên";
  auto refused = v.SaveDraft(late, late.options, std::nullopt);
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_EQ(v.GetPoll(cid_, *pid)->title, "Bầu Ủy ban Kiểm tra khóa mới");
}

INSTANTIATE_TEST_SUITE_P(Backends, VotingRules, ::testing::Values("sqlite", "postgres"),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, SpeakersContract, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace
}  // namespace phonghop::contract
