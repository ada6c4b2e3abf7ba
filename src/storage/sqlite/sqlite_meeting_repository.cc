#include "storage/sqlite/sqlite_meeting_repository.h"
#include "storage/rows/meeting_rows.h"

namespace phonghop::storage {

using meeting::Announcement;
using meeting::Note;
using meeting::ProvincePage;

Result<int64_t> SqliteMeetingRepository::AddAnnouncement(const Announcement& a) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) {
      c.Prepare("INSERT INTO announcements(congress_id, text, important, created_at, created_by) VALUES (?,?,?,?,?)")
          .Bind(1, a.congress_id).Bind(2, a.text).Bind(3, a.important ? 1 : 0).Bind(4, a.created_at)
          .Bind(5, a.created_by).Exec();
      return c.LastInsertId();
    });
  });
}

Result<std::vector<Announcement>> SqliteMeetingRepository::ListAnnouncements(int64_t congress_id, int limit) {
  return Guard([&]() -> Result<std::vector<Announcement>> {
    return db_.Read([&](Connection& c) {
      std::vector<Announcement> out;
      auto s = c.Prepare("SELECT id, congress_id, text, important, created_at, created_by FROM announcements "
                         "WHERE congress_id = ? ORDER BY id DESC LIMIT ?");
      s.Bind(1, congress_id).Bind(2, limit);
      while (s.Step())
        out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Int(3) != 0, s.Int(4), s.Text(5)});
      return out;
    });
  });
}

Status SqliteMeetingRepository::DeleteAnnouncement(int64_t congress_id, int64_t id) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      c.Prepare("DELETE FROM announcements WHERE congress_id = ? AND id = ?").Bind(1, congress_id).Bind(2, id).Exec();
      return c.Changes() ? Status::Ok() : Status::NotFound("Không có thông báo này");
    });
  });
}

Result<Announcement> SqliteMeetingRepository::GetAnnouncement(int64_t congress_id, int64_t id) {
  return Guard([&]() -> Result<Announcement> {
    return db_.Read([&](Connection& c) -> Result<Announcement> {
      auto s = c.Prepare("SELECT id, congress_id, text, important, created_at, created_by FROM announcements "
                         "WHERE congress_id = ? AND id = ?");
      s.Bind(1, congress_id).Bind(2, id);
      if (!s.Step()) return Status::NotFound("Không có thông báo này");
      return Announcement{s.Int(0), s.Int(1), s.Text(2), s.Int(3) != 0, s.Int(4), s.Text(5)};
    });
  });
}

Status SqliteMeetingRepository::UpdateAnnouncement(const Announcement& a) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      c.Prepare("UPDATE announcements SET text = ?, important = ? WHERE congress_id = ? AND id = ?")
          .Bind(1, a.text).Bind(2, a.important ? 1 : 0).Bind(3, a.congress_id).Bind(4, a.id).Exec();
      return c.Changes() ? Status::Ok() : Status::NotFound("Không có thông báo này");
    });
  });
}

Result<int64_t> SqliteMeetingRepository::SaveNote(const Note& n, int64_t expected_version) {
  return Guard([&]() -> Result<int64_t> {
    // The single writer makes the read and the write one step.
    return db_.Write([&](Connection& c) -> Result<int64_t> {
      auto s = c.Prepare("SELECT version FROM notes WHERE owner = ? AND document_code = ?");
      s.Bind(1, n.owner).Bind(2, n.document_code);
      const int64_t current = s.Step() ? s.Int(0) : 0;
      if (expected_version >= 0 && current != expected_version)
        return Status::Conflict("Ghi chú vừa được sửa trên thiết bị khác").WithReason("note_changed");
      c.Prepare("INSERT INTO notes(owner, document_code, text, updated_at, version) VALUES (?,?,?,?,1) "
                "ON CONFLICT(owner, document_code) DO UPDATE SET text = excluded.text, "
                "updated_at = excluded.updated_at, version = notes.version + 1")
          .Bind(1, n.owner).Bind(2, n.document_code).Bind(3, n.text).Bind(4, n.updated_at).Exec();
      return current + 1;
    });
  });
}

