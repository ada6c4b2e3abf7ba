#include "storage/postgres/pg_congress_repository.h"

#include <set>
#include <unordered_map>

#include "storage/rows/congress_rows.h"

namespace phonghop::storage::pg {

using namespace phonghop::congress;

// The same orders as the SQLite repository. Text compares in byte order
// (COLLATE "C"), as SQLite's default BINARY collation does, whatever locale
// the database was created with.
#define PH_SESSION_ORDER(p)                                                          \
  p "date = '', " p "date COLLATE \"C\", " p "starts_at = '', " p "starts_at COLLATE \"C\", " p \
    "position, " p "id"
#define PH_AGENDA_ORDER(p) p "starts_at = '', " p "starts_at COLLATE \"C\", " p "position, " p "id"

namespace {

using rows::kCongressColumns;
using rows::kDelegateSelect;
congress::Congress ReadCongress(const Rows& r, int i) { return rows::ReadCongress(r.At(i)); }
congress::Delegate ReadDelegate(const Rows& r, int i) { return rows::ReadDelegate(r.At(i)); }

std::optional<int64_t> OrganizationId(PgConnection& conn, const std::string& name) {
  if (name.empty()) return std::nullopt;
  conn.Q("INSERT INTO organizations(name) VALUES ($1) ON CONFLICT (name) DO NOTHING", name);
  return conn.Q("SELECT id FROM organizations WHERE name = $1", name).Int(0, 0);
}

int64_t InsertCongress(PgConnection& conn, const Congress& c) {
  auto org = OrganizationId(conn, c.organization);
  return conn
      .Q("INSERT INTO congresses(slug, organization_id, name, ordinal, term, "
         "start_date, end_date, venue, status, quorum_num, quorum_den, "
         "created_at, print_extra_copies, cost_per_page_vnd) "
         "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id",
         c.slug, org, c.name, c.ordinal, c.term, c.start_date, c.end_date, c.venue,
         ToString(c.status), c.quorum_numerator, c.quorum_denominator, c.created_at,
         c.print_extra_copies, c.cost_per_page_vnd)
      .Int(0, 0);
}

int NextPosition(PgConnection& conn, const char* table, const char* owner_col, int64_t owner) {
  return static_cast<int>(conn.Q(std::string("SELECT COALESCE(MAX(position), 0) + 1 FROM ") + table +
                                     " WHERE " + owner_col + " = $1",
                                 owner)
                              .Int(0, 0));
}

int64_t InsertSession(PgConnection& conn, const Session& s) {
  int pos = s.position > 0 ? s.position : NextPosition(conn, "sessions", "congress_id", s.congress_id);
  return conn
      .Q("INSERT INTO sessions(congress_id, position, name, date, starts_at, ends_at) "
         "VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
         s.congress_id, pos, s.name, s.date, s.starts_at, s.ends_at)
      .Int(0, 0);
}

int64_t InsertAgenda(PgConnection& conn, const AgendaItem& a) {
  int pos = a.position > 0 ? a.position : NextPosition(conn, "agenda_items", "session_id", a.session_id);
  return conn
      .Q("INSERT INTO agenda_items(session_id, position, starts_at, title, presenter, description) "
         "VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
         a.session_id, pos, a.starts_at, a.title, a.presenter, a.description)
      .Int(0, 0);
}

int64_t InsertDelegation(PgConnection& conn, int64_t congress_id, int position, const std::string& name) {
  int pos = position > 0 ? position : NextPosition(conn, "delegations", "congress_id", congress_id);
  return conn
      .Q("INSERT INTO delegations(congress_id, position, name) VALUES ($1,$2,$3) RETURNING id",
         congress_id, pos, name)
      .Int(0, 0);
}

// $1..$11: the delegate's own fields; callers append $12 (and $13).
std::vector<Param> DelegateParams(const Delegate& d, int64_t delegation_id) {
  std::optional<int64_t> del = delegation_id > 0 ? std::optional<int64_t>(delegation_id) : std::nullopt;
  std::optional<int> party;
  if (d.party_member) party = *d.party_member ? 1 : 0;
  return {ToParam(d.full_name), ToParam(del),      ToParam(d.position_title),
          ToParam(ToString(d.gender)), ToParam(d.birth_year), ToParam(d.ethnicity),
          ToParam(d.seat),      ToParam(d.phone),  ToParam(ToString(d.kind)),
          ToParam(d.birth_date), ToParam(party)};
}

constexpr const char* kInsertDelegate =
    "INSERT INTO delegates(full_name, delegation_id, position_title, gender, "
    "birth_year, ethnicity, seat, phone, kind, birth_date, party_member, congress_id, badge) "
    "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)";
constexpr const char* kUpdateDelegate =
    "UPDATE delegates SET full_name=$1, delegation_id=$2, position_title=$3, gender=$4, "
    "birth_year=$5, ethnicity=$6, seat=$7, phone=$8, kind=$9, birth_date=$10, party_member=$11 "
    "WHERE id=$12";

// Serialises token changes of one delegate across nodes (SQLite has one
// writer; PostgreSQL needs the row lock).
void LockDelegate(PgConnection& c, int64_t delegate_id) {
  c.Q("SELECT 1 FROM delegates WHERE id = $1 FOR UPDATE", delegate_id);
}

}  // namespace

Status PgCongressRepository::ReplaceDelegateToken(int64_t delegate_id, const std::string& token_hash,
                                                  int64_t now) {
  return PgGuard([&]() -> Status {
    db_.Write([&](PgConnection& c) {
      LockDelegate(c, delegate_id);
      c.Q("UPDATE delegate_tokens SET revoked_at = $1 WHERE delegate_id = $2 AND revoked_at IS NULL", now,
          delegate_id);
      c.Q("INSERT INTO delegate_tokens(delegate_id, token_hash, created_at) VALUES ($1,$2,$3)", delegate_id,
          token_hash, now);
    });
    return Status::Ok();
  });
}

Result<Delegate> PgCongressRepository::FindDelegateByToken(const std::string& token_hash) {
  return PgGuard([&]() -> Result<Delegate> {
    return db_.Read([&](PgConnection& c) -> Result<Delegate> {
      auto r = c.Q(std::string(kDelegateSelect) +
                       "JOIN delegate_tokens t ON t.delegate_id = d.id "
                       "WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
                   token_hash);
      if (r.empty()) return Status::NotFound("mã thẻ không hợp lệ hoặc đã bị thu hồi");
      return ReadDelegate(r, 0);
    });
  });
}

Result<std::vector<Congress>> PgCongressRepository::ListCongresses() {
  return PgGuard([&]() -> Result<std::vector<Congress>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<Congress> out;
      auto r = c.Q(std::string("SELECT ") + kCongressColumns +
                   " ORDER BY c.start_date COLLATE \"C\" DESC, c.id DESC");
      for (int i = 0; i < r.size(); ++i) out.push_back(ReadCongress(r, i));
      return out;
    });
  });
}

