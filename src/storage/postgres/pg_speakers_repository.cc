#include "storage/postgres/pg_speakers_repository.h"

#include <algorithm>
#include <set>

#include "storage/rows/speakers_rows.h"

namespace phonghop::storage::pg {

using namespace speakers;  // NOLINT: the adapter of this one port

namespace {

constexpr const char* kColumns = rows::kSpeechColumns;
speakers::SpeechRequest Read(const Rows& r, int i) { return rows::ReadSpeechRequest(r.At(i)); }

template <typename T>
std::optional<T> NonZero(T v) {
  return v ? std::optional<T>(v) : std::nullopt;
}

void Bump(PgConnection& c, int64_t item) {
  c.Q("INSERT INTO speaker_lists(agenda_item_id, version) VALUES ($1, 1) "
      "ON CONFLICT (agenda_item_id) DO UPDATE SET version = speaker_lists.version + 1",
      item);
}

}  // namespace

Result<int64_t> PgSpeakersRepository::Add(const SpeechRequest& r) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& c) {
      int64_t id = c.Q("INSERT INTO speech_requests(congress_id, agenda_item_id, delegate_id, kind, topic, "
                       "document_code, state, limit_s, requested_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
                       r.congress_id, r.agenda_item_id, r.delegate_id, ToString(r.kind), r.topic, r.document_code,
                       ToString(r.state), r.limit_s, r.requested_at)
                       .Int(0, 0);
      Bump(c, r.agenda_item_id);
      return id;
    });
  });
}

Result<SpeechRequest> PgSpeakersRepository::Get(int64_t congress_id, int64_t id) {
  return PgGuard([&]() -> Result<SpeechRequest> {
    return db_.Read([&](PgConnection& c) -> Result<SpeechRequest> {
      auto r = c.Q(std::string(kColumns) + "WHERE r.congress_id = $1 AND r.id = $2", congress_id, id);
      if (r.empty()) return Status::NotFound("Không có đăng ký phát biểu này");
      return Read(r, 0);
    });
  });
}

Result<std::vector<SpeechRequest>> PgSpeakersRepository::List(int64_t item) {
  return PgGuard([&]() -> Result<std::vector<SpeechRequest>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<SpeechRequest> out;
      auto r = c.Q(std::string(kColumns) + "WHERE r.agenda_item_id = $1 ORDER BY COALESCE(r.position, 1000000000), r.id",
                   item);
      for (int i = 0; i < r.size(); ++i) out.push_back(Read(r, i));
      return out;
    });
  });
}

Result<ListState> PgSpeakersRepository::State(int64_t item) {
  return PgGuard([&]() -> Result<ListState> {
    return db_.Read([&](PgConnection& c) {
      ListState st;
      st.agenda_item_id = item;
      auto r = c.Q("SELECT closed, version FROM speaker_lists WHERE agenda_item_id = $1", item);
      if (!r.empty()) {
        st.closed = r.Int(0, 0) != 0;
        st.version = r.Int(0, 1);
      }
      return st;
    });
  });
}

Status PgSpeakersRepository::SetClosed(int64_t item, bool closed) {
  return PgGuard([&]() -> Status {
    db_.Write([&](PgConnection& c) {
      Bump(c, item);
      c.Q("UPDATE speaker_lists SET closed = $1 WHERE agenda_item_id = $2", closed ? 1 : 0, item);
    });
    return Status::Ok();
  });
}

Status PgSpeakersRepository::Update(const SpeechRequest& r, const std::vector<SpeechState>& from) {
  return PgGuard(
      [&]() -> Status {
        return db_.Write([&](PgConnection& c) -> Status {
          // The row lock makes check-then-write safe across nodes.
          auto cur = c.Q("SELECT state FROM speech_requests WHERE id = $1 FOR UPDATE", r.id);
          if (cur.empty()) return Status::NotFound("Không có đăng ký phát biểu này");
          auto stored = ParseSpeechState(cur.Text(0, 0));
          if (!stored || std::find(from.begin(), from.end(), *stored) == from.end())
            return Status::Conflict(std::string("Không thể thực hiện khi đăng ký đang ở trạng thái ") +
                                    (stored ? ToString(*stored) : "?"));
          std::optional<int64_t> position;
          if (r.state == SpeechState::kApproved) {
            if (*stored == SpeechState::kApproved) {
              position = r.position;
            } else {
              Bump(c, r.agenda_item_id);  // locks the list: positions are handed out one at a time
              position = c.Q("SELECT COALESCE(max(position),0) + 1 FROM speech_requests WHERE agenda_item_id = $1",
                             r.agenda_item_id).Int(0, 0);
            }
          }
          c.Q("UPDATE speech_requests SET state = $1, position = $2, decided_by = $3, decided_at = $4, "
              "began_at = $5, paused_at = $6, paused_total_s = $7, ended_at = $8 WHERE id = $9",
              ToString(r.state), position,
              r.decided_by.empty() ? std::nullopt : std::optional<std::string>(r.decided_by), NonZero(r.decided_at),
              NonZero(r.began_at), NonZero(r.paused_at), r.paused_total_s, NonZero(r.ended_at), r.id);
          Bump(c, r.agenda_item_id);
          return Status::Ok();
        });
      },
      "Đã có một đăng ký đang chờ cùng loại");
}

