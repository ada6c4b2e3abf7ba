#include "storage/sqlite/sqlite_congress_repository.h"

#include <set>
#include <unordered_map>

#include "storage/rows/congress_rows.h"

namespace phonghop::storage {

using namespace phonghop::congress;

// The programme is shown by date and time everywhere: sessions by date and
// start time (undated ones last, then by their position), agenda items by
// time within their session (untimed items after the timed ones, by
// position).
#define PH_SESSION_ORDER(p) \
  p "date = '', " p "date, " p "starts_at = '', " p "starts_at, " p "position, " p "id"
#define PH_AGENDA_ORDER(p) p "starts_at = '', " p "starts_at, " p "position, " p "id"

namespace {

using rows::kCongressColumns;
using rows::kDelegateSelect;
using rows::ReadCongress;
using rows::ReadDelegate;

std::optional<int64_t> OrganizationId(Connection& conn, const std::string& name) {
  if (name.empty()) return std::nullopt;
  conn.Prepare("INSERT OR IGNORE INTO organizations(name) VALUES (?)").Bind(1, name).Exec();
  auto s = conn.Prepare("SELECT id FROM organizations WHERE name = ?");
  s.Bind(1, name);
  s.Step();
  return s.Int(0);
}

int64_t InsertCongress(Connection& conn, const Congress& c) {
  auto org = OrganizationId(conn, c.organization);
  conn.Prepare(
          "INSERT INTO congresses(slug, organization_id, name, ordinal, term, "
          "start_date, end_date, venue, status, quorum_num, quorum_den, "
          "created_at, print_extra_copies, cost_per_page_vnd) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .Bind(1, c.slug).Bind(2, org).Bind(3, c.name).Bind(4, c.ordinal)
      .Bind(5, c.term).Bind(6, c.start_date).Bind(7, c.end_date).Bind(8, c.venue)
      .Bind(9, ToString(c.status)).Bind(10, c.quorum_numerator)
      .Bind(11, c.quorum_denominator).Bind(12, c.created_at)
      .Bind(13, c.print_extra_copies).Bind(14, c.cost_per_page_vnd)
      .Exec();
  return conn.LastInsertId();
}

int NextPosition(Connection& conn, const char* table, const char* owner_col,
                 int64_t owner) {
  auto s = conn.Prepare(std::string("SELECT COALESCE(MAX(position), 0) + 1 FROM ") +
                        table + " WHERE " + owner_col + " = ?");
  s.Bind(1, owner);
  s.Step();
  return static_cast<int>(s.Int(0));
}

int64_t InsertSession(Connection& conn, const Session& s) {
  int pos = s.position > 0 ? s.position : NextPosition(conn, "sessions", "congress_id", s.congress_id);
  conn.Prepare("INSERT INTO sessions(congress_id, position, name, date, starts_at, ends_at) VALUES (?,?,?,?,?,?)")
      .Bind(1, s.congress_id).Bind(2, pos).Bind(3, s.name).Bind(4, s.date)
      .Bind(5, s.starts_at).Bind(6, s.ends_at).Exec();
  return conn.LastInsertId();
}

int64_t InsertAgenda(Connection& conn, const AgendaItem& a) {
  int pos = a.position > 0 ? a.position : NextPosition(conn, "agenda_items", "session_id", a.session_id);
  conn.Prepare("INSERT INTO agenda_items(session_id, position, starts_at, title, presenter, description) VALUES (?,?,?,?,?,?)")
      .Bind(1, a.session_id).Bind(2, pos).Bind(3, a.starts_at).Bind(4, a.title)
      .Bind(5, a.presenter).Bind(6, a.description).Exec();
  return conn.LastInsertId();
}

int64_t InsertDelegation(Connection& conn, int64_t congress_id, int position,
                         const std::string& name) {
  int pos = position > 0 ? position : NextPosition(conn, "delegations", "congress_id", congress_id);
  conn.Prepare("INSERT INTO delegations(congress_id, position, name) VALUES (?,?,?)")
      .Bind(1, congress_id).Bind(2, pos).Bind(3, name).Exec();
  return conn.LastInsertId();
}

// Binds parameters 1-9 and 12-13 (10 and 11 are left to the caller).
void BindDelegateFields(Stmt& s, const Delegate& d, int64_t delegation_id) {
  s.Bind(1, d.full_name);
  if (delegation_id > 0) s.Bind(2, delegation_id); else s.BindNull(2);
  s.Bind(3, d.position_title).Bind(4, ToString(d.gender)).Bind(5, d.birth_year)
      .Bind(6, d.ethnicity).Bind(7, d.seat).Bind(8, d.phone).Bind(9, ToString(d.kind));
  s.Bind(12, d.birth_date);
  if (d.party_member) s.Bind(13, *d.party_member ? 1 : 0); else s.BindNull(13);
}

}  // namespace

Status SqliteCongressRepository::ReplaceDelegateToken(int64_t delegate_id,
                                                      const std::string& token_hash, int64_t now) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare("UPDATE delegate_tokens SET revoked_at = ? WHERE delegate_id = ? AND revoked_at IS NULL")
          .Bind(1, now).Bind(2, delegate_id).Exec();
      c.Prepare("INSERT INTO delegate_tokens(delegate_id, token_hash, created_at) VALUES (?,?,?)")
          .Bind(1, delegate_id).Bind(2, token_hash).Bind(3, now).Exec();
    });
    return Status::Ok();
  });
}

