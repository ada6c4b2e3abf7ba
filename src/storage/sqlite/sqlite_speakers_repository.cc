#include "storage/sqlite/sqlite_speakers_repository.h"

#include <algorithm>
#include <set>

#include "storage/rows/speakers_rows.h"

namespace phonghop::storage {

using namespace speakers;  // NOLINT: the adapter of this one port

namespace {

constexpr const char* kColumns = rows::kSpeechColumns;
speakers::SpeechRequest Read(const Stmt& s) { return rows::ReadSpeechRequest(s); }

template <typename T>
std::optional<T> NonZero(T v) {
  return v ? std::optional<T>(v) : std::nullopt;
}

void Bump(Connection& c, int64_t item) {
  c.Prepare("INSERT INTO speaker_lists(agenda_item_id, version) VALUES (?, 1) "
            "ON CONFLICT(agenda_item_id) DO UPDATE SET version = version + 1")
      .Bind(1, item).Exec();
}

}  // namespace

Result<int64_t> SqliteSpeakersRepository::Add(const SpeechRequest& r) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) {
      c.Prepare("INSERT INTO speech_requests(congress_id, agenda_item_id, delegate_id, kind, topic, document_code, "
                "state, limit_s, requested_at) VALUES (?,?,?,?,?,?,?,?,?)")
          .Bind(1, r.congress_id).Bind(2, r.agenda_item_id).Bind(3, r.delegate_id).Bind(4, ToString(r.kind))
          .Bind(5, r.topic).Bind(6, r.document_code).Bind(7, ToString(r.state)).Bind(8, r.limit_s)
          .Bind(9, r.requested_at).Exec();
      int64_t id = c.LastInsertId();
      Bump(c, r.agenda_item_id);
      return id;
    });
  });
}

Result<SpeechRequest> SqliteSpeakersRepository::Get(int64_t congress_id, int64_t id) {
  return Guard([&]() -> Result<SpeechRequest> {
    return db_.Read([&](Connection& c) -> Result<SpeechRequest> {
      auto s = c.Prepare(std::string(kColumns) + "WHERE r.congress_id = ? AND r.id = ?");
      s.Bind(1, congress_id).Bind(2, id);
      if (!s.Step()) return Status::NotFound("Không có đăng ký phát biểu này");
      return Read(s);
    });
  });
}

Result<std::vector<SpeechRequest>> SqliteSpeakersRepository::List(int64_t item) {
  return Guard([&]() -> Result<std::vector<SpeechRequest>> {
    return db_.Read([&](Connection& c) {
      std::vector<SpeechRequest> out;
      auto s = c.Prepare(std::string(kColumns) + "WHERE r.agenda_item_id = ? ORDER BY COALESCE(r.position, 1e9), r.id");
      s.Bind(1, item);
      while (s.Step()) out.push_back(Read(s));
      return out;
    });
  });
}

Result<ListState> SqliteSpeakersRepository::State(int64_t item) {
  return Guard([&]() -> Result<ListState> {
    return db_.Read([&](Connection& c) {
      ListState st;
      st.agenda_item_id = item;
      auto s = c.Prepare("SELECT closed, version FROM speaker_lists WHERE agenda_item_id = ?");
      s.Bind(1, item);
      if (s.Step()) {
        st.closed = s.Int(0) != 0;
        st.version = s.Int(1);
      }
      return st;
    });
  });
}

Status SqliteSpeakersRepository::SetClosed(int64_t item, bool closed) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      Bump(c, item);
      c.Prepare("UPDATE speaker_lists SET closed = ? WHERE agenda_item_id = ?").Bind(1, closed ? 1 : 0).Bind(2, item).Exec();
    });
    return Status::Ok();
  });
}

