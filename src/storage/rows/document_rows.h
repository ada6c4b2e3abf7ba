// How a document and its versions are read from the database: the select
// list and the row mapping, shared by the SQLite and PostgreSQL repositories.
#pragma once

#include <string>
#include <vector>

#include "documents/model.h"
#include "storage/row_reader.h"

namespace phonghop::storage::rows {

// A document with its current version (columns 12.. are the version's).
inline constexpr const char* kDocSelect =
    "SELECT d.id, d.congress_id, d.code, d.title, d.number, d.category, "
    "COALESCE(d.agenda_item_id, 0), d.position, d.visibility, d.roles, d.created_at, "
    "d.updated_at, v.id, v.number, v.label, v.sha256, v.file_name, v.kind, v.size, "
    "v.page_count, v.text_status, v.created_at "
    "FROM documents d JOIN document_versions v ON v.id = d.current_version_id ";

// Roles are kept as one comma-separated column.
inline std::string JoinRoles(const std::vector<std::string>& roles) {
  std::string out;
  for (const auto& r : roles) {
    if (!out.empty()) out += ',';
    out += r;
  }
  return out;
}

inline std::vector<std::string> SplitRoles(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// A version's ten columns from column `first` on: id, number, label, sha256,
// file_name, kind, size, page_count, text_status, created_at.
template <class View>
documents::DocumentVersion ReadVersion(const View& v, int first = 0) {
  using namespace documents;
  DocumentVersion x;
  RowReader(v, first) >> x.id >> x.number >> x.label >> x.sha256 >> x.file_name >>
      Enum(x.kind, ParseFileKind, FileKind::kUnknown) >> x.size >> x.page_count >>
      Enum(x.text_status, ParseTextStatus, TextStatus::kDone) >> x.created_at;
  return x;
}

template <class View>
documents::Document ReadDoc(const View& v) {
  using namespace documents;
  Document d;
  RowReader r(v);
  r >> d.id >> d.congress_id >> d.code >> d.title >> d.number >> d.category >> d.agenda_item_id >>
      d.position >> Enum(d.visibility, ParseVisibility, Visibility::kDelegates) >> Mapped(d.roles, SplitRoles) >>
      d.created_at >> d.updated_at;
  d.current = ReadVersion(v, r.column());
  d.current.document_id = d.id;
  return d;
}

}  // namespace phonghop::storage::rows