Result<Delegate> SqliteCongressRepository::FindDelegateByToken(const std::string& token_hash) {
  return Guard([&]() -> Result<Delegate> {
    return db_.Read([&](Connection& c) -> Result<Delegate> {
      auto s = c.Prepare(std::string(kDelegateSelect) +
                         "JOIN delegate_tokens t ON t.delegate_id = d.id "
                         "WHERE t.token_hash = ? AND t.revoked_at IS NULL");
      s.Bind(1, token_hash);
      if (!s.Step()) return Status::NotFound("mã thẻ không hợp lệ hoặc đã bị thu hồi");
      return ReadDelegate(s);
    });
  });
}

Result<std::vector<Congress>> SqliteCongressRepository::ListCongresses() {
  return Guard([&]() -> Result<std::vector<Congress>> {
    return db_.Read([&](Connection& c) {
      std::vector<Congress> out;
      auto s = c.Prepare(std::string("SELECT ") + kCongressColumns +
                         " ORDER BY c.start_date DESC, c.id DESC");
      while (s.Step()) out.push_back(ReadCongress(s));
      return out;
    });
  });
}

Result<Congress> SqliteCongressRepository::GetCongress(std::string_view slug) {
  return Guard([&]() -> Result<Congress> {
    return db_.Read([&](Connection& c) -> Result<Congress> {
      auto s = c.Prepare(std::string("SELECT ") + kCongressColumns + " WHERE c.slug = ?");
      s.Bind(1, slug);
      if (!s.Step()) return Status::NotFound("không có đại hội \"" + std::string(slug) + "\"");
      return ReadCongress(s);
    });
  });
}

Result<Congress> SqliteCongressRepository::GetCongressById(int64_t id) {
  return Guard([&]() -> Result<Congress> {
    return db_.Read([&](Connection& c) -> Result<Congress> {
      auto s = c.Prepare(std::string("SELECT ") + kCongressColumns + " WHERE c.id = ?");
      s.Bind(1, id);
      if (!s.Step()) return Status::NotFound("không có đại hội");
      return ReadCongress(s);
    });
  });
}

Result<int64_t> SqliteCongressRepository::CreateCongress(const Congress& c) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& conn) { return InsertCongress(conn, c); });
  }, "đại hội với slug \"" + c.slug + "\" đã tồn tại");
}

Status SqliteCongressRepository::UpdateCongress(const Congress& c) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& conn) {
      auto org = OrganizationId(conn, c.organization);
      conn.Prepare(
              "UPDATE congresses SET organization_id=?, name=?, ordinal=?, term=?, "
              "start_date=?, end_date=?, venue=?, status=?, quorum_num=?, "
              "quorum_den=?, print_extra_copies=?, cost_per_page_vnd=? WHERE id=?")
          .Bind(1, org).Bind(2, c.name).Bind(3, c.ordinal).Bind(4, c.term)
          .Bind(5, c.start_date).Bind(6, c.end_date).Bind(7, c.venue)
          .Bind(8, ToString(c.status)).Bind(9, c.quorum_numerator)
          .Bind(10, c.quorum_denominator).Bind(11, c.print_extra_copies)
          .Bind(12, c.cost_per_page_vnd).Bind(13, c.id).Exec();
    });
    return Status::Ok();
  });
}

