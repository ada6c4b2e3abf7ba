// How a check-in is read from the database: the select list and the row
// mapping, shared by the SQLite and PostgreSQL repositories.
#pragma once

#include "attendance/model.h"
#include "storage/row_reader.h"

namespace phonghop::storage::rows {

inline constexpr char kCheckInColumns[] =
    "SELECT id, congress_id, session_id, delegate_id, method, at, kiosk, operator, reason, score, "
    "COALESCE(left_at, 0), COALESCE(idempotency_key, '') "
    "FROM attendance ";

template <class View>
attendance::CheckIn ReadCheckIn(const View& v) {
  attendance::CheckIn c;
  RowReader(v) >> c.id >> c.congress_id >> c.session_id >> c.delegate_id >>
      Enum(c.method, attendance::ParseMethod, attendance::Method::kManual) >> c.at >> c.kiosk >>
      c.operator_name >> c.reason >> c.score >> c.left_at >> c.idempotency_key;
  return c;
}

}  // namespace phonghop::storage::rows
