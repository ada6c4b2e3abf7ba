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

Status SqliteMeetingRepository::SaveNote(const Note& n) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      if (n.text.empty()) {
        c.Prepare("DELETE FROM notes WHERE owner = ? AND document_code = ?").Bind(1, n.owner).Bind(2, n.document_code).Exec();
        return;
      }
      c.Prepare("INSERT INTO notes(owner, document_code, text, updated_at) VALUES (?,?,?,?) "
                "ON CONFLICT(owner, document_code) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at")
          .Bind(1, n.owner).Bind(2, n.document_code).Bind(3, n.text).Bind(4, n.updated_at).Exec();
    });
    return Status::Ok();
  });
}

Result<Note> SqliteMeetingRepository::GetNote(const std::string& owner, const std::string& code) {
  return Guard([&]() -> Result<Note> {
    return db_.Read([&](Connection& c) -> Result<Note> {
      auto s = c.Prepare("SELECT text, updated_at FROM notes WHERE owner = ? AND document_code = ?");
      s.Bind(1, owner).Bind(2, code);
      if (!s.Step()) return Status::NotFound("Chưa có ghi chú");
      return Note{owner, code, s.Text(0), s.Int(1)};
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
