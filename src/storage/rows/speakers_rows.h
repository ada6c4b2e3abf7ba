// How a request to speak is read from the database: the select list and the
// row mapping, shared by the SQLite and PostgreSQL repositories.
#pragma once

#include "speakers/model.h"
#include "storage/row_reader.h"

namespace phonghop::storage::rows {

inline constexpr char kSpeechColumns[] =
    "SELECT r.id, r.congress_id, r.agenda_item_id, r.delegate_id, d.full_name, COALESCE(g.name,''), r.kind, r.topic, "
    "r.document_code, r.state, COALESCE(r.position,0), r.limit_s, r.requested_at, COALESCE(r.decided_by,''), "
    "COALESCE(r.decided_at,0), COALESCE(r.began_at,0), COALESCE(r.paused_at,0), r.paused_total_s, "
    "COALESCE(r.ended_at,0) FROM speech_requests r JOIN delegates d ON d.id = r.delegate_id "
    "LEFT JOIN delegations g ON g.id = d.delegation_id ";

template <class View>
speakers::SpeechRequest ReadSpeechRequest(const View& v) {
  using namespace speakers;
  SpeechRequest r;
  RowReader(v) >> r.id >> r.congress_id >> r.agenda_item_id >> r.delegate_id >> r.delegate_name >>
      r.delegation >> Enum(r.kind, ParseSpeechKind, SpeechKind::kSpeech) >> r.topic >> r.document_code >>
      Enum(r.state, ParseSpeechState, SpeechState::kRequested) >> r.position >> r.limit_s >> r.requested_at >>
      r.decided_by >> r.decided_at >> r.began_at >> r.paused_at >> r.paused_total_s >> r.ended_at;
  return r;
}

}  // namespace phonghop::storage::rows