Result<Note> SqliteMeetingRepository::GetNote(const std::string& owner, const std::string& code) {
  return Guard([&]() -> Result<Note> {
    return db_.Read([&](Connection& c) -> Result<Note> {
      auto s = c.Prepare("SELECT text, updated_at, version FROM notes WHERE owner = ? AND document_code = ?");
      s.Bind(1, owner).Bind(2, code);
      if (!s.Step()) return Status::NotFound("Chưa có ghi chú");
      return Note{owner, code, s.Text(0), s.Int(1), s.Int(2)};
    });
  });
}

namespace {

using rows::kPageColumns;
using rows::ReadPage;
}  // namespace

Result<std::vector<ProvincePage>> SqliteMeetingRepository::ListPages(int64_t congress_id, bool published_only) {
  return Guard([&]() -> Result<std::vector<ProvincePage>> {
    return db_.Read([&](Connection& c) {
      std::vector<ProvincePage> out;
      auto s = c.Prepare(std::string(kPageColumns) + "WHERE congress_id = ? " +
                         (published_only ? "AND status = 'published' " : "") + "ORDER BY position, id");
      s.Bind(1, congress_id);
      while (s.Step()) out.push_back(ReadPage(s));
      return out;
    });
  });
}

Result<ProvincePage> SqliteMeetingRepository::GetPage(int64_t congress_id, const std::string& slug) {
  return Guard([&]() -> Result<ProvincePage> {
    return db_.Read([&](Connection& c) -> Result<ProvincePage> {
      auto s = c.Prepare(std::string(kPageColumns) + "WHERE congress_id = ? AND slug = ?");
      s.Bind(1, congress_id).Bind(2, slug);
      if (!s.Step()) return Status::NotFound("Không có trang này");
      return ReadPage(s);
    });
  });
}

Result<ProvincePage> SqliteMeetingRepository::SavePage(const ProvincePage& p) {
  return Guard([&]() -> Result<ProvincePage> {
    return db_.Write([&](Connection& c) -> Result<ProvincePage> {
      c.Prepare("INSERT INTO province_pages(congress_id, slug, title, category, summary, body_md, cover, status, position, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(congress_id, slug) DO UPDATE SET title = excluded.title, "
                "category = excluded.category, summary = excluded.summary, body_md = excluded.body_md, cover = excluded.cover, "
                "status = excluded.status, position = excluded.position, updated_at = excluded.updated_at")
          .Bind(1, p.congress_id).Bind(2, p.slug).Bind(3, p.title).Bind(4, p.category).Bind(5, p.summary)
          .Bind(6, p.body_md).Bind(7, p.cover).Bind(8, meeting::ToString(p.status)).Bind(9, p.position)
          .Bind(10, p.updated_at).Exec();
      auto s = c.Prepare(std::string(kPageColumns) + "WHERE congress_id = ? AND slug = ?");
      s.Bind(1, p.congress_id).Bind(2, p.slug);
      if (!s.Step()) return Status::Internal("page not stored");
      return ReadPage(s);
    });
  });
}

Status SqliteMeetingRepository::DeletePage(int64_t congress_id, const std::string& slug) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      c.Prepare("DELETE FROM province_pages WHERE congress_id = ? AND slug = ?").Bind(1, congress_id).Bind(2, slug).Exec();
      return c.Changes() ? Status::Ok() : Status::NotFound("Không có trang này");
    });
  });
}

}  // namespace phonghop::storage

