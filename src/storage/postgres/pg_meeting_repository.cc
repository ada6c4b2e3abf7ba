#include "storage/postgres/pg_meeting_repository.h"
#include "storage/rows/meeting_rows.h"

namespace phonghop::storage::pg {

using meeting::Announcement;
using meeting::Note;
using meeting::ProvincePage;

Result<int64_t> PgMeetingRepository::AddAnnouncement(const Announcement& a) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Read([&](PgConnection& c) {
      return c.Q("INSERT INTO announcements(congress_id, text, important, created_at, created_by) "
                 "VALUES ($1,$2,$3,$4,$5) RETURNING id",
                 a.congress_id, a.text, a.important ? 1 : 0, a.created_at, a.created_by).Int(0, 0);
    });
  });
}

Result<std::vector<Announcement>> PgMeetingRepository::ListAnnouncements(int64_t congress_id, int limit) {
  return PgGuard([&]() -> Result<std::vector<Announcement>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<Announcement> out;
      auto r = c.Q("SELECT id, congress_id, text, important, created_at, created_by FROM announcements "
                   "WHERE congress_id = $1 ORDER BY id DESC LIMIT $2", congress_id, limit);
      for (int i = 0; i < r.size(); ++i)
        out.push_back({r.Int(i, 0), r.Int(i, 1), r.Text(i, 2), r.Int(i, 3) != 0, r.Int(i, 4), r.Text(i, 5)});
      return out;
    });
  });
}

Status PgMeetingRepository::DeleteAnnouncement(int64_t congress_id, int64_t id) {
  return PgGuard([&]() -> Status {
    return db_.Read([&](PgConnection& c) -> Status {
      auto r = c.Q("DELETE FROM announcements WHERE congress_id = $1 AND id = $2", congress_id, id);
      return r.Affected() ? Status::Ok() : Status::NotFound("Không có thông báo này");
    });
  });
}

Result<Announcement> PgMeetingRepository::GetAnnouncement(int64_t congress_id, int64_t id) {
  return PgGuard([&]() -> Result<Announcement> {
    return db_.Read([&](PgConnection& c) -> Result<Announcement> {
      auto r = c.Q("SELECT id, congress_id, text, important, created_at, created_by FROM announcements "
                   "WHERE congress_id = $1 AND id = $2", congress_id, id);
      if (r.empty()) return Status::NotFound("Không có thông báo này");
      return Announcement{r.Int(0, 0), r.Int(0, 1), r.Text(0, 2), r.Int(0, 3) != 0, r.Int(0, 4), r.Text(0, 5)};
    });
  });
}

Status PgMeetingRepository::UpdateAnnouncement(const Announcement& a) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& c) -> Status {
      auto r = c.Q("UPDATE announcements SET text = $1, important = $2 WHERE congress_id = $3 AND id = $4", a.text,
                   a.important ? 1 : 0, a.congress_id, a.id);
      return r.Affected() ? Status::Ok() : Status::NotFound("Không có thông báo này");
    });
  });
}

Result<int64_t> PgMeetingRepository::SaveNote(const Note& n, int64_t expected_version) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& c) -> Result<int64_t> {
      const Status changed = Status::Conflict("Ghi chú vừa được sửa trên thiết bị khác").WithReason("note_changed");
      // The row lock orders two saves of one note (decision 503).
      auto r = c.Q("SELECT version FROM notes WHERE owner = $1 AND document_code = $2 FOR UPDATE",
                   n.owner, n.document_code);
      const int64_t current = r.empty() ? 0 : r.Int(0, 0);
      if (expected_version >= 0 && current != expected_version) return changed;
      if (r.empty()) {
        // Two first saves at once: the loser of the insert finds the row.
        auto ins = c.Q("INSERT INTO notes(owner, document_code, text, updated_at, version) VALUES ($1,$2,$3,$4,1) "
                       "ON CONFLICT (owner, document_code) DO NOTHING RETURNING version",
                       n.owner, n.document_code, n.text, n.updated_at);
        if (!ins.empty()) return int64_t{1};
        if (expected_version >= 0) return changed;
      }
      return c.Q("UPDATE notes SET text = $3, updated_at = $4, version = version + 1 "
                 "WHERE owner = $1 AND document_code = $2 RETURNING version",
                 n.owner, n.document_code, n.text, n.updated_at).Int(0, 0);
    });
  });
}

Result<Note> PgMeetingRepository::GetNote(const std::string& owner, const std::string& code) {
  return PgGuard([&]() -> Result<Note> {
    return db_.Read([&](PgConnection& c) -> Result<Note> {
      auto r = c.Q("SELECT text, updated_at, version FROM notes WHERE owner = $1 AND document_code = $2", owner, code);
      if (r.empty()) return Status::NotFound("Chưa có ghi chú");
      return Note{owner, code, r.Text(0, 0), r.Int(0, 1), r.Int(0, 2)};
    });
  });
}

namespace {

using rows::kPageColumns;
meeting::ProvincePage ReadPage(const Rows& r, int i) { return rows::ReadPage(r.At(i)); }
}  // namespace

