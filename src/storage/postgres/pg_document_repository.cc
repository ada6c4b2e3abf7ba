#include "storage/postgres/pg_document_repository.h"

#include "storage/postgres/pg_search_index.h"
#include "storage/rows/document_rows.h"

namespace phonghop::storage::pg {

using namespace phonghop::documents;

namespace {

using rows::kDocSelect;
using rows::JoinRoles;
using rows::SplitRoles;
documents::DocumentVersion ReadVersion(const Rows& r, int i, int o) { return rows::ReadVersion(r.At(i), o); }
documents::Document ReadDoc(const Rows& r, int i) { return rows::ReadDoc(r.At(i)); }

std::optional<int64_t> NonZero(int64_t v) { return v ? std::optional<int64_t>(v) : std::nullopt; }

int64_t InsertVersion(PgConnection& c, int64_t doc_id, const DocumentVersion& v,
                      const std::vector<PageText>& pages) {
  int64_t vid = c.Q("INSERT INTO document_versions(document_id, number, label, sha256, file_name, kind, "
                    "size, page_count, text_status, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) "
                    "RETURNING id",
                    doc_id, v.number, v.label, v.sha256, v.file_name, ToString(v.kind),
                    static_cast<int64_t>(v.size), v.page_count, ToString(v.text_status), v.created_at)
                    .Int(0, 0);
  for (const auto& p : pages)
    c.Q("INSERT INTO document_pages(version_id, page, text, needs_ocr) VALUES ($1,$2,$3,$4)", vid, p.page,
        p.text, p.needs_ocr ? 1 : 0);
  c.Q("UPDATE documents SET current_version_id = $1, updated_at = $2 WHERE id = $3", vid, v.created_at, doc_id);
  LogSearchChange(c, doc_id);  // the index follows in the same transaction
  return vid;
}

}  // namespace

Result<std::pair<int64_t, int64_t>> PgDocumentRepository::Create(const Document& d, const DocumentVersion& v,
                                                                  const std::vector<PageText>& pages) {
  return PgGuard([&]() -> Result<std::pair<int64_t, int64_t>> {
    return db_.Write([&](PgConnection& c) {
      int64_t id = c.Q("INSERT INTO documents(congress_id, code, title, number, category, agenda_item_id, "
                       "position, visibility, roles, created_at, updated_at) "
                       "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id",
                       d.congress_id, d.code, d.title, d.number, d.category, NonZero(d.agenda_item_id), d.position,
                       ToString(d.visibility), JoinRoles(d.roles), d.created_at, d.updated_at)
                       .Int(0, 0);
      int64_t vid = InsertVersion(c, id, v, pages);
      return std::make_pair(id, vid);
    });
  }, "mã tài liệu đã tồn tại");
}

Result<int64_t> PgDocumentRepository::AddVersion(int64_t document_id, const DocumentVersion& v,
                                                 const std::vector<PageText>& pages) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& c) { return InsertVersion(c, document_id, v, pages); });
  }, "phiên bản đã tồn tại");
}

Result<Document> PgDocumentRepository::GetByCode(std::string_view code) {
  return PgGuard([&]() -> Result<Document> {
    return db_.Read([&](PgConnection& c) -> Result<Document> {
      auto r = c.Q(std::string(kDocSelect) + "WHERE d.code = $1", code);
      if (r.empty()) return Status::NotFound("không có tài liệu với mã này");
      return ReadDoc(r, 0);
    });
  });
}

Result<std::vector<Document>> PgDocumentRepository::List(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::vector<Document>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<Document> out;
      auto r = c.Q(std::string(kDocSelect) + "WHERE d.congress_id = $1 ORDER BY d.position, d.id", congress_id);
      for (int i = 0; i < r.size(); ++i) out.push_back(ReadDoc(r, i));
      return out;
    });
  });
}

Result<std::vector<DocumentVersion>> PgDocumentRepository::Versions(int64_t document_id) {
  return PgGuard([&]() -> Result<std::vector<DocumentVersion>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<DocumentVersion> out;
      auto r = c.Q("SELECT id, number, label, sha256, file_name, kind, size, page_count, text_status, "
                   "created_at FROM document_versions WHERE document_id = $1 ORDER BY number DESC",
                   document_id);
      for (int i = 0; i < r.size(); ++i) {
        out.push_back(ReadVersion(r, i, 0));
        out.back().document_id = document_id;
      }
      return out;
    });
  });
}

Result<std::vector<PageText>> PgDocumentRepository::Pages(int64_t version_id) {
  return PgGuard([&]() -> Result<std::vector<PageText>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<PageText> out;
      auto r = c.Q("SELECT page, text, needs_ocr FROM document_pages WHERE version_id = $1 ORDER BY page",
                   version_id);
      for (int i = 0; i < r.size(); ++i) out.push_back({static_cast<int>(r.Int(i, 0)), r.Text(i, 1), r.Int(i, 2) != 0});
      return out;
    });
  });
}