Status SqliteSpeakersRepository::Update(const SpeechRequest& r, const std::vector<SpeechState>& from) {
  return Guard(
      [&]() -> Status {
        return db_.Write([&](Connection& c) -> Status {
          auto cur = c.Prepare("SELECT state FROM speech_requests WHERE id = ?");
          cur.Bind(1, r.id);
          if (!cur.Step()) return Status::NotFound("Không có đăng ký phát biểu này");
          auto stored = ParseSpeechState(cur.Text(0));
          if (!stored || std::find(from.begin(), from.end(), *stored) == from.end())
            return Status::Conflict(std::string("Không thể thực hiện khi đăng ký đang ở trạng thái ") +
                                    (stored ? ToString(*stored) : "?"));
          std::optional<int64_t> position;
          if (r.state == SpeechState::kApproved) {
            if (*stored == SpeechState::kApproved) {
              position = r.position;
            } else {
              auto m = c.Prepare("SELECT COALESCE(max(position),0) + 1 FROM speech_requests WHERE agenda_item_id = ?");
              m.Bind(1, r.agenda_item_id);
              m.Step();
              position = m.Int(0);
            }
          }
          c.Prepare("UPDATE speech_requests SET state = ?, position = ?, decided_by = ?, decided_at = ?, began_at = ?, "
                    "paused_at = ?, paused_total_s = ?, ended_at = ? WHERE id = ?")
              .Bind(1, ToString(r.state)).Bind(2, position)
              .Bind(3, r.decided_by.empty() ? std::nullopt : std::optional<std::string>(r.decided_by))
              .Bind(4, NonZero(r.decided_at)).Bind(5, NonZero(r.began_at)).Bind(6, NonZero(r.paused_at))
              .Bind(7, r.paused_total_s).Bind(8, NonZero(r.ended_at)).Bind(9, r.id).Exec();
          Bump(c, r.agenda_item_id);
          return Status::Ok();
        });
      },
      "Đã có một đăng ký đang chờ cùng loại");
}

Status SqliteSpeakersRepository::Reorder(int64_t item, int64_t version, const std::vector<int64_t>& ids) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      auto v = c.Prepare("SELECT version FROM speaker_lists WHERE agenda_item_id = ?");
      v.Bind(1, item);
      const int64_t current = v.Step() ? v.Int(0) : 0;
      if (current != version)
        return Status::Conflict("Danh sách vừa thay đổi; tải lại rồi sắp xếp").WithReason("stale_version");
      std::set<int64_t> waiting;
      auto w = c.Prepare("SELECT id FROM speech_requests WHERE agenda_item_id = ? AND state = 'approved'");
      w.Bind(1, item);
      while (w.Step()) waiting.insert(w.Int(0));
      std::set<int64_t> given(ids.begin(), ids.end());
      if (given != waiting || given.size() != ids.size())
        return Status::Conflict("Danh sách sắp xếp phải gồm đúng những người đang chờ").WithReason("wrong_set");
      auto u = c.Prepare("UPDATE speech_requests SET position = ? WHERE id = ?");
      for (size_t i = 0; i < ids.size(); ++i) {
        u.Reset();
        u.Bind(1, static_cast<int64_t>(i + 1)).Bind(2, ids[i]).Exec();
      }
      Bump(c, item);
      return Status::Ok();
    });
  });
}

Status SqliteSpeakersRepository::Start(int64_t congress_id, int64_t id, int64_t now) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      auto t = c.Prepare("SELECT state, agenda_item_id FROM speech_requests WHERE congress_id = ? AND id = ?");
      t.Bind(1, congress_id).Bind(2, id);
      if (!t.Step()) return Status::NotFound("Không có đăng ký phát biểu này");
      if (t.Text(0) != "approved")
        return Status::Conflict("Chỉ mời phát biểu người đã được duyệt và đang chờ");
      const int64_t item = t.Int(1);
      // Whoever is speaking now is done (a running pause is counted).
      auto cur = c.Prepare("SELECT id, agenda_item_id FROM speech_requests WHERE congress_id = ? AND state = 'speaking'");
      cur.Bind(1, congress_id);
      if (cur.Step()) {
        const int64_t prev_item = cur.Int(1);
        c.Prepare("UPDATE speech_requests SET state = 'done', ended_at = ?, "
                  "paused_total_s = paused_total_s + CASE WHEN paused_at IS NULL THEN 0 ELSE ? - paused_at END, "
                  "paused_at = NULL WHERE id = ?")
            .Bind(1, now).Bind(2, now).Bind(3, cur.Int(0)).Exec();
        if (prev_item != item) Bump(c, prev_item);
      }
      c.Prepare("UPDATE speech_requests SET state = 'speaking', began_at = ?, paused_at = NULL, paused_total_s = 0 "
                "WHERE id = ?")
          .Bind(1, now).Bind(2, id).Exec();
      Bump(c, item);
      return Status::Ok();
    });
  });
}

Result<std::optional<SpeechRequest>> SqliteSpeakersRepository::Speaking(int64_t congress_id) {
  return Guard([&]() -> Result<std::optional<SpeechRequest>> {
    return db_.Read([&](Connection& c) -> Result<std::optional<SpeechRequest>> {
      auto s = c.Prepare(std::string(kColumns) + "WHERE r.congress_id = ? AND r.state = 'speaking'");
      s.Bind(1, congress_id);
      if (!s.Step()) return std::optional<SpeechRequest>();
      return std::optional<SpeechRequest>(Read(s));
    });
  });
}

}  // namespace phonghop::storage
