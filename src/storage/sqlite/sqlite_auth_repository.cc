#include "storage/sqlite/sqlite_auth_repository.h"

#include "storage/rows/scope_rows.h"

namespace phonghop::storage {

using auth::Principal;
using auth::User;

Result<int64_t> SqliteAuthRepository::CreateUser(const User& u, int64_t now) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) {
      c.Prepare("INSERT INTO users(name, role, password_hash, created_at, scoped) VALUES (?,?,?,?,?)")
          .Bind(1, u.name).Bind(2, congress::ToString(u.role)).Bind(3, u.password_hash).Bind(4, now)
          .Bind(5, u.scope.all ? 0 : 1).Exec();
      const int64_t id = c.LastInsertId();
      if (!u.scope.all)
        for (int64_t congress : u.scope.congress_ids)
          c.Prepare("INSERT INTO user_congresses(user_id, congress_id) VALUES (?,?)").Bind(1, id).Bind(2, congress).Exec();
      return id;
    });
  }, "tên đăng nhập \"" + u.name + "\" đã có");
}

Result<User> SqliteAuthRepository::FindUser(const std::string& name) {
  return Guard([&]() -> Result<User> {
    return db_.Read([&](Connection& c) -> Result<User> {
      auto s = c.Prepare("SELECT id, name, role, password_hash, disabled FROM users WHERE name = ?");
      s.Bind(1, name);
      if (!s.Step()) return Status::NotFound("không có người dùng");
      User u;
      u.id = s.Int(0);
      u.name = s.Text(1);
      u.role = congress::ParseRole(s.Text(2)).value_or(congress::Role::kDelegate);
      u.password_hash = s.Text(3);
      u.disabled = s.Int(4) != 0;
      return u;
    });
  });
}

Result<int64_t> SqliteAuthRepository::CreateSession(int64_t user_id, int64_t delegate_id,
                                                    const std::string& token_hash, const std::string& csrf,
                                                    int64_t now, int64_t expires) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) {
      // Old expired sessions go as new ones arrive.
      c.Prepare("DELETE FROM auth_sessions WHERE expires_at < ?").Bind(1, now - 86400).Exec();
      c.Prepare("INSERT INTO auth_sessions(user_id, delegate_id, token_hash, csrf, created_at, expires_at) VALUES (?,?,?,?,?,?)")
          .Bind(1, user_id ? std::optional<int64_t>(user_id) : std::nullopt)
          .Bind(2, delegate_id ? std::optional<int64_t>(delegate_id) : std::nullopt)
          .Bind(3, token_hash).Bind(4, csrf).Bind(5, now).Bind(6, expires).Exec();
      return c.LastInsertId();
    });
  });
}

Result<Principal> SqliteAuthRepository::FindSession(const std::string& token_hash, int64_t now) {
  return Guard([&]() -> Result<Principal> {
    return db_.Read([&](Connection& c) -> Result<Principal> {
      auto s = c.Prepare(
          "SELECT s.id, COALESCE(s.user_id, 0), COALESCE(s.delegate_id, 0), s.csrf, "
          "COALESCE(u.name, d.full_name), COALESCE(u.role, 'delegate'), COALESCE(d.congress_id, 0), "
          "COALESCE(u.disabled, 0) FROM auth_sessions s LEFT JOIN users u ON u.id = s.user_id "
          "LEFT JOIN delegates d ON d.id = s.delegate_id "
          "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? "
          // A badge session ends when the delegate's badge token is revoked
          // (lost badge, reprint): no token of theirs revoked since it began.
          "AND (s.delegate_id IS NULL OR NOT EXISTS (SELECT 1 FROM delegate_tokens t "
          "WHERE t.delegate_id = s.delegate_id AND t.revoked_at IS NOT NULL "
          "AND t.revoked_at >= s.created_at))");
      s.Bind(1, token_hash).Bind(2, now);
      if (!s.Step() || s.Int(7) != 0) return Status::NotFound("không có phiên");
      Principal p;
      p.session_id = s.Int(0);
      p.user_id = s.Int(1);
      p.delegate_id = s.Int(2);
      p.csrf = s.Text(3);
      p.name = s.Text(4);
      p.role = congress::ParseRole(s.Text(5)).value_or(congress::Role::kDelegate);
      p.congress_id = s.Int(6);
      return p;
    });
  });
}