Status PgSpeakersRepository::Reorder(int64_t item, int64_t version, const std::vector<int64_t>& ids) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& c) -> Status {
      auto v = c.Q("SELECT version FROM speaker_lists WHERE agenda_item_id = $1 FOR UPDATE", item);
      const int64_t current = v.empty() ? 0 : v.Int(0, 0);
      if (current != version)
        return Status::Conflict("Danh sách vừa thay đổi; tải lại rồi sắp xếp").WithReason("stale_version");
      std::set<int64_t> waiting;
      auto w = c.Q("SELECT id FROM speech_requests WHERE agenda_item_id = $1 AND state = 'approved'", item);
      for (int i = 0; i < w.size(); ++i) waiting.insert(w.Int(i, 0));
      std::set<int64_t> given(ids.begin(), ids.end());
      if (given != waiting || given.size() != ids.size())
        return Status::Conflict("Danh sách sắp xếp phải gồm đúng những người đang chờ").WithReason("wrong_set");
      for (size_t i = 0; i < ids.size(); ++i)
        c.Q("UPDATE speech_requests SET position = $1 WHERE id = $2", static_cast<int64_t>(i + 1), ids[i]);
      Bump(c, item);
      return Status::Ok();
    });
  });
}

Status PgSpeakersRepository::Start(int64_t congress_id, int64_t id, int64_t now) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& c) -> Status {
      // One speaker per congress: two chairs' consoles on two nodes take turns.
      c.Q("SELECT 1 FROM congresses WHERE id = $1 FOR UPDATE", congress_id);
      auto t = c.Q("SELECT state, agenda_item_id FROM speech_requests WHERE congress_id = $1 AND id = $2",
                   congress_id, id);
      if (t.empty()) return Status::NotFound("Không có đăng ký phát biểu này");
      if (t.Text(0, 0) != "approved") return Status::Conflict("Chỉ mời phát biểu người đã được duyệt và đang chờ");
      const int64_t item = t.Int(0, 1);
      // Whoever is speaking now is done (a running pause is counted).
      auto cur = c.Q("SELECT id, agenda_item_id FROM speech_requests WHERE congress_id = $1 AND state = 'speaking'",
                     congress_id);
      if (!cur.empty()) {
        const int64_t prev_item = cur.Int(0, 1);
        c.Q("UPDATE speech_requests SET state = 'done', ended_at = $1, "
            "paused_total_s = paused_total_s + CASE WHEN paused_at IS NULL THEN 0 ELSE $1 - paused_at END, "
            "paused_at = NULL WHERE id = $2",
            now, cur.Int(0, 0));
        if (prev_item != item) Bump(c, prev_item);
      }
      c.Q("UPDATE speech_requests SET state = 'speaking', began_at = $1, paused_at = NULL, paused_total_s = 0 "
          "WHERE id = $2",
          now, id);
      Bump(c, item);
      return Status::Ok();
    });
  });
}

Result<std::optional<SpeechRequest>> PgSpeakersRepository::Speaking(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::optional<SpeechRequest>> {
    return db_.Read([&](PgConnection& c) -> Result<std::optional<SpeechRequest>> {
      auto r = c.Q(std::string(kColumns) + "WHERE r.congress_id = $1 AND r.state = 'speaking'", congress_id);
      if (r.empty()) return std::optional<SpeechRequest>();
      return std::optional<SpeechRequest>(Read(r, 0));
    });
  });
}

}  // namespace phonghop::storage::pg
