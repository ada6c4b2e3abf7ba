// SpeakersRepository on SQLite (speech_requests, speaker_lists; migration 8).
#pragma once

#include "speakers/speakers_repository.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {

class SqliteSpeakersRepository final : public speakers::SpeakersRepository {
 public:
  explicit SqliteSpeakersRepository(SqliteDatabase& db) : db_(db) {}
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
  SqliteDatabase& db_;
};

}  // namespace phonghop::storage
