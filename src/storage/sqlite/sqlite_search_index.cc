#include "storage/sqlite/sqlite_search_index.h"

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
}

void ReindexDocument(Connection& c, int64_t document_id) {
  UnindexDocument(c, document_id);
  c.Prepare(
       "INSERT INTO search_fts(rowid, title, body) SELECT p.rowid, "
       "CASE WHEN p.page = 1 THEN d.title ELSE '' END, p.text FROM document_pages p "
       "JOIN documents d ON d.current_version_id = p.version_id WHERE d.id = ?")
      .Bind(1, document_id).Exec();
}

Result<std::vector<Candidate>> SqliteSearchIndex::Candidates(const search::Query& q, bool all_terms,
                                                             const search::SearchFilter& f, int limit) {
  std::string match = MatchExpression(q, all_terms);
  if (match.empty()) return std::vector<Candidate>{};
  return Guard([&]() -> Result<std::vector<Candidate>> {
    return db_.Read([&](Connection& c) {
      std::string sql =
          "SELECT d.id, d.congress_id, d.code, d.title, v.file_name, d.category, "
          "COALESCE(d.agenda_item_id, 0), p.page, p.text, d.visibility, d.roles "
          "FROM (SELECT rowid AS rid, bm25(search_fts, 4.0, 1.0) AS rank FROM search_fts "
          "      WHERE search_fts MATCH ?1 ORDER BY rank LIMIT ?2) m "
          "JOIN document_pages p ON p.rowid = m.rid "
          "JOIN document_versions v ON v.id = p.version_id "
          "JOIN documents d ON d.id = v.document_id AND d.current_version_id = v.id "
          "WHERE (?3 = 0 OR d.congress_id = ?3) AND (?4 = '' OR d.category = ?4) "
          "AND (?5 = 0 OR d.agenda_item_id = ?5) ORDER BY m.rank";
      // Filters narrow after the index: fetch more when filtering.
      int fetch = (f.congress_id || !f.category.empty() || f.agenda_item_id) ? limit * 4 : limit;
      auto s = c.Prepare(sql);
      s.Bind(1, match).Bind(2, fetch).Bind(3, f.congress_id).Bind(4, f.category).Bind(5, f.agenda_item_id);
      std::vector<Candidate> out;
      while (s.Step()) {
        Candidate cd;
        cd.document_id = s.Int(0);
        cd.congress_id = s.Int(1);
        cd.code = s.Text(2);
        cd.title = s.Text(3);
        cd.file_name = s.Text(4);
        cd.category = s.Text(5);
        cd.agenda_item_id = s.Int(6);
        cd.page = static_cast<int>(s.Int(7));
        cd.text = s.Text(8);
        cd.visibility = s.Text(9);
        cd.roles = s.Text(10);
        out.push_back(std::move(cd));
      }
      return out;
    });
  });
}

Result<int> SqliteSearchIndex::Rebuild() {
  return Guard([&]() -> Result<int> {
    return db_.Write([&](Connection& c) {
      c.Exec("DELETE FROM search_fts");
      c.Exec(
          "INSERT INTO search_fts(rowid, title, body) SELECT p.rowid, "
          "CASE WHEN p.page = 1 THEN d.title ELSE '' END, p.text FROM document_pages p "
          "JOIN documents d ON d.current_version_id = p.version_id");
      c.Exec("INSERT INTO search_fts(search_fts) VALUES('optimize')");
      auto s = c.Prepare("SELECT COUNT(*) FROM search_fts");
      s.Step();
      return static_cast<int>(s.Int(0));
    });
  });
}

}  // namespace phonghop::storage
