#include "storage/sqlite/sqlite_search_index.h"

#include <unordered_map>

#include "storage/rows/search_rows.h"

namespace phonghop::storage {

using search::Candidate;

namespace {

std::string Quote(const std::string& token) {
  std::string out = "\"";
  for (char c : token) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string TermExpr(const search::QueryTerm& t) { return Quote(t.folded) + (t.prefix ? " *" : ""); }

}  // namespace

std::string SqliteSearchIndex::MatchExpression(const search::Query& q, bool all_terms) {
  std::string expr;
  auto join = [&](const std::string& part, const char* op) {
    if (!expr.empty()) expr += op;
    expr += part;
  };
  if (!all_terms) {
    for (const auto& t : q.Terms()) join(TermExpr(t), " OR ");
    return expr;
  }
  for (const auto& c : q.clauses) {
    if (c.phrase) {
      std::string phrase;
      for (const auto& t : c.terms) phrase += (phrase.empty() ? "" : " + ") + TermExpr(t);
      join("(" + phrase + ")", " AND ");
    } else {
      for (const auto& t : c.terms) join(TermExpr(t), " AND ");
    }
  }
  return expr;
}

void UnindexDocument(Connection& c, int64_t document_id) {
  c.Prepare(
       "DELETE FROM search_fts WHERE rowid IN (SELECT p.rowid FROM document_pages p "
       "JOIN document_versions v ON v.id = p.version_id WHERE v.document_id = ?)")
      .Bind(1, document_id).Exec();
  c.Prepare("INSERT INTO search_changes(document_id) VALUES (?)").Bind(1, document_id).Exec();
}

void ReindexDocument(Connection& c, int64_t document_id) {
  UnindexDocument(c, document_id);  // also logs the change
  c.Prepare(
       "INSERT INTO search_fts(rowid, title, body) SELECT p.rowid, "
       "CASE WHEN p.page = 1 THEN d.title ELSE '' END, p.text FROM document_pages p "
       "JOIN documents d ON d.current_version_id = p.version_id WHERE d.id = ?")
      .Bind(1, document_id).Exec();
}

namespace {

int64_t LatestChange(Connection& c) {
  auto s = c.Prepare("SELECT COALESCE(MAX(seq), 0) FROM search_changes");
  s.Step();
  return s.Int(0);
}

// Pages of the current versions (of one document, or all when 0), in the
// order rows::LoadIndexPages gives.
void LoadPages(Connection& c, search::InvertedIndex& index, int64_t document_id) {
  rows::LoadIndexPages(index, document_id, "rowid", "?1", [&](const std::string& sql, int64_t id, auto&& add) {
    auto s = c.Prepare(sql);
    if (id) s.Bind(1, id);
    while (s.Step()) add(s);
  });
}

}  // namespace

void SqliteSearchIndex::Sync() {
  int64_t latest = db_.Read([](Connection& c) { return LatestChange(c); });
  {
    std::shared_lock lock(mu_);
    if (applied_seq_ >= 0 && applied_seq_ >= latest) return;
  }
  std::unique_lock lock(mu_);
  if (applied_seq_ >= 0 && applied_seq_ >= latest) return;
  db_.Read([&](Connection& c) {
    c.Exec("BEGIN");  // one snapshot: the log position and the pages agree
    try {
      int64_t now = LatestChange(c);
      bool full = applied_seq_ < 0;
      std::vector<int64_t> changed;
      if (!full) {
        auto s = c.Prepare("SELECT DISTINCT document_id FROM search_changes WHERE seq > ?1");
        s.Bind(1, applied_seq_);
        while (s.Step()) {
          changed.push_back(s.Int(0));
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

Status SqliteSearchIndex::Warm() {
  auto r = Guard([&]() -> Result<int> {
    Sync();
    return 0;
  });
  return r.ok() ? Status::Ok() : r.status();
}

Result<int64_t> SqliteSearchIndex::Generation() {
  return Guard([&]() -> Result<int64_t> {
    Sync();
    std::shared_lock lock(mu_);
    return applied_seq_;
  });
}

Result<std::vector<Candidate>> SqliteSearchIndex::Candidates(const search::Query& q, bool all_terms,
                                                             const search::SearchFilter& f, int limit) {
  return Guard([&]() -> Result<std::vector<Candidate>> {
    Sync();
    std::vector<search::PageHit> hits;
    {
      std::shared_lock lock(mu_);
      hits = memory_.Search(q, all_terms, f, limit);
    }
    if (hits.empty()) return std::vector<Candidate>{};
    std::string ids;
    for (const auto& h : hits) ids += (ids.empty() ? "" : ",") + std::to_string(h.row);
    return db_.Read([&](Connection& c) {
      auto s = c.Prepare(rows::CandidatesSelect("rowid", "p.rowid IN (" + ids + ")"));
      std::unordered_map<int64_t, Candidate> by_row;
      while (s.Step()) rows::ReadCandidate(s, by_row);
      return rows::InHitOrder(hits, std::move(by_row));
    });
  });
}

Result<int> SqliteSearchIndex::Rebuild() {
  auto pages = Guard([&]() -> Result<int> {
    return db_.Write([&](Connection& c) {
      c.Exec("DELETE FROM search_fts");
      c.Exec(
          "INSERT INTO search_fts(rowid, title, body) SELECT p.rowid, "
          "CASE WHEN p.page = 1 THEN d.title ELSE '' END, p.text FROM document_pages p "
          "JOIN documents d ON d.current_version_id = p.version_id");
      c.Exec("INSERT INTO search_fts(search_fts) VALUES('optimize')");
      c.Exec("INSERT INTO search_changes(document_id) VALUES (0)");
      auto s = c.Prepare("SELECT COUNT(*) FROM search_fts");
      s.Step();
      return static_cast<int>(s.Int(0));
    });
  });
  if (!pages.ok()) return pages;
  PH_RETURN_IF_ERROR(Warm());
  return pages;
}

}  // namespace phonghop::storage