Result<std::vector<ProvincePage>> PgMeetingRepository::ListPages(int64_t congress_id, bool published_only) {
  return PgGuard([&]() -> Result<std::vector<ProvincePage>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<ProvincePage> out;
      auto r = c.Q(std::string(kPageColumns) + "WHERE congress_id = $1 " +
                       (published_only ? "AND status = 'published' " : "") + "ORDER BY position, id",
                   congress_id);
      for (int i = 0; i < r.size(); ++i) out.push_back(ReadPage(r, i));
      return out;
    });
  });
}

Result<ProvincePage> PgMeetingRepository::GetPage(int64_t congress_id, const std::string& slug) {
  return PgGuard([&]() -> Result<ProvincePage> {
    return db_.Read([&](PgConnection& c) -> Result<ProvincePage> {
      auto r = c.Q(std::string(kPageColumns) + "WHERE congress_id = $1 AND slug = $2", congress_id, slug);
      if (r.empty()) return Status::NotFound("Không có trang này");
      return ReadPage(r, 0);
    });
  });
}

Result<ProvincePage> PgMeetingRepository::SavePage(const ProvincePage& p) {
  return PgGuard([&]() -> Result<ProvincePage> {
    return db_.Read([&](PgConnection& c) -> Result<ProvincePage> {
      auto r = c.Q("INSERT INTO province_pages(congress_id, slug, title, category, summary, body_md, cover, status, "
                   "position, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) "
                   "ON CONFLICT (congress_id, slug) DO UPDATE SET title = excluded.title, "
                   "category = excluded.category, summary = excluded.summary, body_md = excluded.body_md, "
                   "cover = excluded.cover, status = excluded.status, position = excluded.position, "
                   "updated_at = excluded.updated_at "
                   "RETURNING id, congress_id, slug, title, category, summary, body_md, cover, status, position, "
                   "updated_at",
                   p.congress_id, p.slug, p.title, p.category, p.summary, p.body_md, p.cover,
                   meeting::ToString(p.status), p.position, p.updated_at);
      if (r.empty()) return Status::Internal("page not stored");
      return ReadPage(r, 0);
    });
  });
}

Status PgMeetingRepository::DeletePage(int64_t congress_id, const std::string& slug) {
  return PgGuard([&]() -> Status {
    return db_.Read([&](PgConnection& c) -> Status {
      auto r = c.Q("DELETE FROM province_pages WHERE congress_id = $1 AND slug = $2", congress_id, slug);
      return r.Affected() ? Status::Ok() : Status::NotFound("Không có trang này");
    });
  });
}

}  // namespace phonghop::storage::pg

namespace phonghop::storage::pg {

namespace {
constexpr char kCommentColumns[] =
    "SELECT c.id, c.congress_id, c.document_id, d.code, d.title, c.version, c.page, c.quote, c.text, "
    "COALESCE(c.delegate_id, 0), c.author, COALESCE(c.delegation_id, 0), c.group_name, c.created_at, "
    "COALESCE(c.handled_at, 0), c.handled_by FROM draft_comments c JOIN documents d ON d.id = c.document_id ";

meeting::DraftComment CommentRow(const Rows& r, int i) {
  meeting::DraftComment c;
  c.id = r.Int(i, 0);
  c.congress_id = r.Int(i, 1);
  c.document_id = r.Int(i, 2);
  c.document_code = r.Text(i, 3);
  c.document_title = r.Text(i, 4);
  c.version = static_cast<int>(r.Int(i, 5));
  c.page = static_cast<int>(r.Int(i, 6));
  c.quote = r.Text(i, 7);
  c.text = r.Text(i, 8);
  c.delegate_id = r.Int(i, 9);
  c.author = r.Text(i, 10);
  c.delegation_id = r.Int(i, 11);
  c.group_name = r.Text(i, 12);
  c.created_at = r.Int(i, 13);
  c.handled_at = r.Int(i, 14);
  c.handled_by = r.Text(i, 15);
  return c;
}
std::optional<int64_t> NonZeroId(int64_t v) { return v ? std::optional<int64_t>(v) : std::nullopt; }
}  // namespace

Result<int64_t> PgMeetingRepository::AddComment(const meeting::DraftComment& c) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& conn) {
      return conn.Q("INSERT INTO draft_comments(congress_id, document_id, version, page, quote, text, delegate_id, "
                    "author, delegation_id, group_name, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) "
                    "RETURNING id",
                    c.congress_id, c.document_id, c.version, c.page, c.quote, c.text, NonZeroId(c.delegate_id),
                    c.author, NonZeroId(c.delegation_id), c.group_name, c.created_at).Int(0, 0);
    });
  });
}

Result<std::vector<meeting::DraftComment>> PgMeetingRepository::ListComments(const meeting::CommentFilter& f) {
  return PgGuard([&]() -> Result<std::vector<meeting::DraftComment>> {
    return db_.Read([&](PgConnection& conn) {
      std::vector<meeting::DraftComment> out;
      auto r = conn.Q(std::string(kCommentColumns) +
                          "WHERE c.congress_id = $1 AND ($2::bigint = 0 OR c.document_id = $2) AND "
                          "($3::bigint = 0 OR c.delegate_id = $3 OR (c.group_name <> '' AND $4::bigint <> 0 AND c.delegation_id = $4)) "
                          "ORDER BY c.id",
                      f.congress_id, f.document_id, f.delegate_id, f.delegation_id);
      for (int i = 0; i < r.size(); ++i) out.push_back(CommentRow(r, i));
      return out;
    });
  });
}

