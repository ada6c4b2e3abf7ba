#include "storage/postgres/pg_search_index.h"

#include <unordered_map>

namespace phonghop::storage::pg {

using search::Candidate;

namespace {

// Serialises writers of search_changes until they commit (see the header).
constexpr int64_t kSearchLogLock = 0x7068736561726368;  // "phsearch"

int64_t LatestChange(PgConnection& c) {
  return c.Q("SELECT COALESCE(MAX(seq), 0) FROM search_changes").Int(0, 0);
}

// Pages of the current versions that meet `where`.
void LoadPagesWhere(PgConnection& c, search::InvertedIndex& index, const std::string& where, int64_t document_id) {
  std::string sql =
      "SELECT p.row_id, d.id, d.congress_id, COALESCE(d.agenda_item_id, 0), d.category, p.page, "
      "CASE WHEN p.page = 1 THEN d.title ELSE '' END, p.text, d.visibility, d.roles FROM document_pages p "
      "JOIN documents d ON d.current_version_id = p.version_id";
  sql.append(" WHERE ").append(where);
  sql += " ORDER BY p.row_id";
  auto r = document_id ? c.Q(sql, document_id) : c.Q(sql);
  for (int i = 0; i < r.size(); ++i) {
    search::PageInfo info;
    info.row = r.Int(i, 0);
    info.document_id = r.Int(i, 1);
    info.congress_id = r.Int(i, 2);
    info.agenda_item_id = r.Int(i, 3);
    info.category = r.Text(i, 4);
    info.page = static_cast<int>(r.Int(i, 5));
    info.visibility = r.Text(i, 8);
    info.roles = r.Text(i, 9);
    index.AddPage(info, r.Text(i, 6), r.Text(i, 7));
  }
}

// Pages of the current versions (of one document, or all when 0). A full
// load takes every document's first page (the one with the title) first:
// pages whose keys can earn the title boost then sit together at the
// start of the index's page numbers, so the pruned walk's page ranges
// after them have lower score bounds and are skipped (inverted_index.h).
void LoadPages(PgConnection& c, search::InvertedIndex& index, int64_t document_id) {
  if (document_id) {
    LoadPagesWhere(c, index, "d.id = $1", document_id);
    return;
  }
  LoadPagesWhere(c, index, "p.page = 1", 0);
  LoadPagesWhere(c, index, "p.page <> 1", 0);
}

}  // namespace

void LogSearchChange(PgConnection& c, int64_t document_id) {
  c.Q("SELECT pg_advisory_xact_lock($1)", kSearchLogLock);
  c.Q("INSERT INTO search_changes(document_id) VALUES ($1)", document_id);
}

void PgSearchIndex::Sync() {
  int64_t latest = db_.Read([](PgConnection& c) { return LatestChange(c); });
  {
    std::shared_lock lock(mu_);
    if (applied_seq_ >= 0 && applied_seq_ >= latest) return;
  }
  std::unique_lock lock(mu_);
  if (applied_seq_ >= 0 && applied_seq_ >= latest) return;
  db_.Read([&](PgConnection& c) {
    // One snapshot: the log position and the pages agree.
    c.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    try {
      int64_t now = LatestChange(c);
      bool full = applied_seq_ < 0;
      std::vector<int64_t> changed;
      if (!full) {
        auto r = c.Q("SELECT DISTINCT document_id FROM search_changes WHERE seq > $1", applied_seq_);
        for (int i = 0; i < r.size(); ++i) {
          changed.push_back(r.Int(i, 0));
          if (changed.back() == 0) full = true;
        }
      }
      if (full) {
        memory_.Clear();
        LoadPages(c, memory_, 0);
      } else {
        for (int64_t d : changed) {
          memory_.RemoveDocument(d);
          LoadPages(c, memory_, d);
        }
        memory_.CompactIfNeeded();
      }
      applied_seq_ = now;
      c.Exec("COMMIT");
    } catch (...) {
      try { c.Exec("ROLLBACK"); } catch (...) {}
      throw;
    }
  });
}

Status PgSearchIndex::Warm() {
  auto r = PgGuard([&]() -> Result<int> {
    Sync();
    return 0;
  });
  return r.ok() ? Status::Ok() : r.status();
}

Result<int64_t> PgSearchIndex::Generation() {
  return PgGuard([&]() -> Result<int64_t> {
    Sync();
    std::shared_lock lock(mu_);
    return applied_seq_;
  });
}

Result<std::vector<Candidate>> PgSearchIndex::Candidates(const search::Query& q, bool all_terms,
                                                         const search::SearchFilter& f, int limit) {
  return PgGuard([&]() -> Result<std::vector<Candidate>> {
    Sync();
    std::vector<search::PageHit> hits;
    {
      std::shared_lock lock(mu_);
      hits = memory_.Search(q, all_terms, f, limit);
    }
    if (hits.empty()) return std::vector<Candidate>{};
    std::string ids = "{";
    for (const auto& h : hits) ids += (ids.size() > 1 ? "," : "") + std::to_string(h.row);
    ids += "}";
    return db_.Read([&](PgConnection& c) {
      auto r = c.Q(
          "SELECT p.row_id, d.id, d.congress_id, d.code, d.title, v.file_name, d.category, "
          "COALESCE(d.agenda_item_id, 0), p.page, p.text, d.visibility, d.roles "
          "FROM document_pages p JOIN document_versions v ON v.id = p.version_id "
          "JOIN documents d ON d.id = v.document_id AND d.current_version_id = v.id "
          "WHERE p.row_id = ANY($1::bigint[])",
          ids);
      std::unordered_map<int64_t, Candidate> by_row;
      for (int i = 0; i < r.size(); ++i) {
        Candidate cd;
        cd.document_id = r.Int(i, 1);
        cd.congress_id = r.Int(i, 2);
        cd.code = r.Text(i, 3);
        cd.title = r.Text(i, 4);
        cd.file_name = r.Text(i, 5);
        cd.category = r.Text(i, 6);
        cd.agenda_item_id = r.Int(i, 7);
        cd.page = static_cast<int>(r.Int(i, 8));
        cd.text = r.Text(i, 9);
        cd.visibility = r.Text(i, 10);
        cd.roles = r.Text(i, 11);
        by_row.emplace(r.Int(i, 0), std::move(cd));
      }
      std::vector<Candidate> out;
      out.reserve(hits.size());
      for (const auto& h : hits)  // the index's order; a page changed meanwhile is skipped
        if (auto it = by_row.find(h.row); it != by_row.end()) out.push_back(std::move(it->second));
      return out;
    });
  });
}

Result<int> PgSearchIndex::Rebuild() {
  auto pages = PgGuard([&]() -> Result<int> {
    return db_.Write([&](PgConnection& c) {
      LogSearchChange(c, 0);
      return static_cast<int>(
          c.Q("SELECT COUNT(*) FROM document_pages p JOIN documents d ON d.current_version_id = p.version_id")
              .Int(0, 0));
    });
  });
  if (!pages.ok()) return pages;
  PH_RETURN_IF_ERROR(Warm());
  return pages;
}

}  // namespace phonghop::storage::pg
