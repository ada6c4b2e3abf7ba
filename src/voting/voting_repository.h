// Storage port of votes and elections. Each method is one transaction.
// Implemented by storage/sqlite; the same tables must exist in every
// back-end (design §3.2). Secret ballots are stored with no link to the
// voter: the voter row and the ballot row are written together but share
// no column, no timestamp and no rowid order.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "voting/eligibility.h"
#include "voting/model.h"

namespace phonghop::voting {

struct StoredBallot {
  std::string ballot_id;  // 16 raw bytes
  CountedBallot ballot;
  int64_t delegate_id = 0;  // named polls only
};

struct Signoff {
  int64_t delegate_id = 0;
  std::string sha256;
  int64_t at = 0;
};

// A ballot to record, with what the caller knows; the store adds the facts
// it reads in the transaction (attendance, kind, device, state, voters).
struct CastRequest {
  int64_t poll_id = 0;
  int64_t delegate_id = 0;   // 0 for a staff session
  int64_t session_id = 0;    // the sign-in session (device binding)
  std::string ballot_id;     // 16 raw bytes (the phone's nonce)
  CountedBallot ballot;
};

class VotingRepository {
 public:
  virtual ~VotingRepository() = default;

  // ---- elections ----
  virtual Result<int64_t> CreateElection(const Election& e) = 0;
  // With candidates (ballot order), tellers and head. kNotFound.
  virtual Result<Election> GetElection(int64_t congress_id, int64_t id) = 0;
  virtual Result<std::vector<Election>> ListElections(int64_t congress_id) = 0;
  // Adds candidates all or nothing; kConflict once a poll of the
  // election has been opened.
  virtual Result<std::vector<int64_t>> AddCandidates(int64_t election_id, const std::vector<Candidate>& c) = 0;
  // Replaces the tellers; kConflict once a poll of the election is open.
  virtual Status SetTellers(int64_t election_id, const std::vector<int64_t>& delegate_ids, int64_t head) = 0;

  // Edits before the first ballot (design §3.9), in one transaction: the
  // election's settings, the candidates given (name, birth date,
  // delegation, withdrawn: withdrawn_at = `now` when newly withdrawn), and
  // the ballots of its polls still `created` rewritten to `drafts` (seats
  // and options). kConflict (reason election_started) once a poll of the
  // election has been opened; kNotFound for an unknown election.
  virtual Status UpdateElection(const Election& e, const std::vector<Candidate>& changed,
                                const std::vector<Poll>& drafts, int64_t now) = 0;

  // ---- polls ----
  // Inserts the poll and its options. Returns the id.
  virtual Result<int64_t> CreatePoll(const Poll& p) = 0;
  virtual Result<Poll> GetPoll(int64_t congress_id, int64_t id) = 0;  // with options
  virtual Result<std::vector<Poll>> ListPolls(int64_t congress_id) = 0;
  // Writes the state, timestamps, reason and snapshot of `p` if the stored
  // state is still `expected` (compare-and-set); kConflict otherwise. For
  // an opening, kConflict with reason "another_poll_open" when another poll
  // of the congress is open.
  virtual Status SavePoll(const Poll& p, PollState expected) = 0;
  // Writes the editable fields of a poll still `created` (title, mode,
  // pass_rule, duration_s, session, agenda item, seats, options) if its
  // stored options are still `expected_options` (compare-and-set: two
  // secretaries editing at once cannot lose a name). With `added`, first
  // inserts that candidate into the poll's election (a name added to a
  // further round's list) and gives its id to the option whose
  // candidate_id is 0. Returns the new candidate's id (0 without one).
  // kConflict (reason poll_not_draft) once opened, (stale_draft) when the
  // options changed meanwhile.
  virtual Result<int64_t> SaveDraft(const Poll& p, const std::vector<PollOption>& expected_options,
                                    const std::optional<Candidate>& added) = 0;
  // Records the document the minutes were filed as (published polls).
  virtual Status SetMinutesCode(int64_t poll_id, const std::string& code) = 0;

  // ---- ballots ----
  // In one transaction: reads the facts, decides (voting::Decide), and on
  // kAccept inserts the voter row and the ballot row (and binds the device
  // if none was bound). Returns the decision; nothing is written otherwise.
  virtual Result<Eligibility> CastBallot(const CastRequest& r, PollMode mode) = 0;
  // Every ballot of the poll, ordered by ballot id (the bảng kê order).
  virtual Result<std::vector<StoredBallot>> ListBallots(int64_t poll_id) = 0;
  virtual Result<int> CountVoters(int64_t poll_id) = 0;
  virtual Result<std::vector<int64_t>> Voters(int64_t poll_id) = 0;
  // The ballot with this id, if any.
  virtual Result<std::optional<StoredBallot>> FindBallot(int64_t poll_id, const std::string& ballot_id) = 0;
  // Deletes the poll's ballots, voters and sign-offs (secure_delete) and
  // checkpoints the WAL. Returns how many ballots went.
  virtual Result<int> ClearBallots(int64_t poll_id) = 0;
  // Empties the WAL into the database (after close: frames are in time order).
  virtual Status Checkpoint() = 0;
  // Forgets the device bound for voting (the secretariat checked identity).
  virtual Status ResetVotingDevice(int64_t delegate_id) = 0;
  // What the store knows about this voter (for GET …/me), read-only.
  virtual Result<VoterFacts> Facts(int64_t poll_id, int64_t delegate_id, int64_t session_id) = 0;

  // ---- paper ballots (tellers' double entry) ----
  struct PaperSet {
    int64_t author = 0;  // the teller's delegate id
    std::vector<CountedBallot> ballots;
  };
  // Replaces set `name` of the poll (all or nothing); kPermissionDenied
  // when another teller wrote that set.
  virtual Status ReplacePaperSet(int64_t poll_id, const std::string& name, int64_t author,
                                 const std::vector<CountedBallot>& ballots) = 0;
  virtual Result<std::map<std::string, PaperSet>> PaperSets(int64_t poll_id) = 0;

  // ---- tellers' sign-off ----
  virtual Status AddSignoff(int64_t poll_id, const Signoff& s) = 0;
  virtual Result<std::vector<Signoff>> Signoffs(int64_t poll_id) = 0;
};

}  // namespace phonghop::voting
