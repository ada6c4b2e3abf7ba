// VotingRepository on SQLite (tables of migration 8).
#pragma once

#include "storage/sqlite/sqlite_db.h"
#include "voting/voting_repository.h"

namespace phonghop::storage {

class SqliteVotingRepository final : public voting::VotingRepository {
 public:
  explicit SqliteVotingRepository(SqliteDatabase& db) : db_(db) {}

  Result<int64_t> CreateElection(const voting::Election& e) override;
  Result<voting::Election> GetElection(int64_t congress_id, int64_t id) override;
  Result<std::vector<voting::Election>> ListElections(int64_t congress_id) override;
  Result<std::vector<int64_t>> AddCandidates(int64_t election_id, const std::vector<voting::Candidate>& c) override;
  Status SetTellers(int64_t election_id, const std::vector<int64_t>& delegate_ids, int64_t head) override;

  Result<int64_t> CreatePoll(const voting::Poll& p) override;
  Result<voting::Poll> GetPoll(int64_t congress_id, int64_t id) override;
  Result<std::vector<voting::Poll>> ListPolls(int64_t congress_id) override;
  Status SavePoll(const voting::Poll& p, voting::PollState expected) override;
  Status SetMinutesCode(int64_t poll_id, const std::string& code) override;
  Status UpdateElection(const voting::Election& e, const std::vector<voting::Candidate>& changed,
                        const std::vector<voting::Poll>& drafts, int64_t now) override;
  Result<int64_t> SaveDraft(const voting::Poll& p, const std::vector<voting::PollOption>& expected_options,
                            const std::optional<voting::Candidate>& added) override;

  Result<voting::Eligibility> CastBallot(const voting::CastRequest& r, voting::PollMode mode) override;
  Result<std::vector<voting::StoredBallot>> ListBallots(int64_t poll_id) override;
  Result<int> CountVoters(int64_t poll_id) override;
  Result<std::vector<int64_t>> Voters(int64_t poll_id) override;
  Result<std::optional<voting::StoredBallot>> FindBallot(int64_t poll_id, const std::string& ballot_id) override;
  Result<int> ClearBallots(int64_t poll_id) override;
  Status Checkpoint() override;
  Status ResetVotingDevice(int64_t delegate_id) override;
  Result<voting::VoterFacts> Facts(int64_t poll_id, int64_t delegate_id, int64_t session_id) override;

  Status ReplacePaperSet(int64_t poll_id, const std::string& name, int64_t author,
                         const std::vector<voting::CountedBallot>& ballots) override;
  Result<std::map<std::string, PaperSet>> PaperSets(int64_t poll_id) override;
  Status AddSignoff(int64_t poll_id, const voting::Signoff& s) override;
  Result<std::vector<voting::Signoff>> Signoffs(int64_t poll_id) override;

 private:
  SqliteDatabase& db_;
};

}  // namespace phonghop::storage
