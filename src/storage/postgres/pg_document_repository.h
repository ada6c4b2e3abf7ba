// PostgreSQL implementation of documents::DocumentRepository. Every change to
// a document's pages or title appends to search_changes in the same
// transaction (see pg_search_index.h).
#pragma once

#include "documents/ports.h"
#include "storage/postgres/pg_db.h"

namespace phonghop::storage::pg {

class PgDocumentRepository final : public documents::DocumentRepository {
 public:
  explicit PgDocumentRepository(PgDatabase& db) : db_(db) {}
  Result<std::pair<int64_t, int64_t>> Create(const documents::Document& doc,
                                             const documents::DocumentVersion& v,
                                             const std::vector<documents::PageText>& pages) override;
  Result<int64_t> AddVersion(int64_t document_id, const documents::DocumentVersion& v,
                             const std::vector<documents::PageText>& pages) override;
  Result<documents::Document> GetByCode(std::string_view code) override;
  Result<std::vector<documents::Document>> List(int64_t congress_id) override;
  Result<std::vector<documents::DocumentVersion>> Versions(int64_t document_id) override;
  Result<std::vector<documents::PageText>> Pages(int64_t version_id) override;
  Status UpdateMeta(const documents::Document& doc) override;
  Result<std::vector<std::string>> Delete(int64_t document_id) override;
  Result<std::optional<documents::Document>> FindByBlob(int64_t congress_id,
                                                         const std::string& sha256) override;
  Result<std::vector<documents::OcrTask>> PendingOcr(int limit) override;
  Status SetOcrText(int64_t version_id, int page, const std::string& text) override;
  Result<documents::OcrProgress> Ocr(int64_t congress_id) override;

 private:
  PgDatabase& db_;
};

}  // namespace phonghop::storage::pg
