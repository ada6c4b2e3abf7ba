#include "storage/sqlite/sqlite_document_repository.h"

#include "storage/sqlite/sqlite_search_index.h"
#include "storage/rows/document_rows.h"

namespace phonghop::storage {

using namespace phonghop::documents;

namespace {

using rows::kDocSelect;
using rows::JoinRoles;
using rows::SplitRoles;
using rows::ReadVersion;
using rows::ReadDoc;

int64_t InsertVersion(Connection& c, int64_t doc_id, const DocumentVersion& v,
                      const std::vector<PageText>& pages) {
  c.Prepare(
       "INSERT INTO document_versions(document_id, number, label, sha256, file_name, kind, "
       "size, page_count, text_status, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)")
      .Bind(1, doc_id).Bind(2, v.number).Bind(3, v.label).Bind(4, v.sha256)
      .Bind(5, v.file_name).Bind(6, ToString(v.kind)).Bind(7, static_cast<int64_t>(v.size))
      .Bind(8, v.page_count).Bind(9, ToString(v.text_status)).Bind(10, v.created_at)
      .Exec();
  int64_t vid = c.LastInsertId();
  auto ins = c.Prepare("INSERT INTO document_pages(version_id, page, text, needs_ocr) VALUES (?,?,?,?)");
  for (const auto& p : pages) {
    ins.Bind(1, vid).Bind(2, p.page).Bind(3, p.text).Bind(4, p.needs_ocr ? 1 : 0);
    ins.Exec();
    ins.Reset();
  }
  c.Prepare("UPDATE documents SET current_version_id = ?, updated_at = ? WHERE id = ?")
      .Bind(1, vid).Bind(2, v.created_at).Bind(3, doc_id).Exec();
  ReindexDocument(c, doc_id);  // the index follows in the same transaction
  return vid;
}

}  // namespace

Result<std::pair<int64_t, int64_t>> SqliteDocumentRepository::Create(
    const Document& d, const DocumentVersion& v, const std::vector<PageText>& pages) {
  return Guard([&]() -> Result<std::pair<int64_t, int64_t>> {
    return db_.Write([&](Connection& c) {
      c.Prepare(
           "INSERT INTO documents(congress_id, code, title, number, category, agenda_item_id, "
           "position, visibility, roles, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
          .Bind(1, d.congress_id).Bind(2, d.code).Bind(3, d.title).Bind(4, d.number)
          .Bind(5, d.category)
          .Bind(6, d.agenda_item_id ? std::optional<int64_t>(d.agenda_item_id) : std::nullopt)
          .Bind(7, d.position).Bind(8, ToString(d.visibility)).Bind(9, JoinRoles(d.roles))
          .Bind(10, d.created_at).Bind(11, d.updated_at)
          .Exec();
      int64_t id = c.LastInsertId();
      int64_t vid = InsertVersion(c, id, v, pages);
      return std::make_pair(id, vid);
    });
  }, "mã tài liệu đã tồn tại");
}

Result<int64_t> SqliteDocumentRepository::AddVersion(int64_t document_id, const DocumentVersion& v,
                                                     const std::vector<PageText>& pages) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) { return InsertVersion(c, document_id, v, pages); });
  }, "phiên bản đã tồn tại");
}

Result<Document> SqliteDocumentRepository::GetByCode(std::string_view code) {
  return Guard([&]() -> Result<Document> {
    return db_.Read([&](Connection& c) -> Result<Document> {
      auto s = c.Prepare(std::string(kDocSelect) + "WHERE d.code = ?");
      s.Bind(1, code);
      if (!s.Step()) return Status::NotFound("không có tài liệu với mã này");
      return ReadDoc(s);
    });
  });
}

Result<std::vector<Document>> SqliteDocumentRepository::List(int64_t congress_id) {
  return Guard([&]() -> Result<std::vector<Document>> {
    return db_.Read([&](Connection& c) {
      std::vector<Document> out;
      auto s = c.Prepare(std::string(kDocSelect) +
                         "WHERE d.congress_id = ? ORDER BY d.position, d.id");
      s.Bind(1, congress_id);
      while (s.Step()) out.push_back(ReadDoc(s));
      return out;
    });
  });
}

Result<std::vector<DocumentVersion>> SqliteDocumentRepository::Versions(int64_t document_id) {
  return Guard([&]() -> Result<std::vector<DocumentVersion>> {
    return db_.Read([&](Connection& c) {
      std::vector<DocumentVersion> out;
      auto s = c.Prepare(
          "SELECT id, number, label, sha256, file_name, kind, size, page_count, text_status, "
          "created_at FROM document_versions WHERE document_id = ? ORDER BY number DESC");
      s.Bind(1, document_id);
      while (s.Step()) {
        out.push_back(ReadVersion(s, 0));
        out.back().document_id = document_id;
      }
      return out;
    });
  });
}

Result<std::vector<PageText>> SqliteDocumentRepository::Pages(int64_t version_id) {
  return Guard([&]() -> Result<std::vector<PageText>> {
    return db_.Read([&](Connection& c) {
      std::vector<PageText> out;
      auto s = c.Prepare("SELECT page, text, needs_ocr FROM document_pages WHERE version_id = ? ORDER BY page");
      s.Bind(1, version_id);
      while (s.Step()) out.push_back({static_cast<int>(s.Int(0)), s.Text(1), s.Int(2) != 0});
      return out;
    });
  });
}