Result<Congress> PgCongressRepository::GetCongress(std::string_view slug) {
  return PgGuard([&]() -> Result<Congress> {
    return db_.Read([&](PgConnection& c) -> Result<Congress> {
      auto r = c.Q(std::string("SELECT ") + kCongressColumns + " WHERE c.slug = $1", slug);
      if (r.empty()) return Status::NotFound("không có đại hội \"" + std::string(slug) + "\"");
      return ReadCongress(r, 0);
    });
  });
}

Result<Congress> PgCongressRepository::GetCongressById(int64_t id) {
  return PgGuard([&]() -> Result<Congress> {
    return db_.Read([&](PgConnection& c) -> Result<Congress> {
      auto r = c.Q(std::string("SELECT ") + kCongressColumns + " WHERE c.id = $1", id);
      if (r.empty()) return Status::NotFound("không có đại hội");
      return ReadCongress(r, 0);
    });
  });
}

Result<int64_t> PgCongressRepository::CreateCongress(const Congress& c) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& conn) { return InsertCongress(conn, c); });
  }, "đại hội với slug \"" + c.slug + "\" đã tồn tại");
}

Status PgCongressRepository::UpdateCongress(const Congress& c) {
  return PgGuard([&]() -> Status {
    db_.Write([&](PgConnection& conn) {
      auto org = OrganizationId(conn, c.organization);
      conn.Q("UPDATE congresses SET organization_id=$1, name=$2, ordinal=$3, term=$4, "
             "start_date=$5, end_date=$6, venue=$7, status=$8, quorum_num=$9, "
             "quorum_den=$10, print_extra_copies=$11, cost_per_page_vnd=$12 WHERE id=$13",
             org, c.name, c.ordinal, c.term, c.start_date, c.end_date, c.venue, ToString(c.status),
             c.quorum_numerator, c.quorum_denominator, c.print_extra_copies, c.cost_per_page_vnd, c.id);
    });
    return Status::Ok();
  });
}