Result<int64_t> SqliteCongressRepository::CreateBundle(const CongressBundle& b) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& conn) {
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
      auto ins = conn.Prepare(
          "INSERT INTO delegates(full_name, delegation_id, position_title, gender, "
          "birth_year, ethnicity, seat, phone, kind, congress_id, badge, birth_date, party_member) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?12,?13)");
      for (const auto& d : b.delegates) {
        BindDelegateFields(ins, d, d.delegation_id ? delegation_ids.at(d.delegation_id) : 0);
        ins.Bind(10, cid).Bind(11, d.badge);
        ins.Exec();
        ins.Reset();
      }
      return cid;
    });
  }, "đại hội với slug \"" + b.congress.slug + "\" đã tồn tại");
}

Result<std::vector<Session>> SqliteCongressRepository::ListSessions(int64_t congress_id) {
  return Guard([&]() -> Result<std::vector<Session>> {
    return db_.Read([&](Connection& c) {
      std::vector<Session> out;
      auto s = c.Prepare("SELECT id, congress_id, position, name, date, starts_at, ends_at FROM sessions WHERE congress_id = ? "
          "ORDER BY " PH_SESSION_ORDER(""));
      s.Bind(1, congress_id);
      while (s.Step())
        out.push_back({s.Int(0), s.Int(1), static_cast<int>(s.Int(2)), s.Text(3),
                       s.Text(4), s.Text(5), s.Text(6)});
      return out;
    });
  });
}

Result<int64_t> SqliteCongressRepository::AddSession(const Session& s) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) { return InsertSession(c, s); });
  });
}

Result<std::vector<AgendaItem>> SqliteCongressRepository::ListAgenda(int64_t congress_id) {
  return Guard([&]() -> Result<std::vector<AgendaItem>> {
    return db_.Read([&](Connection& c) {
      std::vector<AgendaItem> out;
      auto s = c.Prepare(
          "SELECT a.id, a.session_id, a.position, a.starts_at, a.title, a.presenter, "
          "a.description FROM agenda_items a JOIN sessions s ON s.id = a.session_id "
          "WHERE s.congress_id = ? ORDER BY " PH_SESSION_ORDER("s.") ", " PH_AGENDA_ORDER("a."));
      s.Bind(1, congress_id);
      while (s.Step())
        out.push_back({s.Int(0), s.Int(1), static_cast<int>(s.Int(2)), s.Text(3),
                       s.Text(4), s.Text(5), s.Text(6)});
      return out;
    });
  });
}

Result<int64_t> SqliteCongressRepository::AddAgendaItem(const AgendaItem& a) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) { return InsertAgenda(c, a); });
  });
}

Result<std::vector<Delegation>> SqliteCongressRepository::ListDelegations(int64_t congress_id) {
  return Guard([&]() -> Result<std::vector<Delegation>> {
    return db_.Read([&](Connection& c) {
      std::vector<Delegation> out;
      auto s = c.Prepare("SELECT id, congress_id, position, name FROM delegations WHERE congress_id = ? ORDER BY position, id");
      s.Bind(1, congress_id);
      while (s.Step())
        out.push_back({s.Int(0), s.Int(1), static_cast<int>(s.Int(2)), s.Text(3)});
      return out;
    });
  });
}

Result<int64_t> SqliteCongressRepository::AddDelegation(const Delegation& d) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) {
      return InsertDelegation(c, d.congress_id, d.position, d.name);
    });
  }, "đoàn \"" + d.name + "\" đã tồn tại");
}

