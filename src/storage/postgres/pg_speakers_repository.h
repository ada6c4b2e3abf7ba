// SpeakersRepository on PostgreSQL (speech_requests, speaker_lists; migration 8).
#pragma once

#include "speakers/speakers_repository.h"
#include "storage/postgres/pg_db.h"

namespace phonghop::storage::pg {

class PgSpeakersRepository final : public speakers::SpeakersRepository {
 public:
  explicit PgSpeakersRepository(PgDatabase& db) : db_(db) {}
  Result<int64_t> Add(const speakers::SpeechRequest& r) override;
  Result<speakers::SpeechRequest> Get(int64_t congress_id, int64_t id) override;
  Result<std::vector<speakers::SpeechRequest>> List(int64_t agenda_item_id) override;
  Result<speakers::ListState> State(int64_t agenda_item_id) override;
  Status SetClosed(int64_t agenda_item_id, bool closed) override;
  Status Update(const speakers::SpeechRequest& r, const std::vector<speakers::SpeechState>& from) override;
  Status Reorder(int64_t agenda_item_id, int64_t version, const std::vector<int64_t>& ids) override;
  Status Start(int64_t congress_id, int64_t id, int64_t now) override;
  Result<std::optional<speakers::SpeechRequest>> Speaking(int64_t congress_id) override;

 private:
  PgDatabase& db_;
};

}  // namespace phonghop::storage::pg