Result<int64_t> PgCongressRepository::CreateBundle(const CongressBundle& b) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& conn) {
      int64_t cid = InsertCongress(conn, b.congress);
      std::unordered_map<int64_t, int64_t> session_ids, delegation_ids;
      for (const auto& s : b.sessions) {
        Session copy = s;
        copy.congress_id = cid;
        session_ids[s.id] = InsertSession(conn, copy);
      }
      for (const auto& a : b.agenda) {
        AgendaItem copy = a;
        copy.session_id = session_ids.at(a.session_id);
        InsertAgenda(conn, copy);
      }
      for (const auto& d : b.delegations)
        delegation_ids[d.id] = InsertDelegation(conn, cid, d.position, d.name);
      for (const auto& d : b.delegates) {
        auto p = DelegateParams(d, d.delegation_id ? delegation_ids.at(d.delegation_id) : 0);
        p.push_back(ToParam(cid));
        p.push_back(ToParam(d.badge));
        conn.Query(kInsertDelegate, std::move(p));
      }
      return cid;
    });
  }, "đại hội với slug \"" + b.congress.slug + "\" đã tồn tại");
}

Result<std::vector<Session>> PgCongressRepository::ListSessions(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::vector<Session>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<Session> out;
      auto r = c.Q("SELECT id, congress_id, position, name, date, starts_at, ends_at FROM sessions "
                   "WHERE congress_id = $1 ORDER BY " PH_SESSION_ORDER(""),
                   congress_id);
      for (int i = 0; i < r.size(); ++i)
        out.push_back({r.Int(i, 0), r.Int(i, 1), static_cast<int>(r.Int(i, 2)), r.Text(i, 3), r.Text(i, 4),
                       r.Text(i, 5), r.Text(i, 6)});
      return out;
    });
  });
}

Result<int64_t> PgCongressRepository::AddSession(const Session& s) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& c) { return InsertSession(c, s); });
  });
}

Result<std::vector<AgendaItem>> PgCongressRepository::ListAgenda(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::vector<AgendaItem>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<AgendaItem> out;
      auto r = c.Q("SELECT a.id, a.session_id, a.position, a.starts_at, a.title, a.presenter, "
                   "a.description FROM agenda_items a JOIN sessions s ON s.id = a.session_id "
                   "WHERE s.congress_id = $1 ORDER BY " PH_SESSION_ORDER("s.") ", " PH_AGENDA_ORDER("a."),
                   congress_id);
      for (int i = 0; i < r.size(); ++i)
        out.push_back({r.Int(i, 0), r.Int(i, 1), static_cast<int>(r.Int(i, 2)), r.Text(i, 3), r.Text(i, 4),
                       r.Text(i, 5), r.Text(i, 6)});
      return out;
    });
  });
}

Result<int64_t> PgCongressRepository::AddAgendaItem(const AgendaItem& a) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& c) { return InsertAgenda(c, a); });
  });
}

Result<std::vector<Delegation>> PgCongressRepository::ListDelegations(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::vector<Delegation>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<Delegation> out;
      auto r = c.Q("SELECT id, congress_id, position, name FROM delegations WHERE congress_id = $1 "
                   "ORDER BY position, id",
                   congress_id);
      for (int i = 0; i < r.size(); ++i)
        out.push_back({r.Int(i, 0), r.Int(i, 1), static_cast<int>(r.Int(i, 2)), r.Text(i, 3)});
      return out;
    });
  });
}