Result<std::vector<Delegate>> SqliteCongressRepository::ListDelegates(int64_t congress_id) {
  return Guard([&]() -> Result<std::vector<Delegate>> {
    return db_.Read([&](Connection& c) {
      std::vector<Delegate> out;
      auto s = c.Prepare(std::string(kDelegateSelect) +
                         "WHERE d.congress_id = ? ORDER BY LENGTH(d.badge), d.badge");
      s.Bind(1, congress_id);
      while (s.Step()) out.push_back(ReadDelegate(s));
      return out;
    });
  });
}

Result<CongressRepository::DelegateCounts> SqliteCongressRepository::CountDelegates(
    int64_t congress_id) {
  return Guard([&]() -> Result<DelegateCounts> {
    return db_.Read([&](Connection& c) {
      DelegateCounts counts;
      auto s = c.Prepare(
          "SELECT COALESCE(delegation_id, 0), COUNT(*), SUM(kind = 'official') "
          "FROM delegates WHERE congress_id = ? GROUP BY 1");
      s.Bind(1, congress_id);
      while (s.Step()) {
        counts.per_delegation[s.Int(0)] = static_cast<int>(s.Int(1));
        counts.total += static_cast<int>(s.Int(1));
        counts.official += static_cast<int>(s.Int(2));
      }
      return counts;
    });
  });
}

Result<CongressRepository::UpsertCounts> SqliteCongressRepository::UpsertDelegates(
    int64_t congress_id, const std::vector<std::string>& new_delegations,
    const std::vector<Delegate>& delegates) {
  return Guard([&]() -> Result<UpsertCounts> {
    return db_.Write([&](Connection& conn) {
      UpsertCounts counts;
      std::unordered_map<std::string, int64_t> by_name;
      for (const auto& name : new_delegations) {
        by_name[name] = InsertDelegation(conn, congress_id, 0, name);
        ++counts.delegations_created;
      }
      auto find = conn.Prepare("SELECT id FROM delegates WHERE congress_id = ? AND badge = ?");
      auto update = conn.Prepare(
          "UPDATE delegates SET full_name=?, delegation_id=?, position_title=?, gender=?, "
          "birth_year=?, ethnicity=?, seat=?, phone=?, kind=?, birth_date=?12, party_member=?13 WHERE id=?10");
      auto insert = conn.Prepare(
          "INSERT INTO delegates(full_name, delegation_id, position_title, gender, "
          "birth_year, ethnicity, seat, phone, kind, congress_id, badge, birth_date, party_member) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?12,?13)");
      for (const auto& d : delegates) {
        int64_t delegation_id = d.delegation_id;
        if (delegation_id == 0 && !d.delegation_name.empty()) {
          auto it = by_name.find(d.delegation_name);
          if (it != by_name.end()) delegation_id = it->second;
        }
        find.Bind(1, congress_id).Bind(2, d.badge);
        if (find.Step()) {
          int64_t id = find.Int(0);
          BindDelegateFields(update, d, delegation_id);
          update.Bind(10, id);
          update.Exec();
          update.Reset();
          ++counts.updated;
        } else {
          BindDelegateFields(insert, d, delegation_id);
          insert.Bind(10, congress_id).Bind(11, d.badge);
          insert.Exec();
          insert.Reset();
          ++counts.inserted;
        }
        find.Reset();
      }
      return counts;
    });
  });
}

// --- edits ----------------------------------------------------------------

namespace {

// Runs `f` in a write transaction and maps "no row changed" to kNotFound.
template <typename F>
Status UpdateOne(SqliteDatabase& db, F&& f, std::string_view conflict, std::string_view missing) {
  return Guard([&]() -> Status {
    int changed = db.Write([&](Connection& c) {
      f(c);
      return c.Changes();
    });
    if (changed == 0) return Status::NotFound(std::string(missing));
    return Status::Ok();
  }, conflict);
}

int CountOf(Connection& c, const std::string& sql, int64_t id) {
  auto s = c.Prepare(sql);
  s.Bind(1, id);
  s.Step();
  return static_cast<int>(s.Int(0));
}

// A write transaction that counts, asks `allow`, and runs `act` only when
// allowed. An error from `allow` is carried out of the transaction (which
// then rolls back nothing, as nothing was written).
template <typename Count, typename Act>
Result<Dependents> GuardedDelete(SqliteDatabase& db, const CongressRepository::AllowFn& allow,
                                 Count&& count, Act&& act) {
  return Guard([&]() -> Result<Dependents> {
    return db.Write([&](Connection& c) -> Result<Dependents> {
      Dependents d = count(c);
      Result<bool> go = allow(d);
      if (!go.ok()) return go.status();
      if (*go) act(c);
      return d;
    });
  });
}

}  // namespace

