// Storage port of the list of speakers. Each method is one transaction;
// every change of a list bumps its version (for the chair's reorder).
#pragma once

#include <vector>

#include "common/status.h"
#include "speakers/model.h"

namespace phonghop::speakers {

class SpeakersRepository {
 public:
  virtual ~SpeakersRepository() = default;
  // kConflict (reason already_requested) when the delegate already has an
  // active request of that kind for the item (unique index).
  virtual Result<int64_t> Add(const SpeechRequest& r) = 0;
  virtual Result<SpeechRequest> Get(int64_t congress_id, int64_t id) = 0;
  // Every request of the item, approved ones in queue order first.
  virtual Result<std::vector<SpeechRequest>> List(int64_t agenda_item_id) = 0;
  virtual Result<ListState> State(int64_t agenda_item_id) = 0;
  virtual Status SetClosed(int64_t agenda_item_id, bool closed) = 0;
  // Writes `r` (state, position, times, decision) if its stored state is
  // one of `from`; kConflict otherwise. Approving puts it last in the queue.
  virtual Status Update(const SpeechRequest& r, const std::vector<SpeechState>& from) = 0;
  // kConflict (reason stale_version / wrong_set) unless `version` is the
  // list's and `ids` is exactly the approved waiting set.
  virtual Status Reorder(int64_t agenda_item_id, int64_t version, const std::vector<int64_t>& ids) = 0;
  // In one transaction: whoever is speaking in the congress is done
  // (ended_at = now) and `id`, approved and waiting, starts speaking.
  virtual Status Start(int64_t congress_id, int64_t id, int64_t now) = 0;
  // The request speaking now in the congress, if any.
  virtual Result<std::optional<SpeechRequest>> Speaking(int64_t congress_id) = 0;
};

}  // namespace phonghop::speakers