Result<int64_t> PgCongressRepository::AddDelegation(const Delegation& d) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& c) { return InsertDelegation(c, d.congress_id, d.position, d.name); });
  }, "đoàn \"" + d.name + "\" đã tồn tại");
}

Result<std::vector<Delegate>> PgCongressRepository::ListDelegates(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::vector<Delegate>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<Delegate> out;
      auto r = c.Q(std::string(kDelegateSelect) +
                       "WHERE d.congress_id = $1 ORDER BY LENGTH(d.badge), d.badge COLLATE \"C\"",
                   congress_id);
      for (int i = 0; i < r.size(); ++i) out.push_back(ReadDelegate(r, i));
      return out;
    });
  });
}

Result<CongressRepository::DelegateCounts> PgCongressRepository::CountDelegates(int64_t congress_id) {
  return PgGuard([&]() -> Result<DelegateCounts> {
    return db_.Read([&](PgConnection& c) {
      DelegateCounts counts;
      auto r = c.Q("SELECT COALESCE(delegation_id, 0), COUNT(*), COUNT(*) FILTER (WHERE kind = 'official') "
                   "FROM delegates WHERE congress_id = $1 GROUP BY 1",
                   congress_id);
      for (int i = 0; i < r.size(); ++i) {
        counts.per_delegation[r.Int(i, 0)] = static_cast<int>(r.Int(i, 1));
        counts.total += static_cast<int>(r.Int(i, 1));
        counts.official += static_cast<int>(r.Int(i, 2));
      }
      return counts;
    });
  });
}

Result<CongressRepository::UpsertCounts> PgCongressRepository::UpsertDelegates(
    int64_t congress_id, const std::vector<std::string>& new_delegations,
    const std::vector<Delegate>& delegates) {
  return PgGuard([&]() -> Result<UpsertCounts> {
    return db_.Write([&](PgConnection& conn) {
      UpsertCounts counts;
      std::unordered_map<std::string, int64_t> by_name;
      for (const auto& name : new_delegations) {
        by_name[name] = InsertDelegation(conn, congress_id, 0, name);
        ++counts.delegations_created;
      }
      for (const auto& d : delegates) {
        int64_t delegation_id = d.delegation_id;
        if (delegation_id == 0 && !d.delegation_name.empty()) {
          auto it = by_name.find(d.delegation_name);
          if (it != by_name.end()) delegation_id = it->second;
        }
        auto found = conn.Q("SELECT id FROM delegates WHERE congress_id = $1 AND badge = $2", congress_id, d.badge);
        auto p = DelegateParams(d, delegation_id);
        if (!found.empty()) {
          p.push_back(ToParam(found.Int(0, 0)));
          conn.Query(kUpdateDelegate, std::move(p));
          ++counts.updated;
        } else {
          p.push_back(ToParam(congress_id));
          p.push_back(ToParam(d.badge));
          conn.Query(kInsertDelegate, std::move(p));
          ++counts.inserted;
        }
      }
      return counts;
    });
  });
}

// --- edits ----------------------------------------------------------------

namespace {

// Runs `f` (returning the rows it changed) in a write transaction and maps
// "no row changed" to kNotFound.
template <typename F>
Status UpdateOne(PgDatabase& db, F&& f, std::string_view conflict, std::string_view missing) {
  return PgGuard([&]() -> Status {
    int64_t changed = db.Write([&](PgConnection& c) { return f(c); });
    if (changed == 0) return Status::NotFound(std::string(missing));
    return Status::Ok();
  }, conflict);
}

int CountOf(PgConnection& c, const std::string& sql, int64_t id) {
  return static_cast<int>(c.Q(sql, id).Int(0, 0));
}

// A write transaction that counts, asks `allow`, and runs `act` only when
// allowed; the row being deleted is locked first so a concurrent change on
// another node can't slip between the count and the delete.
template <typename Lock, typename Count, typename Act>
Result<Dependents> GuardedDelete(PgDatabase& db, const CongressRepository::AllowFn& allow, Lock&& lock,
                                 Count&& count, Act&& act) {
  return PgGuard([&]() -> Result<Dependents> {
    return db.Write([&](PgConnection& c) -> Result<Dependents> {
      lock(c);
      Dependents d = count(c);
      Result<bool> go = allow(d);
      if (!go.ok()) return go.status();
      if (*go) act(c);
      return d;
    });
  });
}

}  // namespace