Status SqliteAuthRepository::RevokeSession(int64_t id, int64_t now) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare("UPDATE auth_sessions SET revoked_at = ? WHERE id = ?").Bind(1, now).Bind(2, id).Exec();
    });
    return Status::Ok();
  });
}

Status SqliteAuthRepository::RevokeAllSessions(int64_t user_id, int64_t now) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare("UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL")
          .Bind(1, now).Bind(2, user_id).Exec();
    });
    return Status::Ok();
  });
}

Status SqliteAuthRepository::RevokeDelegateSessions(int64_t delegate_id, int64_t now) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& c) {
      c.Prepare("UPDATE auth_sessions SET revoked_at = ? WHERE delegate_id = ? AND revoked_at IS NULL")
          .Bind(1, now).Bind(2, delegate_id).Exec();
    });
    return Status::Ok();
  });
}

Result<std::vector<User>> SqliteAuthRepository::ListUsers() {
  return Guard([&]() -> Result<std::vector<User>> {
    return db_.Read([&](Connection& c) {
      std::vector<User> out;
      std::map<int64_t, bool> scoped;
      auto s = c.Prepare("SELECT id, name, role, disabled, scoped FROM users ORDER BY name");
      while (s.Step()) {
        User u;
        u.id = s.Int(0);
        u.name = s.Text(1);
        u.role = congress::ParseRole(s.Text(2)).value_or(congress::Role::kDelegate);
        u.disabled = s.Int(3) != 0;
        scoped[u.id] = s.Int(4) != 0;
        out.push_back(std::move(u));
      }
      std::vector<std::pair<int64_t, int64_t>> pairs;
      auto p = c.Prepare("SELECT user_id, congress_id FROM user_congresses ORDER BY user_id, congress_id");
      while (p.Step()) pairs.emplace_back(p.Int(0), p.Int(1));
      rows::AssignScopes(out, scoped, pairs);
      return out;
    });
  });
}

Result<auth::CongressScope> SqliteAuthRepository::GetScope(int64_t user_id) {
  return Guard([&]() -> Result<auth::CongressScope> {
    return db_.Read([&](Connection& c) -> Result<auth::CongressScope> {
      auto s = c.Prepare("SELECT scoped FROM users WHERE id = ?");
      s.Bind(1, user_id);
      if (!s.Step()) return Status::NotFound("không có người dùng");
      if (s.Int(0) == 0) return auth::CongressScope::All();
      std::vector<int64_t> ids;
      auto l = c.Prepare("SELECT congress_id FROM user_congresses WHERE user_id = ?");
      l.Bind(1, user_id);
      while (l.Step()) ids.push_back(l.Int(0));
      return rows::ScopeOf(true, std::move(ids));
    });
  });
}

Status SqliteAuthRepository::SetScope(const std::string& name, const auth::CongressScope& scope) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      int64_t id = 0;
      {
        auto s = c.Prepare("SELECT id FROM users WHERE name = ?");
        s.Bind(1, name);
        if (!s.Step()) return Status::NotFound("không có người dùng " + name);
        id = s.Int(0);
      }
      c.Prepare("UPDATE users SET scoped = ? WHERE id = ?").Bind(1, scope.all ? 0 : 1).Bind(2, id).Exec();
      c.Prepare("DELETE FROM user_congresses WHERE user_id = ?").Bind(1, id).Exec();
      if (!scope.all)
        for (int64_t congress : scope.congress_ids)
          c.Prepare("INSERT INTO user_congresses(user_id, congress_id) VALUES (?,?)").Bind(1, id).Bind(2, congress).Exec();
      return Status::Ok();
    });
  });
}