namespace phonghop::storage {

namespace {
constexpr char kCommentColumns[] =
    "SELECT c.id, c.congress_id, c.document_id, d.code, d.title, c.version, c.page, c.quote, c.text, "
    "COALESCE(c.delegate_id, 0), c.author, COALESCE(c.delegation_id, 0), c.group_name, c.created_at, "
    "COALESCE(c.handled_at, 0), c.handled_by FROM draft_comments c JOIN documents d ON d.id = c.document_id ";

meeting::DraftComment CommentRow(const Stmt& s) {
  meeting::DraftComment c;
  c.id = s.Int(0);
  c.congress_id = s.Int(1);
  c.document_id = s.Int(2);
  c.document_code = s.Text(3);
  c.document_title = s.Text(4);
  c.version = static_cast<int>(s.Int(5));
  c.page = static_cast<int>(s.Int(6));
  c.quote = s.Text(7);
  c.text = s.Text(8);
  c.delegate_id = s.Int(9);
  c.author = s.Text(10);
  c.delegation_id = s.Int(11);
  c.group_name = s.Text(12);
  c.created_at = s.Int(13);
  c.handled_at = s.Int(14);
  c.handled_by = s.Text(15);
  return c;
}
}  // namespace

Result<int64_t> SqliteMeetingRepository::AddComment(const meeting::DraftComment& c) {
  auto opt = [](int64_t v) { return v ? std::optional<int64_t>(v) : std::nullopt; };
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& conn) {
      conn.Prepare("INSERT INTO draft_comments(congress_id, document_id, version, page, quote, text, delegate_id, "
                   "author, delegation_id, group_name, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
          .Bind(1, c.congress_id).Bind(2, c.document_id).Bind(3, c.version).Bind(4, c.page).Bind(5, c.quote)
          .Bind(6, c.text).Bind(7, opt(c.delegate_id)).Bind(8, c.author).Bind(9, opt(c.delegation_id))
          .Bind(10, c.group_name).Bind(11, c.created_at).Exec();
      return conn.LastInsertId();
    });
  });
}

Result<std::vector<meeting::DraftComment>> SqliteMeetingRepository::ListComments(const meeting::CommentFilter& f) {
  return Guard([&]() -> Result<std::vector<meeting::DraftComment>> {
    return db_.Read([&](Connection& conn) {
      std::vector<meeting::DraftComment> out;
      auto s = conn.Prepare(std::string(kCommentColumns) +
                            "WHERE c.congress_id = ?1 AND (?2 = 0 OR c.document_id = ?2) AND "
                            "(?3 = 0 OR c.delegate_id = ?3 OR (c.group_name <> '' AND ?4 <> 0 AND c.delegation_id = ?4)) "
                            "ORDER BY c.id");
      s.Bind(1, f.congress_id).Bind(2, f.document_id).Bind(3, f.delegate_id).Bind(4, f.delegation_id);
      while (s.Step()) out.push_back(CommentRow(s));
      return out;
    });
  });
}

Result<meeting::DraftComment> SqliteMeetingRepository::SetCommentHandled(int64_t congress_id, int64_t id,
                                                                         int64_t handled_at, const std::string& by) {
  return Guard([&]() -> Result<meeting::DraftComment> {
    return db_.Write([&](Connection& conn) -> Result<meeting::DraftComment> {
      conn.Prepare("UPDATE draft_comments SET handled_at = ?, handled_by = ? WHERE id = ? AND congress_id = ?")
          .Bind(1, handled_at ? std::optional<int64_t>(handled_at) : std::nullopt)
          .Bind(2, handled_at ? by : std::string()).Bind(3, id).Bind(4, congress_id).Exec();
      if (conn.Changes() == 0) return Status::NotFound("Không có góp ý này");
      auto s = conn.Prepare(std::string(kCommentColumns) + "WHERE c.id = ?");
      s.Bind(1, id);
      if (!s.Step()) return Status::NotFound("Không có góp ý này");
      return CommentRow(s);
    });
  });
}


