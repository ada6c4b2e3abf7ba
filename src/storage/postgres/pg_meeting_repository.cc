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

Status PgMeetingRepository::SaveNote(const Note& n) {
  return PgGuard([&]() -> Status {
    db_.Read([&](PgConnection& c) {
      if (n.text.empty()) {
        c.Q("DELETE FROM notes WHERE owner = $1 AND document_code = $2", n.owner, n.document_code);
        return;
      }
      c.Q("INSERT INTO notes(owner, document_code, text, updated_at) VALUES ($1,$2,$3,$4) "
          "ON CONFLICT (owner, document_code) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
          n.owner, n.document_code, n.text, n.updated_at);
    });
    return Status::Ok();
  });
}

Result<Note> PgMeetingRepository::GetNote(const std::string& owner, const std::string& code) {
  return PgGuard([&]() -> Result<Note> {
    return db_.Read([&](PgConnection& c) -> Result<Note> {
      auto r = c.Q("SELECT text, updated_at FROM notes WHERE owner = $1 AND document_code = $2", owner, code);
      if (r.empty()) return Status::NotFound("Chưa có ghi chú");
      return Note{owner, code, r.Text(0, 0), r.Int(0, 1)};
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