Result<meeting::DraftComment> PgMeetingRepository::SetCommentHandled(int64_t congress_id, int64_t id,
                                                                     int64_t handled_at, const std::string& by) {
  return PgGuard([&]() -> Result<meeting::DraftComment> {
    return db_.Write([&](PgConnection& conn) -> Result<meeting::DraftComment> {
      auto u = conn.Q("UPDATE draft_comments SET handled_at = $1, handled_by = $2 WHERE id = $3 AND congress_id = $4 "
                      "RETURNING id",
                      NonZeroId(handled_at), handled_at ? by : std::string(), id, congress_id);
      if (u.empty()) return Status::NotFound("Không có góp ý này");
      auto r = conn.Q(std::string(kCommentColumns) + "WHERE c.id = $1", id);
      if (r.empty()) return Status::NotFound("Không có góp ý này");
      return CommentRow(r, 0);
    });
  });
}


Result<meeting::DraftComment> PgMeetingRepository::GetComment(int64_t congress_id, int64_t id) {
  return PgGuard([&]() -> Result<meeting::DraftComment> {
    return db_.Read([&](PgConnection& conn) -> Result<meeting::DraftComment> {
      auto r = conn.Q(std::string(kCommentColumns) + "WHERE c.id = $1 AND c.congress_id = $2", id, congress_id);
      if (r.empty()) return Status::NotFound("Không có góp ý này");
      return CommentRow(r, 0);
    });
  });
}

Status PgMeetingRepository::DeleteUnhandledComment(int64_t congress_id, int64_t id) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& conn) -> Status {
      auto d = conn.Q("DELETE FROM draft_comments WHERE id = $1 AND congress_id = $2 AND handled_at IS NULL "
                      "RETURNING id", id, congress_id);
      if (!d.empty()) return Status::Ok();
      auto r = conn.Q("SELECT 1 FROM draft_comments WHERE id = $1 AND congress_id = $2", id, congress_id);
      if (r.empty()) return Status::NotFound("Không có góp ý này");
      return Status::Conflict("Góp ý đã được tổ biên tập xử lý nên không rút lại được");
    });
  });
}

Status PgMeetingRepository::SetGroupSecretary(int64_t delegation_id, int64_t delegate_id) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& conn) -> Status {
      if (delegate_id == 0) {
        conn.Q("DELETE FROM group_secretaries WHERE delegation_id = $1", delegation_id);
      } else {
        conn.Q("INSERT INTO group_secretaries(delegation_id, delegate_id) VALUES ($1, $2) "
               "ON CONFLICT (delegation_id) DO UPDATE SET delegate_id = excluded.delegate_id",
               delegation_id, delegate_id);
      }
      return Status::Ok();
    });
  });
}

Result<std::map<int64_t, int64_t>> PgMeetingRepository::GroupSecretaries(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::map<int64_t, int64_t>> {
    return db_.Read([&](PgConnection& conn) {
      std::map<int64_t, int64_t> out;
      auto r = conn.Q("SELECT g.delegation_id, g.delegate_id FROM group_secretaries g "
                      "JOIN delegations d ON d.id = g.delegation_id WHERE d.congress_id = $1", congress_id);
      for (int i = 0; i < r.size(); ++i) out[r.Int(i, 0)] = r.Int(i, 1);
      return out;
    });
  });
}

Status PgMeetingRepository::SavePresentation(int64_t congress_id, const meeting::Presentation& p) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& conn) -> Status {
      conn.Q("INSERT INTO presentations(congress_id, code, title, page, since, presented_by, audience) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (congress_id) DO UPDATE SET code = excluded.code, "
             "title = excluded.title, page = excluded.page, since = excluded.since, "
             "presented_by = excluded.presented_by, audience = excluded.audience",
             congress_id, p.code, p.title, int64_t{p.page}, p.since, p.by, p.audience);
      return Status::Ok();
    });
  });
}

Result<meeting::Presentation> PgMeetingRepository::GetPresentation(int64_t congress_id) {
  return PgGuard([&]() -> Result<meeting::Presentation> {
    return db_.Read([&](PgConnection& conn) -> Result<meeting::Presentation> {
      auto r = conn.Q("SELECT code, title, page, since, presented_by, audience FROM presentations "
                      "WHERE congress_id = $1", congress_id);
      meeting::Presentation p;
      if (r.empty()) return p;
      p.code = r.Text(0, 0);
      p.title = r.Text(0, 1);
      p.page = static_cast<int>(r.Int(0, 2));
      p.since = r.Int(0, 3);
      p.by = r.Text(0, 4);
      p.audience = r.Text(0, 5);
      return p;
    });
  });
}

}  // namespace phonghop::storage::pg
