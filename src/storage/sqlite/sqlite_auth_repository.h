// SQLite implementation of auth::AuthRepository.
#pragma once

#include "auth/auth.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {

class SqliteAuthRepository final : public auth::AuthRepository {
 public:
  explicit SqliteAuthRepository(SqliteDatabase& db) : db_(db) {}
  Result<int64_t> CreateUser(const auth::User& u, int64_t now) override;
  Result<auth::User> FindUser(const std::string& name) override;
  Result<int64_t> CreateSession(int64_t user_id, int64_t delegate_id, const std::string& token_hash,
                                const std::string& csrf, int64_t now, int64_t expires) override;
  Result<auth::Principal> FindSession(const std::string& token_hash, int64_t now) override;
  Status RevokeSession(int64_t session_id, int64_t now) override;
  Status RevokeAllSessions(int64_t user_id, int64_t now) override;
  Status RevokeDelegateSessions(int64_t delegate_id, int64_t now) override;
  Result<std::vector<auth::User>> ListUsers() override;
  Status SetDisabled(const std::string& name, bool disabled, int64_t now) override;
  Result<auth::CongressScope> GetScope(int64_t user_id) override;
  Status SetScope(const std::string& name, const auth::CongressScope& scope) override;
  Result<int64_t> CreateScreen(const auth::ScreenToken& s, const std::string& token_hash) override;
  Result<auth::ScreenToken> FindScreen(const std::string& token_hash, int64_t now) override;
  Result<std::vector<auth::ScreenToken>> ListScreens(int64_t congress_id) override;
  Result<auth::ScreenToken> RevokeScreen(int64_t congress_id, int64_t id, int64_t now) override;

 private:
  SqliteDatabase& db_;
};

}  // namespace phonghop::storage