Status SqliteAuthRepository::SetDisabled(const std::string& name, bool disabled, int64_t now) {
  return Guard([&]() -> Status {
    return db_.Write([&](Connection& c) -> Status {
      c.Prepare("UPDATE users SET disabled = ? WHERE name = ?").Bind(1, disabled ? 1 : 0).Bind(2, name).Exec();
      if (c.Changes() == 0) return Status::NotFound("không có người dùng " + name);
      if (disabled)
        c.Prepare("UPDATE auth_sessions SET revoked_at = ? WHERE revoked_at IS NULL AND user_id = "
                  "(SELECT id FROM users WHERE name = ?)").Bind(1, now).Bind(2, name).Exec();
      return Status::Ok();
    });
  });
}

}  // namespace phonghop::storage

namespace phonghop::storage {

namespace {
constexpr char kScreenColumns[] =
    "id, congress_id, label, created_by, created_at, expires_at, COALESCE(revoked_at, 0) FROM screen_tokens ";

auth::ScreenToken ScreenRow(Stmt& s) {
  auth::ScreenToken t;
  t.id = s.Int(0);
  t.congress_id = s.Int(1);
  t.label = s.Text(2);
  t.created_by = s.Text(3);
  t.created_at = s.Int(4);
  t.expires_at = s.Int(5);
  t.revoked_at = s.Int(6);
  return t;
}
}  // namespace

Result<int64_t> SqliteAuthRepository::CreateScreen(const auth::ScreenToken& t, const std::string& token_hash) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& c) {
      c.Prepare("INSERT INTO screen_tokens(congress_id, label, token_hash, created_by, created_at, expires_at) "
                "VALUES (?,?,?,?,?,?)")
          .Bind(1, t.congress_id).Bind(2, t.label).Bind(3, token_hash).Bind(4, t.created_by)
          .Bind(5, t.created_at).Bind(6, t.expires_at).Exec();
      return c.LastInsertId();
    });
  });
}

Result<auth::ScreenToken> SqliteAuthRepository::FindScreen(const std::string& token_hash, int64_t now) {
  return Guard([&]() -> Result<auth::ScreenToken> {
    return db_.Read([&](Connection& c) -> Result<auth::ScreenToken> {
      auto s = c.Prepare(std::string("SELECT ") + kScreenColumns +
                         "WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?");
      s.Bind(1, token_hash).Bind(2, now);
      if (!s.Step()) return Status::NotFound("không có màn hình");
      return ScreenRow(s);
    });
  });
}

Result<std::vector<auth::ScreenToken>> SqliteAuthRepository::ListScreens(int64_t congress_id) {
  return Guard([&]() -> Result<std::vector<auth::ScreenToken>> {
    return db_.Read([&](Connection& c) {
      std::vector<auth::ScreenToken> out;
      auto s = c.Prepare(std::string("SELECT ") + kScreenColumns + "WHERE congress_id = ? ORDER BY id DESC");
      s.Bind(1, congress_id);
      while (s.Step()) out.push_back(ScreenRow(s));
      return out;
    });
  });
}

Result<auth::ScreenToken> SqliteAuthRepository::RevokeScreen(int64_t congress_id, int64_t id, int64_t now) {
  return Guard([&]() -> Result<auth::ScreenToken> {
    return db_.Write([&](Connection& c) -> Result<auth::ScreenToken> {
      c.Prepare("UPDATE screen_tokens SET revoked_at = ? WHERE id = ? AND congress_id = ? AND revoked_at IS NULL")
          .Bind(1, now).Bind(2, id).Bind(3, congress_id).Exec();
      auto s = c.Prepare(std::string("SELECT ") + kScreenColumns + "WHERE id = ? AND congress_id = ?");
      s.Bind(1, id).Bind(2, congress_id);
      if (!s.Step()) return Status::NotFound("Không có màn hình này");
      return ScreenRow(s);
    });
  });
}

}  // namespace phonghop::storage
