#include "storage/postgres/pg_auth_repository.h"

#include "storage/rows/scope_rows.h"

namespace phonghop::storage::pg {

using auth::Principal;
using auth::User;

namespace {
std::optional<int64_t> NonZero(int64_t v) { return v ? std::optional<int64_t>(v) : std::nullopt; }
}  // namespace

Result<int64_t> PgAuthRepository::CreateUser(const User& u, int64_t now) {
  return PgGuard([&]() -> Result<int64_t> {
    // The account and its congress scope (decision 418) in one transaction.
    return db_.Write([&](PgConnection& c) {
      const int64_t id =
          c.Q("INSERT INTO users(name, role, password_hash, created_at, scoped) VALUES ($1,$2,$3,$4,$5) RETURNING id",
              u.name, congress::ToString(u.role), u.password_hash, now, int64_t{u.scope.all ? 0 : 1}).Int(0, 0);
      if (!u.scope.all)
        for (int64_t congress : u.scope.congress_ids)
          c.Q("INSERT INTO user_congresses(user_id, congress_id) VALUES ($1,$2)", id, congress);
      return id;
    });
  }, "tên đăng nhập \"" + u.name + "\" đã có");
}

Result<User> PgAuthRepository::FindUser(const std::string& name) {
  return PgGuard([&]() -> Result<User> {
    return db_.Read([&](PgConnection& c) -> Result<User> {
      auto r = c.Q("SELECT id, name, role, password_hash, disabled FROM users WHERE name = $1", name);
      if (r.empty()) return Status::NotFound("không có người dùng");
      User u;
      u.id = r.Int(0, 0);
      u.name = r.Text(0, 1);
      u.role = congress::ParseRole(r.Text(0, 2)).value_or(congress::Role::kDelegate);
      u.password_hash = r.Text(0, 3);
      u.disabled = r.Int(0, 4) != 0;
      return u;
    });
  });
}

Result<int64_t> PgAuthRepository::CreateSession(int64_t user_id, int64_t delegate_id,
                                                const std::string& token_hash, const std::string& csrf,
                                                int64_t now, int64_t expires) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& c) {
      // Old expired sessions go as new ones arrive.
      c.Q("DELETE FROM auth_sessions WHERE expires_at < $1", now - 86400);
      return c.Q("INSERT INTO auth_sessions(user_id, delegate_id, token_hash, csrf, created_at, expires_at) "
                 "VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
                 NonZero(user_id), NonZero(delegate_id), token_hash, csrf, now, expires).Int(0, 0);
    });
  });
}

Result<Principal> PgAuthRepository::FindSession(const std::string& token_hash, int64_t now) {
  return PgGuard([&]() -> Result<Principal> {
    return db_.Read([&](PgConnection& c) -> Result<Principal> {
      auto r = c.Q(
          "SELECT s.id, COALESCE(s.user_id, 0), COALESCE(s.delegate_id, 0), s.csrf, "
          "COALESCE(u.name, d.full_name), COALESCE(u.role, 'delegate'), COALESCE(d.congress_id, 0), "
          "COALESCE(u.disabled, 0) FROM auth_sessions s LEFT JOIN users u ON u.id = s.user_id "
          "LEFT JOIN delegates d ON d.id = s.delegate_id "
          "WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 "
          // A badge session ends when the delegate's badge token is revoked.
          "AND (s.delegate_id IS NULL OR NOT EXISTS (SELECT 1 FROM delegate_tokens t "
          "WHERE t.delegate_id = s.delegate_id AND t.revoked_at IS NOT NULL "
          "AND t.revoked_at >= s.created_at))",
          token_hash, now);
      if (r.empty() || r.Int(0, 7) != 0) return Status::NotFound("không có phiên");
      Principal p;
      p.session_id = r.Int(0, 0);
      p.user_id = r.Int(0, 1);
      p.delegate_id = r.Int(0, 2);
      p.csrf = r.Text(0, 3);
      p.name = r.Text(0, 4);
      p.role = congress::ParseRole(r.Text(0, 5)).value_or(congress::Role::kDelegate);
      p.congress_id = r.Int(0, 6);
      return p;
    });
  });
}

Status PgAuthRepository::RevokeSession(int64_t id, int64_t now) {
  return PgGuard([&]() -> Status {
    db_.Read([&](PgConnection& c) {
      c.Q("UPDATE auth_sessions SET revoked_at = $1 WHERE id = $2", now, id);
    });
    return Status::Ok();
  });
}

Status PgAuthRepository::RevokeAllSessions(int64_t user_id, int64_t now) {
  return PgGuard([&]() -> Status {
    db_.Read([&](PgConnection& c) {
      c.Q("UPDATE auth_sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL", now, user_id);
    });
    return Status::Ok();
  });
}

Status PgAuthRepository::RevokeDelegateSessions(int64_t delegate_id, int64_t now) {
  return PgGuard([&]() -> Status {
    db_.Read([&](PgConnection& c) {
      c.Q("UPDATE auth_sessions SET revoked_at = $1 WHERE delegate_id = $2 AND revoked_at IS NULL",
          now, delegate_id);
    });
    return Status::Ok();
  });
}

Result<std::vector<User>> PgAuthRepository::ListUsers() {
  return PgGuard([&]() -> Result<std::vector<User>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<User> out;
      // COLLATE "C": byte order, as SQLite's ORDER BY name.
      std::map<int64_t, bool> scoped;
      auto r = c.Q("SELECT id, name, role, disabled, scoped FROM users ORDER BY name COLLATE \"C\"");
      for (int i = 0; i < r.size(); ++i) {
        User u;
        u.id = r.Int(i, 0);
        u.name = r.Text(i, 1);
        u.role = congress::ParseRole(r.Text(i, 2)).value_or(congress::Role::kDelegate);
        u.disabled = r.Int(i, 3) != 0;
        scoped[u.id] = r.Int(i, 4) != 0;
        out.push_back(std::move(u));
      }
      std::vector<std::pair<int64_t, int64_t>> pairs;
      auto p = c.Q("SELECT user_id, congress_id FROM user_congresses ORDER BY user_id, congress_id");
      for (int i = 0; i < p.size(); ++i) pairs.emplace_back(p.Int(i, 0), p.Int(i, 1));
      rows::AssignScopes(out, scoped, pairs);
      return out;
    });
  });
}