Status PgCongressRepository::UpdateSession(const Session& s) {
  return UpdateOne(db_, [&](PgConnection& c) {
    return c.Q("UPDATE sessions SET name=$1, date=$2, starts_at=$3, ends_at=$4, position=$5 WHERE id=$6",
               s.name, s.date, s.starts_at, s.ends_at, s.position, s.id).Affected();
  }, "phiên đã tồn tại", "không có phiên họp này");
}

Status PgCongressRepository::UpdateAgendaItem(const AgendaItem& a) {
  return UpdateOne(db_, [&](PgConnection& c) {
    int pos = a.position > 0 ? a.position : NextPosition(c, "agenda_items", "session_id", a.session_id);
    return c.Q("UPDATE agenda_items SET session_id=$1, position=$2, starts_at=$3, title=$4, presenter=$5, "
               "description=$6 WHERE id=$7",
               a.session_id, pos, a.starts_at, a.title, a.presenter, a.description, a.id).Affected();
  }, "mục đã tồn tại", "không có mục chương trình này");
}

Status PgCongressRepository::UpdateDelegation(const Delegation& d) {
  return UpdateOne(db_, [&](PgConnection& c) {
    return c.Q("UPDATE delegations SET name=$1, position=$2 WHERE id=$3", d.name, d.position, d.id).Affected();
  }, "đoàn \"" + d.name + "\" đã tồn tại", "không có đoàn này");
}

Status PgCongressRepository::UpdateDelegate(const Delegate& d) {
  return UpdateOne(db_, [&](PgConnection& c) {
    auto p = DelegateParams(d, d.delegation_id);
    p.push_back(ToParam(d.id));
    p.push_back(ToParam(d.badge));
    return c.Query("UPDATE delegates SET full_name=$1, delegation_id=$2, position_title=$3, gender=$4, "
                   "birth_year=$5, ethnicity=$6, seat=$7, phone=$8, kind=$9, birth_date=$10, party_member=$11, "
                   "badge=$13 WHERE id=$12",
                   std::move(p)).Affected();
  }, "số thẻ " + d.badge + " đã cấp cho đại biểu khác", "không có đại biểu này");
}

Result<Delegate> PgCongressRepository::GetDelegate(int64_t id) {
  return PgGuard([&]() -> Result<Delegate> {
    return db_.Read([&](PgConnection& c) -> Result<Delegate> {
      auto r = c.Q(std::string(kDelegateSelect) + "WHERE d.id = $1", id);
      if (r.empty()) return Status::NotFound("không có đại biểu này");
      return ReadDelegate(r, 0);
    });
  });
}

Result<Dependents> PgCongressRepository::DeleteSession(int64_t id, std::optional<int64_t> move_to,
                                                       const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](PgConnection& c) {
    c.Q("SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE", id);
  }, [&](PgConnection& c) {
    Dependents d;
    d.checkins = CountOf(c, "SELECT COUNT(*) FROM attendance WHERE session_id = $1", id);
    d.agenda_items = CountOf(c, "SELECT COUNT(*) FROM agenda_items WHERE session_id = $1", id);
    d.documents = CountOf(c,
        "SELECT COUNT(*) FROM documents WHERE agenda_item_id IN "
        "(SELECT id FROM agenda_items WHERE session_id = $1)", id);
    d.polls = CountOf(c, "SELECT COUNT(*) FROM polls WHERE session_id = $1", id);
    d.speech_requests = CountOf(c,
        "SELECT COUNT(*) FROM speech_requests WHERE agenda_item_id IN "
        "(SELECT id FROM agenda_items WHERE session_id = $1)", id);
    return d;
  }, [&](PgConnection& c) {
    if (move_to) {
      int base = NextPosition(c, "agenda_items", "session_id", *move_to);
      c.Q("UPDATE agenda_items SET session_id = $1, position = position + $2 WHERE session_id = $3",
          *move_to, base, id);
    }
    c.Q("DELETE FROM sessions WHERE id = $1", id);
  });
}