Status SqliteCongressRepository::UpdateSession(const Session& s) {
  return UpdateOne(db_, [&](Connection& c) {
    c.Prepare("UPDATE sessions SET name=?, date=?, starts_at=?, ends_at=?, position=? WHERE id=?")
        .Bind(1, s.name).Bind(2, s.date).Bind(3, s.starts_at).Bind(4, s.ends_at)
        .Bind(5, s.position).Bind(6, s.id).Exec();
  }, "phiên đã tồn tại", "không có phiên họp này");
}

Status SqliteCongressRepository::UpdateAgendaItem(const AgendaItem& a) {
  return UpdateOne(db_, [&](Connection& c) {
    int pos = a.position > 0 ? a.position : NextPosition(c, "agenda_items", "session_id", a.session_id);
    c.Prepare("UPDATE agenda_items SET session_id=?, position=?, starts_at=?, title=?, presenter=?, "
              "description=? WHERE id=?")
        .Bind(1, a.session_id).Bind(2, pos).Bind(3, a.starts_at).Bind(4, a.title)
        .Bind(5, a.presenter).Bind(6, a.description).Bind(7, a.id).Exec();
  }, "mục đã tồn tại", "không có mục chương trình này");
}

Status SqliteCongressRepository::UpdateDelegation(const Delegation& d) {
  return UpdateOne(db_, [&](Connection& c) {
    c.Prepare("UPDATE delegations SET name=?, position=? WHERE id=?")
        .Bind(1, d.name).Bind(2, d.position).Bind(3, d.id).Exec();
  }, "đoàn \"" + d.name + "\" đã tồn tại", "không có đoàn này");
}

Status SqliteCongressRepository::UpdateDelegate(const Delegate& d) {
  return UpdateOne(db_, [&](Connection& c) {
    auto s = c.Prepare(
        "UPDATE delegates SET full_name=?, delegation_id=?, position_title=?, gender=?, "
        "birth_year=?, ethnicity=?, seat=?, phone=?, kind=?, birth_date=?12, party_member=?13, "
        "badge=?11 WHERE id=?10");
    BindDelegateFields(s, d, d.delegation_id);
    s.Bind(10, d.id).Bind(11, d.badge);
    s.Exec();
  }, "số thẻ " + d.badge + " đã cấp cho đại biểu khác", "không có đại biểu này");
}

Result<Delegate> SqliteCongressRepository::GetDelegate(int64_t id) {
  return Guard([&]() -> Result<Delegate> {
    return db_.Read([&](Connection& c) -> Result<Delegate> {
      auto s = c.Prepare(std::string(kDelegateSelect) + "WHERE d.id = ?");
      s.Bind(1, id);
      if (!s.Step()) return Status::NotFound("không có đại biểu này");
      return ReadDelegate(s);
    });
  });
}

Result<Dependents> SqliteCongressRepository::DeleteSession(int64_t id, std::optional<int64_t> move_to,
                                                           const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](Connection& c) {
    Dependents d;
    d.checkins = CountOf(c, "SELECT COUNT(*) FROM attendance WHERE session_id = ?", id);
    d.agenda_items = CountOf(c, "SELECT COUNT(*) FROM agenda_items WHERE session_id = ?", id);
    d.documents = CountOf(c,
        "SELECT COUNT(*) FROM documents WHERE agenda_item_id IN "
        "(SELECT id FROM agenda_items WHERE session_id = ?)", id);
    d.polls = CountOf(c, "SELECT COUNT(*) FROM polls WHERE session_id = ?", id);
    d.speech_requests = CountOf(c,
        "SELECT COUNT(*) FROM speech_requests WHERE agenda_item_id IN "
        "(SELECT id FROM agenda_items WHERE session_id = ?)", id);
    return d;
  }, [&](Connection& c) {
    if (move_to) {
      int base = NextPosition(c, "agenda_items", "session_id", *move_to);
      c.Prepare("UPDATE agenda_items SET session_id = ?, position = position + ? WHERE session_id = ?")
          .Bind(1, *move_to).Bind(2, base).Bind(3, id).Exec();
    }
    c.Prepare("DELETE FROM sessions WHERE id = ?").Bind(1, id).Exec();
  });
}