Result<auth::CongressScope> PgAuthRepository::GetScope(int64_t user_id) {
  return PgGuard([&]() -> Result<auth::CongressScope> {
    return db_.Read([&](PgConnection& c) -> Result<auth::CongressScope> {
      // One round trip: the flag, and the ids when there are any.
      auto r = c.Q("SELECT u.scoped, uc.congress_id FROM users u "
                   "LEFT JOIN user_congresses uc ON uc.user_id = u.id WHERE u.id = $1", user_id);
      if (r.empty()) return Status::NotFound("không có người dùng");
      if (r.Int(0, 0) == 0) return auth::CongressScope::All();
      std::vector<int64_t> ids;
      for (int i = 0; i < r.size(); ++i)
        if (!r.IsNull(i, 1)) ids.push_back(r.Int(i, 1));
      return rows::ScopeOf(true, std::move(ids));
    });
  });
}

Status PgAuthRepository::SetScope(const std::string& name, const auth::CongressScope& scope) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& c) -> Status {
      auto r = c.Q("UPDATE users SET scoped = $1 WHERE name = $2 RETURNING id", int64_t{scope.all ? 0 : 1}, name);
      if (r.empty()) return Status::NotFound("không có người dùng " + name);
      const int64_t id = r.Int(0, 0);
      c.Q("DELETE FROM user_congresses WHERE user_id = $1", id);
      if (!scope.all)
        for (int64_t congress : scope.congress_ids)
          c.Q("INSERT INTO user_congresses(user_id, congress_id) VALUES ($1,$2)", id, congress);
      return Status::Ok();
    });
  });
}

Status PgAuthRepository::SetDisabled(const std::string& name, bool disabled, int64_t now) {
  return PgGuard([&]() -> Status {
    return db_.Write([&](PgConnection& c) -> Status {
      auto r = c.Q("UPDATE users SET disabled = $1 WHERE name = $2", disabled ? 1 : 0, name);
      if (r.Affected() == 0) return Status::NotFound("không có người dùng " + name);
      if (disabled)
        c.Q("UPDATE auth_sessions SET revoked_at = $1 WHERE revoked_at IS NULL AND user_id = "
            "(SELECT id FROM users WHERE name = $2)", now, name);
      return Status::Ok();
    });
  });
}

}  // namespace phonghop::storage::pg

namespace phonghop::storage::pg {

namespace {
constexpr char kScreenColumns[] =
    "id, congress_id, label, created_by, created_at, expires_at, COALESCE(revoked_at, 0) FROM screen_tokens ";

auth::ScreenToken ScreenRow(const Rows& r, int i) {
  auth::ScreenToken t;
  t.id = r.Int(i, 0);
  t.congress_id = r.Int(i, 1);
  t.label = r.Text(i, 2);
  t.created_by = r.Text(i, 3);
  t.created_at = r.Int(i, 4);
  t.expires_at = r.Int(i, 5);
  t.revoked_at = r.Int(i, 6);
  return t;
}
}  // namespace

Result<int64_t> PgAuthRepository::CreateScreen(const auth::ScreenToken& t, const std::string& token_hash) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& c) {
      return c.Q("INSERT INTO screen_tokens(congress_id, label, token_hash, created_by, created_at, expires_at) "
                 "VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
                 t.congress_id, t.label, token_hash, t.created_by, t.created_at, t.expires_at).Int(0, 0);
    });
  });
}

Result<auth::ScreenToken> PgAuthRepository::FindScreen(const std::string& token_hash, int64_t now) {
  return PgGuard([&]() -> Result<auth::ScreenToken> {
    return db_.Read([&](PgConnection& c) -> Result<auth::ScreenToken> {
      auto r = c.Q(std::string("SELECT ") + kScreenColumns +
                       "WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
                   token_hash, now);
      if (r.empty()) return Status::NotFound("không có màn hình");
      return ScreenRow(r, 0);
    });
  });
}

Result<std::vector<auth::ScreenToken>> PgAuthRepository::ListScreens(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::vector<auth::ScreenToken>> {
    return db_.Read([&](PgConnection& c) {
      std::vector<auth::ScreenToken> out;
      auto r = c.Q(std::string("SELECT ") + kScreenColumns + "WHERE congress_id = $1 ORDER BY id DESC", congress_id);
      for (int i = 0; i < r.size(); ++i) out.push_back(ScreenRow(r, i));
      return out;
    });
  });
}

Result<auth::ScreenToken> PgAuthRepository::RevokeScreen(int64_t congress_id, int64_t id, int64_t now) {
  return PgGuard([&]() -> Result<auth::ScreenToken> {
    return db_.Write([&](PgConnection& c) -> Result<auth::ScreenToken> {
      c.Q("UPDATE screen_tokens SET revoked_at = $1 WHERE id = $2 AND congress_id = $3 AND revoked_at IS NULL",
          now, id, congress_id);
      auto r = c.Q(std::string("SELECT ") + kScreenColumns + "WHERE id = $1 AND congress_id = $2", id, congress_id);
      if (r.empty()) return Status::NotFound("Không có màn hình này");
      return ScreenRow(r, 0);
    });
  });
}

}  // namespace phonghop::storage::pg
