#include "storage/postgres/pg_search_index.h"

#include <unordered_map>

#include "storage/rows/search_rows.h"

namespace phonghop::storage::pg {

using search::Candidate;

namespace {

// Serialises writers of search_changes until they commit (see the header).
constexpr int64_t kSearchLogLock = 0x7068736561726368;  // "phsearch"

int64_t LatestChange(PgConnection& c) {
  return c.Q("SELECT COALESCE(MAX(seq), 0) FROM search_changes").Int(0, 0);
}

// Pages of the current versions (of one document, or all when 0), in the
// order rows::LoadIndexPages gives.
void LoadPages(PgConnection& c, search::InvertedIndex& index, int64_t document_id) {
  rows::LoadIndexPages(index, document_id, "row_id", "$1", [&](const std::string& sql, int64_t id, auto&& add) {
    auto r = id ? c.Q(sql, id) : c.Q(sql);
    for (int i = 0; i < r.size(); ++i) add(r.At(i));
  });
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
      auto r = c.Q(rows::CandidatesSelect("row_id", "p.row_id = ANY($1::bigint[])"), ids);
      std::unordered_map<int64_t, Candidate> by_row;
      for (int i = 0; i < r.size(); ++i) rows::ReadCandidate(r.At(i), by_row);
      return rows::InHitOrder(hits, std::move(by_row));
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