Result<Dependents> SqliteCongressRepository::DeleteAgendaItem(int64_t id, std::optional<int64_t> move_to,
                                                              const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](Connection& c) {
    Dependents d;
    d.documents = CountOf(c, "SELECT COUNT(*) FROM documents WHERE agenda_item_id = ?", id);
    d.polls = CountOf(c, "SELECT COUNT(*) FROM polls WHERE agenda_item_id = ?", id);
    d.speech_requests = CountOf(c, "SELECT COUNT(*) FROM speech_requests WHERE agenda_item_id = ?", id);
    return d;
  }, [&](Connection& c) {
    if (move_to) {
      auto s = c.Prepare("UPDATE documents SET agenda_item_id = ? WHERE agenda_item_id = ?");
      if (*move_to) s.Bind(1, *move_to); else s.BindNull(1);
      s.Bind(2, id).Exec();
    }
    c.Prepare("DELETE FROM agenda_items WHERE id = ?").Bind(1, id).Exec();
  });
}

Result<Dependents> SqliteCongressRepository::DeleteDelegation(int64_t id, std::optional<int64_t> move_to,
                                                              const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](Connection& c) {
    Dependents d;
    d.delegates = CountOf(c, "SELECT COUNT(*) FROM delegates WHERE delegation_id = ?", id);
    return d;
  }, [&](Connection& c) {
    if (move_to) {
      auto s = c.Prepare("UPDATE delegates SET delegation_id = ? WHERE delegation_id = ?");
      if (*move_to) s.Bind(1, *move_to); else s.BindNull(1);
      s.Bind(2, id).Exec();
    }
    c.Prepare("DELETE FROM delegations WHERE id = ?").Bind(1, id).Exec();
  });
}

Result<Dependents> SqliteCongressRepository::DeleteDelegate(int64_t id, const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](Connection& c) {
    Dependents d;
    d.checkins = CountOf(c, "SELECT COUNT(*) FROM attendance WHERE delegate_id = ?", id);
    d.face_enrolments = CountOf(c, "SELECT COUNT(*) > 0 FROM face_embeddings WHERE delegate_id = ?", id);
    d.badge_tokens = CountOf(c,
        "SELECT COUNT(*) FROM delegate_tokens WHERE delegate_id = ? AND revoked_at IS NULL", id);
    d.speech_requests = CountOf(c, "SELECT COUNT(*) FROM speech_requests WHERE delegate_id = ?", id);
    d.voting_records = CountOf(c, "SELECT COUNT(*) FROM poll_voters WHERE delegate_id = ?", id) +
                       CountOf(c, "SELECT COUNT(*) FROM election_tellers WHERE delegate_id = ?", id) +
                       CountOf(c, "SELECT COUNT(*) FROM poll_signoffs WHERE delegate_id = ?", id);
    return d;
  }, [&](Connection& c) {
    c.Prepare("DELETE FROM delegates WHERE id = ?").Bind(1, id).Exec();
  });
}

Result<Dependents> SqliteCongressRepository::DeleteCongress(int64_t id, const AllowFn& allow) {
  return GuardedDelete(db_, allow, [&](Connection& c) {
    Dependents d;
    d.documents = CountOf(c, "SELECT COUNT(*) FROM documents WHERE congress_id = ?", id);
    d.checkins = CountOf(c, "SELECT COUNT(*) FROM attendance WHERE congress_id = ?", id);
    d.face_enrolments = CountOf(c,
        "SELECT COUNT(DISTINCT delegate_id) FROM face_embeddings WHERE congress_id = ?", id);
    d.sessions = CountOf(c, "SELECT COUNT(*) FROM sessions WHERE congress_id = ?", id);
    d.agenda_items = CountOf(c,
        "SELECT COUNT(*) FROM agenda_items WHERE session_id IN "
        "(SELECT id FROM sessions WHERE congress_id = ?)", id);
    d.delegations = CountOf(c, "SELECT COUNT(*) FROM delegations WHERE congress_id = ?", id);
    d.delegates = CountOf(c, "SELECT COUNT(*) FROM delegates WHERE congress_id = ?", id);
    d.polls = CountOf(c, "SELECT COUNT(*) FROM polls WHERE congress_id = ?", id);
    return d;
  }, [&](Connection& c) {
    c.Prepare("DELETE FROM congresses WHERE id = ?").Bind(1, id).Exec();
  });
}