Result<Dependents> PgCongressRepository::DeleteAgendaItem(int64_t id, std::optional<int64_t> move_to,
                                                          const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](PgConnection& c) {
    c.Q("SELECT 1 FROM agenda_items WHERE id = $1 FOR UPDATE", id);
  }, [&](PgConnection& c) {
    Dependents d;
    d.documents = CountOf(c, "SELECT COUNT(*) FROM documents WHERE agenda_item_id = $1", id);
    d.polls = CountOf(c, "SELECT COUNT(*) FROM polls WHERE agenda_item_id = $1", id);
    d.speech_requests = CountOf(c, "SELECT COUNT(*) FROM speech_requests WHERE agenda_item_id = $1", id);
    return d;
  }, [&](PgConnection& c) {
    if (move_to) {
      std::optional<int64_t> to = *move_to ? move_to : std::nullopt;
      c.Q("UPDATE documents SET agenda_item_id = $1 WHERE agenda_item_id = $2", to, id);
    }
    c.Q("DELETE FROM agenda_items WHERE id = $1", id);
  });
}

Result<Dependents> PgCongressRepository::DeleteDelegation(int64_t id, std::optional<int64_t> move_to,
                                                          const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](PgConnection& c) {
    c.Q("SELECT 1 FROM delegations WHERE id = $1 FOR UPDATE", id);
  }, [&](PgConnection& c) {
    Dependents d;
    d.delegates = CountOf(c, "SELECT COUNT(*) FROM delegates WHERE delegation_id = $1", id);
    return d;
  }, [&](PgConnection& c) {
    if (move_to) {
      std::optional<int64_t> to = *move_to ? move_to : std::nullopt;
      c.Q("UPDATE delegates SET delegation_id = $1 WHERE delegation_id = $2", to, id);
    }
    c.Q("DELETE FROM delegations WHERE id = $1", id);
  });
}

Result<Dependents> PgCongressRepository::DeleteDelegate(int64_t id, const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](PgConnection& c) { LockDelegate(c, id); }, [&](PgConnection& c) {
    Dependents d;
    d.checkins = CountOf(c, "SELECT COUNT(*) FROM attendance WHERE delegate_id = $1", id);
    d.face_enrolments =
        CountOf(c, "SELECT (COUNT(*) > 0)::int FROM face_embeddings WHERE delegate_id = $1", id);
    d.badge_tokens = CountOf(c,
        "SELECT COUNT(*) FROM delegate_tokens WHERE delegate_id = $1 AND revoked_at IS NULL", id);
    d.speech_requests = CountOf(c, "SELECT COUNT(*) FROM speech_requests WHERE delegate_id = $1", id);
    d.voting_records = CountOf(c, "SELECT COUNT(*) FROM poll_voters WHERE delegate_id = $1", id) +
                       CountOf(c, "SELECT COUNT(*) FROM election_tellers WHERE delegate_id = $1", id) +
                       CountOf(c, "SELECT COUNT(*) FROM poll_signoffs WHERE delegate_id = $1", id);
    return d;
  }, [&](PgConnection& c) {
    c.Q("DELETE FROM delegates WHERE id = $1", id);
  });
}

