// How document pages are read for search, shared by the SQLite and
// PostgreSQL search indexes: the pages loaded into the in-memory index (the
// first stage) and the candidate pages handed to the ranker. `row_id` names
// the back-end's page key column (SQLite's `rowid`, PostgreSQL's `row_id`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/inverted_index.h"
#include "search/search_index.h"
#include "storage/row_reader.h"

namespace phonghop::storage::rows {

// Pages of current versions that meet `where` (a condition on `p` and `d`),
// in key order: key, document, congress, agenda item, category, page, title
// (the document's on page 1, else empty), text, visibility, roles.
inline std::string IndexPagesSelect(std::string_view row_id, std::string_view where) {
  std::string sql = "SELECT p.";
  sql.append(row_id).append(
      ", d.id, d.congress_id, COALESCE(d.agenda_item_id, 0), d.category, p.page, "
      "CASE WHEN p.page = 1 THEN d.title ELSE '' END, p.text, d.visibility, d.roles FROM document_pages p "
      "JOIN documents d ON d.current_version_id = p.version_id WHERE ");
  sql.append(where).append(" ORDER BY p.").append(row_id);
  return sql;
}

// One row of IndexPagesSelect: what the index keeps of the page, and the
// two texts it indexes.
struct IndexedPage {
  search::PageInfo info;
  std::string title, text;
};

template <class View>
IndexedPage ReadIndexedPage(const View& v) {
  IndexedPage p;
  search::PageInfo& i = p.info;
  RowReader(v) >> i.row >> i.document_id >> i.congress_id >> i.agenda_item_id >> i.category >> i.page >>
      p.title >> p.text >> i.visibility >> i.roles;
  return p;
}

// Adds the pages of the current versions to `index`: one document's, or
// every page when `document_id` is 0. A full load takes every document's
// first page (the one with the title) first: pages whose keys can earn the
// title boost then sit together at the start of the index's page numbers,
// so the pruned walk's page ranges after them have lower score bounds and
// are skipped (inverted_index.h).
//
// `query(sql, id, add)` is the back-end's part: it runs `sql`, binding `id`
// as its one parameter (spelled `param`: "?1", "$1") when it is not 0, and
// calls `add(view)` for each row. Throws what `query` throws.
template <class Query>
void LoadIndexPages(search::InvertedIndex& index, int64_t document_id, std::string_view row_id,
                    std::string_view param, Query&& query) {
  auto load = [&](const std::string& where, int64_t id) {
    query(IndexPagesSelect(row_id, where), id, [&](const auto& view) {
      IndexedPage p = ReadIndexedPage(view);
      index.AddPage(p.info, p.title, p.text);
    });
  };
  if (document_id) {
    load("d.id = " + std::string(param), document_id);
    return;
  }
  load("p.page = 1", 0);
  load("p.page <> 1", 0);
}

// The candidate pages with keys meeting `where` (a condition on `p`), with
// their document: key, then the fields of search::Candidate in order.
inline std::string CandidatesSelect(std::string_view row_id, std::string_view where) {
  std::string sql = "SELECT p.";
  sql.append(row_id).append(
      ", d.id, d.congress_id, d.code, d.title, v.file_name, d.category, "
      "COALESCE(d.agenda_item_id, 0), p.page, p.text, d.visibility, d.roles "
      "FROM document_pages p JOIN document_versions v ON v.id = p.version_id "
      "JOIN documents d ON d.id = v.document_id AND d.current_version_id = v.id WHERE ");
  sql.append(where);
  return sql;
}

// One row of CandidatesSelect into `by_row`, under its page key.
template <class View>
void ReadCandidate(const View& v, std::unordered_map<int64_t, search::Candidate>& by_row) {
  int64_t row = 0;
  search::Candidate c;
  RowReader(v) >> row >> c.document_id >> c.congress_id >> c.code >> c.title >> c.file_name >> c.category >>
      c.agenda_item_id >> c.page >> c.text >> c.visibility >> c.roles;
  by_row.emplace(row, std::move(c));
}

// The candidates in the index's order; a hit whose page changed meanwhile
// (no row) is skipped.
inline std::vector<search::Candidate> InHitOrder(const std::vector<search::PageHit>& hits,
                                                 std::unordered_map<int64_t, search::Candidate> by_row) {
  std::vector<search::Candidate> out;
  out.reserve(hits.size());
  for (const auto& h : hits)
    if (auto it = by_row.find(h.row); it != by_row.end()) out.push_back(std::move(it->second));
  return out;
}

}  // namespace phonghop::storage::rows