Status SqliteCongressRepository::Reorder(OrderKind kind, int64_t owner_id,
                                         const std::vector<int64_t>& ids) {
  const char* table = kind == OrderKind::kSessions      ? "sessions"
                      : kind == OrderKind::kDelegations ? "delegations"
                                                        : "agenda_items";
  const char* owner = kind == OrderKind::kAgendaItems ? "session_id" : "congress_id";
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      std::set<int64_t> have;
      auto s = c.Prepare(std::string("SELECT id FROM ") + table + " WHERE " + owner + " = ?");
      s.Bind(1, owner_id);
      while (s.Step()) have.insert(s.Int(0));
      std::set<int64_t> given(ids.begin(), ids.end());
      if (given != have || given.size() != ids.size())
        return Status::InvalidArgument("Danh sách sắp xếp phải gồm đúng mỗi mục một lần");
      auto u = c.Prepare(std::string("UPDATE ") + table + " SET position = ? WHERE id = ?");
      for (size_t i = 0; i < ids.size(); ++i) {
        u.Bind(1, static_cast<int64_t>(i + 1)).Bind(2, ids[i]);
        u.Exec();
        u.Reset();
      }
      return Status::Ok();
    });
  });
}

// --- badge tokens -------------------------------------------------------------

Result<std::vector<int64_t>> SqliteCongressRepository::GrantTokens(
    const std::vector<TokenGrant>& grants, bool revoke_existing, int64_t now) {
  return Guard([&]() -> Result<std::vector<int64_t>> {
    return db_.Write([&](Connection& c) {
      std::vector<int64_t> granted;
      auto live = c.Prepare("SELECT COUNT(*) FROM delegate_tokens WHERE delegate_id = ? AND revoked_at IS NULL");
      auto revoke = c.Prepare("UPDATE delegate_tokens SET revoked_at = ? WHERE delegate_id = ? AND revoked_at IS NULL");
      auto insert = c.Prepare("INSERT INTO delegate_tokens(delegate_id, token_hash, created_at, sealed) VALUES (?,?,?,?)");
      for (const auto& g : grants) {
        if (!revoke_existing) {
          live.Bind(1, g.delegate_id);
          live.Step();
          bool has = live.Int(0) > 0;
          live.Reset();
          if (has) continue;
        } else {
          revoke.Bind(1, now).Bind(2, g.delegate_id);
          revoke.Exec();
          revoke.Reset();
        }
        insert.Bind(1, g.delegate_id).Bind(2, g.token_hash).Bind(3, now).Bind(4, g.sealed);
        insert.Exec();
        insert.Reset();
        granted.push_back(g.delegate_id);
      }
      return granted;
    });
  });
}

Result<std::map<int64_t, std::string>> SqliteCongressRepository::LiveSealedTokens(int64_t congress_id) {
  return Guard([&]() -> Result<std::map<int64_t, std::string>> {
    return db_.Read([&](Connection& c) {
      std::map<int64_t, std::string> out;
      // The newest live token per delegate (there is at most one unless an
      // older database issued several).
      auto s = c.Prepare(
          "SELECT t.delegate_id, t.sealed FROM delegate_tokens t JOIN delegates d ON d.id = t.delegate_id "
          "WHERE d.congress_id = ? AND t.revoked_at IS NULL ORDER BY t.id");
      s.Bind(1, congress_id);
      while (s.Step()) out[s.Int(0)] = s.Text(1);
      return out;
    });
  });
}

}  // namespace phonghop::storage