Status PgDocumentRepository::UpdateMeta(const Document& d) {
  return PgGuard([&]() -> Status {
    db_.Write([&](PgConnection& c) {
      c.Q("UPDATE documents SET title=$1, number=$2, category=$3, agenda_item_id=$4, position=$5, "
          "visibility=$6, roles=$7, updated_at=$8 WHERE id=$9",
          d.title, d.number, d.category, NonZero(d.agenda_item_id), d.position, ToString(d.visibility),
          JoinRoles(d.roles), d.updated_at, d.id);
      LogSearchChange(c, d.id);  // the title is indexed
    });
    return Status::Ok();
  });
}

Result<std::vector<std::string>> PgDocumentRepository::Delete(int64_t document_id) {
  return PgGuard([&]() -> Result<std::vector<std::string>> {
    return db_.Write([&](PgConnection& c) {
      std::vector<std::string> shas;
      auto r = c.Q("SELECT DISTINCT sha256 FROM document_versions WHERE document_id = $1", document_id);
      for (int i = 0; i < r.size(); ++i) shas.push_back(r.Text(i, 0));
      LogSearchChange(c, document_id);
      c.Q("DELETE FROM documents WHERE id = $1", document_id);
      std::vector<std::string> unused;
      for (const auto& sha : shas)
        if (c.Q("SELECT 1 FROM document_versions WHERE sha256 = $1 LIMIT 1", sha).empty()) unused.push_back(sha);
      return unused;
    });
  });
}

Result<std::optional<Document>> PgDocumentRepository::FindByBlob(int64_t congress_id, const std::string& sha) {
  return PgGuard([&]() -> Result<std::optional<Document>> {
    return db_.Read([&](PgConnection& c) -> std::optional<Document> {
      auto r = c.Q(std::string(kDocSelect) + "WHERE d.congress_id = $1 AND v.sha256 = $2", congress_id, sha);
      if (r.empty()) return std::nullopt;
      return ReadDoc(r, 0);
    });
  });
}

Result<std::vector<OcrTask>> PgDocumentRepository::PendingOcr(int limit) {
  return PgGuard([&]() -> Result<std::vector<OcrTask>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<OcrTask> out;
      auto r = c.Q("SELECT p.version_id, d.congress_id, p.page, v.sha256, v.kind, d.code "
                   "FROM document_pages p JOIN document_versions v ON v.id = p.version_id "
                   "JOIN documents d ON d.id = v.document_id WHERE p.needs_ocr = 1 "
                   "ORDER BY v.id, p.page LIMIT $1",
                   limit);
      for (int i = 0; i < r.size(); ++i)
        out.push_back({r.Int(i, 0), r.Int(i, 1), static_cast<int>(r.Int(i, 2)), r.Text(i, 3),
                       ParseFileKind(r.Text(i, 4)).value_or(FileKind::kUnknown), r.Text(i, 5)});
      return out;
    });
  });
}

Status PgDocumentRepository::SetOcrText(int64_t version_id, int page, const std::string& text) {
  return PgGuard([&]() -> Status {
    db_.Write([&](PgConnection& c) {
      c.Q("UPDATE document_pages SET text = $1, needs_ocr = 0, ocr = 1 WHERE version_id = $2 AND page = $3", text,
          version_id, page);
      auto doc = c.Q("SELECT document_id FROM document_versions WHERE id = $1", version_id);
      if (!doc.empty()) LogSearchChange(c, doc.Int(0, 0));
      c.Q("UPDATE document_versions SET text_status = 'done' WHERE id = $1 AND NOT EXISTS "
          "(SELECT 1 FROM document_pages WHERE version_id = $1 AND needs_ocr = 1)",
          version_id);
    });
    return Status::Ok();
  });
}

Result<OcrProgress> PgDocumentRepository::Ocr(int64_t congress_id) {
  return PgGuard([&]() -> Result<OcrProgress> {
    return db_.Read([&](PgConnection& c) {
      OcrProgress p;
      auto r = c.Q("SELECT COALESCE(SUM(p.needs_ocr), 0), COALESCE(SUM(p.ocr), 0) FROM document_pages p "
                   "JOIN document_versions v ON v.id = p.version_id JOIN documents d ON d.id = v.document_id "
                   "WHERE d.congress_id = $1",
                   congress_id);
      if (!r.empty()) {
        p.pending_pages = static_cast<int>(r.Int(0, 0));
        p.done_pages = static_cast<int>(r.Int(0, 1));
      }
      return p;
    });
  });
}

}  // namespace phonghop::storage::pg