Status SqliteDocumentRepository::UpdateMeta(const Document& d) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare(
           "UPDATE documents SET title=?, number=?, category=?, agenda_item_id=?, position=?, "
           "visibility=?, roles=?, updated_at=? WHERE id=?")
          .Bind(1, d.title).Bind(2, d.number).Bind(3, d.category)
          .Bind(4, d.agenda_item_id ? std::optional<int64_t>(d.agenda_item_id) : std::nullopt)
          .Bind(5, d.position).Bind(6, ToString(d.visibility)).Bind(7, JoinRoles(d.roles))
          .Bind(8, d.updated_at).Bind(9, d.id)
          .Exec();
      ReindexDocument(c, d.id);  // the title is indexed
    });
    return Status::Ok();
  });
}

Result<std::vector<std::string>> SqliteDocumentRepository::Delete(int64_t document_id) {
  return Guard([&]() -> Result<std::vector<std::string>> {
    return db_.Write([&](Connection& c) {
      std::vector<std::string> shas;
      auto s = c.Prepare("SELECT DISTINCT sha256 FROM document_versions WHERE document_id = ?");
      s.Bind(1, document_id);
      while (s.Step()) shas.push_back(s.Text(0));
      UnindexDocument(c, document_id);
      c.Prepare("DELETE FROM documents WHERE id = ?").Bind(1, document_id).Exec();
      std::vector<std::string> unused;
      auto used = c.Prepare("SELECT 1 FROM document_versions WHERE sha256 = ? LIMIT 1");
      for (const auto& sha : shas) {
        used.Bind(1, sha);
        if (!used.Step()) unused.push_back(sha);
        used.Reset();
      }
      return unused;
    });
  });
}

Result<std::optional<Document>> SqliteDocumentRepository::FindByBlob(int64_t congress_id,
                                                                      const std::string& sha) {
  return Guard([&]() -> Result<std::optional<Document>> {
    return db_.Read([&](Connection& c) -> std::optional<Document> {
      auto s = c.Prepare(std::string(kDocSelect) + "WHERE d.congress_id = ? AND v.sha256 = ?");
      s.Bind(1, congress_id).Bind(2, sha);
      if (!s.Step()) return std::nullopt;
      return ReadDoc(s);
    });
  });
}

Result<std::vector<OcrTask>> SqliteDocumentRepository::PendingOcr(int limit) {
  return Guard([&]() -> Result<std::vector<OcrTask>> {
    return db_.Read([&](Connection& c) {
      std::vector<OcrTask> out;
      auto s = c.Prepare(
          "SELECT p.version_id, d.congress_id, p.page, v.sha256, v.kind, d.code "
          "FROM document_pages p JOIN document_versions v ON v.id = p.version_id "
          "JOIN documents d ON d.id = v.document_id WHERE p.needs_ocr = 1 "
          "ORDER BY v.id, p.page LIMIT ?");
      s.Bind(1, limit);
      while (s.Step())
        out.push_back({s.Int(0), s.Int(1), static_cast<int>(s.Int(2)), s.Text(3),
                       ParseFileKind(s.Text(4)).value_or(FileKind::kUnknown), s.Text(5)});
      return out;
    });
  });
}

Status SqliteDocumentRepository::SetOcrText(int64_t version_id, int page, const std::string& text) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare("UPDATE document_pages SET text = ?, needs_ocr = 0, ocr = 1 WHERE version_id = ? AND page = ?")
          .Bind(1, text).Bind(2, version_id).Bind(3, page).Exec();
      auto doc = c.Prepare("SELECT document_id FROM document_versions WHERE id = ?");
      doc.Bind(1, version_id);
      if (doc.Step()) ReindexDocument(c, doc.Int(0));
      c.Prepare(
           "UPDATE document_versions SET text_status = 'done' WHERE id = ? AND NOT EXISTS "
           "(SELECT 1 FROM document_pages WHERE version_id = ? AND needs_ocr = 1)")
          .Bind(1, version_id).Bind(2, version_id).Exec();
    });
    return Status::Ok();
  });
}

Result<OcrProgress> SqliteDocumentRepository::Ocr(int64_t congress_id) {
  return Guard([&]() -> Result<OcrProgress> {
    return db_.Read([&](Connection& c) {
      OcrProgress p;
      auto s = c.Prepare(
          "SELECT COALESCE(SUM(p.needs_ocr), 0), COALESCE(SUM(p.ocr), 0) FROM document_pages p "
          "JOIN document_versions v ON v.id = p.version_id JOIN documents d ON d.id = v.document_id "
          "WHERE d.congress_id = ?");
      s.Bind(1, congress_id);
      if (s.Step()) {
        p.pending_pages = static_cast<int>(s.Int(0));
        p.done_pages = static_cast<int>(s.Int(1));
      }
      return p;
    });
  });
}

}  // namespace phonghop::storage
