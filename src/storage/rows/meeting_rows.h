// How a province page is read from the database: the select list and the
// row mapping, shared by the SQLite and PostgreSQL repositories.
#pragma once

#include "meeting/model.h"
#include "storage/row_reader.h"

namespace phonghop::storage::rows {

inline constexpr char kPageColumns[] =
    "SELECT id, congress_id, slug, title, category, summary, body_md, cover, status, position, updated_at "
    "FROM province_pages ";

template <class View>
meeting::ProvincePage ReadPage(const View& v) {
  meeting::ProvincePage p;
  RowReader(v) >> p.id >> p.congress_id >> p.slug >> p.title >> p.category >> p.summary >> p.body_md >>
      p.cover >> Enum(p.status, meeting::ParsePageStatus, meeting::PageStatus::kDraft) >> p.position >>
      p.updated_at;
  return p;
}

}  // namespace phonghop::storage::rows