Result<meeting::DraftComment> SqliteMeetingRepository::GetComment(int64_t congress_id, int64_t id) {
  return Guard([&]() -> Result<meeting::DraftComment> {
    return db_.Read([&](Connection& conn) -> Result<meeting::DraftComment> {
      auto s = conn.Prepare(std::string(kCommentColumns) + "WHERE c.id = ? AND c.congress_id = ?");
      s.Bind(1, id).Bind(2, congress_id);
      if (!s.Step()) return Status::NotFound("Không có góp ý này");
      return CommentRow(s);
    });
  });
}

Status SqliteMeetingRepository::DeleteUnhandledComment(int64_t congress_id, int64_t id) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& conn) -> Status {
      conn.Prepare("DELETE FROM draft_comments WHERE id = ? AND congress_id = ? AND handled_at IS NULL")
          .Bind(1, id).Bind(2, congress_id).Exec();
      if (conn.Changes() > 0) return Status::Ok();
      auto s = conn.Prepare("SELECT 1 FROM draft_comments WHERE id = ? AND congress_id = ?");
      s.Bind(1, id).Bind(2, congress_id);
      if (!s.Step()) return Status::NotFound("Không có góp ý này");
      return Status::Conflict("Góp ý đã được tổ biên tập xử lý nên không rút lại được");
    });
  });
}

Status SqliteMeetingRepository::SetGroupSecretary(int64_t delegation_id, int64_t delegate_id) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& conn) -> Status {
      if (delegate_id == 0) {
        conn.Prepare("DELETE FROM group_secretaries WHERE delegation_id = ?").Bind(1, delegation_id).Exec();
      } else {
        conn.Prepare("INSERT INTO group_secretaries(delegation_id, delegate_id) VALUES (?, ?) "
                     "ON CONFLICT(delegation_id) DO UPDATE SET delegate_id = excluded.delegate_id")
            .Bind(1, delegation_id).Bind(2, delegate_id).Exec();
      }
      return Status::Ok();
    });
  });
}

Result<std::map<int64_t, int64_t>> SqliteMeetingRepository::GroupSecretaries(int64_t congress_id) {
  return Guard([&]() -> Result<std::map<int64_t, int64_t>> {
    return db_.Read([&](Connection& conn) {
      std::map<int64_t, int64_t> out;
      auto s = conn.Prepare("SELECT g.delegation_id, g.delegate_id FROM group_secretaries g "
                            "JOIN delegations d ON d.id = g.delegation_id WHERE d.congress_id = ?");
      s.Bind(1, congress_id);
      while (s.Step()) out[s.Int(0)] = s.Int(1);
      return out;
    });
  });
}

Status SqliteMeetingRepository::SavePresentation(int64_t congress_id, const meeting::Presentation& p) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& conn) -> Status {
      conn.Prepare("INSERT INTO presentations(congress_id, code, title, page, since, presented_by, audience) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(congress_id) DO UPDATE SET code = excluded.code, "
                   "title = excluded.title, page = excluded.page, since = excluded.since, "
                   "presented_by = excluded.presented_by, audience = excluded.audience")
          .Bind(1, congress_id).Bind(2, p.code).Bind(3, p.title).Bind(4, int64_t{p.page}).Bind(5, p.since)
          .Bind(6, p.by).Bind(7, p.audience).Exec();
      return Status::Ok();
    });
  });
}

Result<meeting::Presentation> SqliteMeetingRepository::GetPresentation(int64_t congress_id) {
  return Guard([&]() -> Result<meeting::Presentation> {
    return db_.Read([&](Connection& conn) -> Result<meeting::Presentation> {
      auto s = conn.Prepare("SELECT code, title, page, since, presented_by, audience FROM presentations "
                            "WHERE congress_id = ?");
      s.Bind(1, congress_id);
      meeting::Presentation p;
      if (!s.Step()) return p;
      p.code = s.Text(0);
      p.title = s.Text(1);
      p.page = static_cast<int>(s.Int(2));
      p.since = s.Int(3);
      p.by = s.Text(4);
      p.audience = s.Text(5);
      return p;
    });
  });
}

}  // namespace phonghop::storage
