// How a congress and a delegate are read from the database: the select list
// and the row mapping, shared by the SQLite and PostgreSQL repositories.
#pragma once

#include "congress/model.h"
#include "storage/row_reader.h"

namespace phonghop::storage::rows {

inline constexpr const char* kCongressColumns =
    "c.id, c.slug, COALESCE(o.name, ''), c.name, c.ordinal, c.term, "
    "c.start_date, c.end_date, c.venue, c.status, c.quorum_num, c.quorum_den, "
    "c.created_at, c.print_extra_copies, c.cost_per_page_vnd FROM congresses c LEFT JOIN organizations o ON o.id = "
    "c.organization_id";

template <class View>
congress::Congress ReadCongress(const View& v) {
  using namespace congress;
  Congress c;
  RowReader(v) >> c.id >> c.slug >> c.organization >> c.name >> c.ordinal >> c.term >> c.start_date >>
      c.end_date >> c.venue >> Enum(c.status, ParseCongressStatus, CongressStatus::kPlanned) >>
      c.quorum_numerator >> c.quorum_denominator >> c.created_at >> c.print_extra_copies >> c.cost_per_page_vnd;
  return c;
}

inline constexpr const char* kDelegateSelect =
    "SELECT d.id, d.congress_id, d.badge, d.full_name, COALESCE(d.delegation_id, 0), "
    "COALESCE(g.name, ''), d.position_title, d.gender, d.birth_year, d.ethnicity, "
    "d.seat, d.phone, d.kind, d.birth_date, d.party_member FROM delegates d "
    "LEFT JOIN delegations g ON "
    "g.id = d.delegation_id ";

template <class View>
congress::Delegate ReadDelegate(const View& v) {
  using namespace congress;
  Delegate d;
  RowReader(v) >> d.id >> d.congress_id >> d.badge >> d.full_name >> d.delegation_id >> d.delegation_name >>
      d.position_title >> Enum(d.gender, ParseGender, Gender::kUnspecified) >> d.birth_year >> d.ethnicity >>
      d.seat >> d.phone >> Enum(d.kind, ParseDelegateKind, DelegateKind::kOfficial) >> d.birth_date >>
      d.party_member;
  return d;
}

}  // namespace phonghop::storage::rows