Result<Dependents> PgCongressRepository::DeleteCongress(int64_t id, const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](PgConnection& c) {
    c.Q("SELECT 1 FROM congresses WHERE id = $1 FOR UPDATE", id);
  }, [&](PgConnection& c) {
    Dependents d;
    d.documents = CountOf(c, "SELECT COUNT(*) FROM documents WHERE congress_id = $1", id);
    d.checkins = CountOf(c, "SELECT COUNT(*) FROM attendance WHERE congress_id = $1", id);
    d.face_enrolments = CountOf(c,
        "SELECT COUNT(DISTINCT delegate_id) FROM face_embeddings WHERE congress_id = $1", id);
    d.sessions = CountOf(c, "SELECT COUNT(*) FROM sessions WHERE congress_id = $1", id);
    d.agenda_items = CountOf(c,
        "SELECT COUNT(*) FROM agenda_items WHERE session_id IN "
        "(SELECT id FROM sessions WHERE congress_id = $1)", id);
    d.delegations = CountOf(c, "SELECT COUNT(*) FROM delegations WHERE congress_id = $1", id);
    d.delegates = CountOf(c, "SELECT COUNT(*) FROM delegates WHERE congress_id = $1", id);
    d.polls = CountOf(c, "SELECT COUNT(*) FROM polls WHERE congress_id = $1", id);
    return d;
  }, [&](PgConnection& c) {
    c.Q("DELETE FROM congresses WHERE id = $1", id);
  });
}

Status PgCongressRepository::Reorder(OrderKind kind, int64_t owner_id, const std::vector<int64_t>& ids) {
  const char* table = kind == OrderKind::kSessions      ? "sessions"
                      : kind == OrderKind::kDelegations ? "delegations"
                                                        : "agenda_items";
  const char* owner = kind == OrderKind::kAgendaItems ? "session_id" : "congress_id";
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& c) -> Status {
      std::set<int64_t> have;
      auto r = c.Q(std::string("SELECT id FROM ") + table + " WHERE " + owner + " = $1 FOR UPDATE", owner_id);
      for (int i = 0; i < r.size(); ++i) have.insert(r.Int(i, 0));
      std::set<int64_t> given(ids.begin(), ids.end());
      if (given != have || given.size() != ids.size())
        return Status::InvalidArgument("Danh sách sắp xếp phải gồm đúng mỗi mục một lần");
      for (size_t i = 0; i < ids.size(); ++i)
        c.Q(std::string("UPDATE ") + table + " SET position = $1 WHERE id = $2", static_cast<int64_t>(i + 1),
            ids[i]);
      return Status::Ok();
    });
  });
}

// --- badge tokens -------------------------------------------------------------

Result<std::vector<int64_t>> PgCongressRepository::GrantTokens(const std::vector<TokenGrant>& grants,
                                                               bool revoke_existing, int64_t now) {
  return PgGuard([&]() -> Result<std::vector<int64_t>> {
    return db_.Write([&](PgConnection& c) {
      std::vector<int64_t> granted;
      for (const auto& g : grants) {
        LockDelegate(c, g.delegate_id);
        if (!revoke_existing) {
          bool has = c.Q("SELECT COUNT(*) FROM delegate_tokens WHERE delegate_id = $1 AND revoked_at IS NULL",
                         g.delegate_id).Int(0, 0) > 0;
          if (has) continue;
        } else {
          c.Q("UPDATE delegate_tokens SET revoked_at = $1 WHERE delegate_id = $2 AND revoked_at IS NULL", now,
              g.delegate_id);
        }
        c.Q("INSERT INTO delegate_tokens(delegate_id, token_hash, created_at, sealed) VALUES ($1,$2,$3,$4)",
            g.delegate_id, g.token_hash, now, g.sealed);
        granted.push_back(g.delegate_id);
      }
      return granted;
    });
  });
}

Result<std::map<int64_t, std::string>> PgCongressRepository::LiveSealedTokens(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::map<int64_t, std::string>> {
    return db_.Read([&](PgConnection& c) {
      std::map<int64_t, std::string> out;
      auto r = c.Q("SELECT t.delegate_id, t.sealed FROM delegate_tokens t JOIN delegates d ON d.id = t.delegate_id "
                   "WHERE d.congress_id = $1 AND t.revoked_at IS NULL ORDER BY t.id",
                   congress_id);
      for (int i = 0; i < r.size(); ++i) out[r.Int(i, 0)] = r.Text(i, 1);
      return out;
    });
  });
}

}  // namespace phonghop::storage::pg
