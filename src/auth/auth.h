// Accounts and sessions: who is asking. Passwords are Argon2id (libsodium
// crypto_pwhash_str); session tokens are random, stored only as hashes.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/random.h"
#include "auth/congress_scope.h"
#include "common/status.h"
#include "congress/model.h"

namespace phonghop::auth {

// The caller of a request, once its session is known.
struct Principal {
  int64_t user_id = 0;      // 0 for a delegate signed in by badge
  int64_t delegate_id = 0;  // set for badge sessions
  int64_t congress_id = 0;  // the badge's congress
  std::string name;
  congress::Role role = congress::Role::kDelegate;
  std::string csrf;         // must accompany state-changing requests
  int64_t session_id = 0;
  int64_t screen_id = 0;    // set for a hall screen (role kScreen)
  // The congresses a staff account may work on (decision 418): filled by
  // AuthService::Resolve for accounts; all for admins, delegates, screens.
  CongressScope scope;
};

// A hall screen's credential (decision 413): a random token the secretariat
// gives to the projector PC; only its SHA-256 is stored. It reads what the
// hall shows, for one congress, until `expires_at` or revocation.
struct ScreenToken {
  int64_t id = 0;
  int64_t congress_id = 0;
  std::string label;        // "Máy chiếu hội trường"
  std::string created_by;
  int64_t created_at = 0;
  int64_t expires_at = 0;
  int64_t revoked_at = 0;   // 0 = live
};

struct NewScreen {
  std::string token;        // shown once, in the link; only its hash is kept
  ScreenToken screen;
};

struct User {
  int64_t id = 0;
  std::string name;
  congress::Role role = congress::Role::kDelegate;
  std::string password_hash;
  bool disabled = false;
  CongressScope scope;  // decision 418; always all for admins
};

struct NewSession {
  std::string token;  // for the cookie; only its hash is stored
  Principal principal;
};

class AuthRepository {
 public:
  virtual ~AuthRepository() = default;
  // Stores the account and its congress scope in one transaction;
  // kConflict if the name exists.
  virtual Result<int64_t> CreateUser(const User& u, int64_t now) = 0;
  virtual Result<User> FindUser(const std::string& name) = 0;          // kNotFound
  virtual Result<int64_t> CreateSession(int64_t user_id, int64_t delegate_id, const std::string& token_hash,
                                        const std::string& csrf, int64_t now, int64_t expires) = 0;
  // The live session with this token hash; kNotFound if none or expired.
  virtual Result<Principal> FindSession(const std::string& token_hash, int64_t now) = 0;
  virtual Status RevokeSession(int64_t session_id, int64_t now) = 0;
  virtual Status RevokeAllSessions(int64_t user_id, int64_t now) = 0;
  // Every session a delegate opened with a badge, on every phone.
  virtual Status RevokeDelegateSessions(int64_t delegate_id, int64_t now) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;  // password hashes left empty, scopes filled
  // The congress scope of account `user_id` (decision 418): all for an
  // account never limited; kNotFound for an unknown id.
  virtual Result<CongressScope> GetScope(int64_t user_id) = 0;
  // Replaces the scope of account `name` in one transaction; kNotFound for
  // an unknown name. Congress ids are not checked here (foreign keys are).
  virtual Status SetScope(const std::string& name, const CongressScope& scope) = 0;
  // Disables (or enables) the account and, when disabling, revokes its
  // sessions, in one transaction; kNotFound for an unknown name.
  virtual Status SetDisabled(const std::string& name, bool disabled, int64_t now) = 0;

  // Screen tokens (decision 413). CreateScreen fills nothing but the id.
  virtual Result<int64_t> CreateScreen(const ScreenToken& s, const std::string& token_hash) = 0;
  // The live screen with this token hash: not revoked, expires_at > now;
  // kNotFound otherwise.
  virtual Result<ScreenToken> FindScreen(const std::string& token_hash, int64_t now) = 0;
  // Every screen of a congress, newest first (revoked and expired ones too).
  virtual Result<std::vector<ScreenToken>> ListScreens(int64_t congress_id) = 0;
  // Sets revoked_at; kNotFound for an unknown id or one of another
  // congress; a screen already revoked keeps its first revocation time.
  virtual Result<ScreenToken> RevokeScreen(int64_t congress_id, int64_t id, int64_t now) = 0;
};

// Thread-safe.
class AuthService {
 public:
  AuthService(AuthRepository& repo, const Clock& clock, IdGenerator& ids)
      : repo_(repo), clock_(clock), ids_(ids) {}

  // Creates a user. Returns the password: `password` if given (at least 10
  // characters), else a generated one to show once.
  // `scope` limits a non-admin account to some congresses (decision 418);
  // kInvalidArgument for an admin given a limited scope (admins are global).
  Result<std::string> AddUser(const std::string& name, congress::Role role,
                              const std::string& password = "", const CongressScope& scope = {});
  // kUnauthenticated for a wrong name or password (the same message for
  // both), kResourceExhausted while this (address, name) pair or the whole
  // address is locked out after repeated failures (the message says for
  // how long). The account itself is never locked for other addresses.
  Result<NewSession> Login(const std::string& name, const std::string& password,
                           const std::string& address);
  // A delegate's session from the personal token on their badge.
  Result<NewSession> BadgeLogin(const congress::Delegate& delegate);
  // The session of `token`: kUnauthenticated when unknown, expired or
  // revoked (looked up in the store on every call, so a sign-out on one node
  // ends it on all); kUnavailable when the store is away. A staff
  // account's principal carries its congress scope, read on every call too,
  // so a change of scope applies to the next request on every node.
  Result<Principal> Resolve(const std::string& token);
  Status Logout(const Principal& p);
  Status LogoutEverywhere(const Principal& p);
  Result<std::vector<User>> Users() { return repo_.ListUsers(); }
  // Lifts every login lockout on `name` (from any address) and every
  // address-wide lockout (which may be keeping that person out); returns
  // how many were lifted.
  size_t Unlock(const std::string& name);
  // kInvalidArgument when `name` is the acting admin (no locking oneself out).
  Status SetDisabled(const std::string& name, bool disabled, const std::string& acting);
  // Sets which congresses account `name` may work on (decision 418).
  // kNotFound for an unknown name; kInvalidArgument for an admin (global
  // by design) given a limited scope.
  Status SetScope(const std::string& name, const CongressScope& scope);

  // A screen token for congress `congress_id` valid until `expires_at`
  // (the caller computes it from the congress's end). kInvalidArgument for
  // an empty or over-long label (> 80 characters) or an expiry in the past.
  Result<NewScreen> CreateScreen(int64_t congress_id, const std::string& label, int64_t expires_at,
                                 const std::string& by);
  // The principal of a hall screen (role kScreen, congress_id, screen_id,
  // name = label, no CSRF token); kUnauthenticated for an unknown, revoked
  // or expired token (one message for all three).
  Result<Principal> ResolveScreen(const std::string& token);
  // When a screen token made at `now` expires: the end of the congress's
  // last day (`end_date`, YYYY-MM-DD, 24:00 at the venue, UTC+7), or 7 days
  // after `now` when the congress has no end date (or an unreadable one).
  static int64_t ScreenExpiry(const std::string& end_date, int64_t now);
  Result<std::vector<ScreenToken>> Screens(int64_t congress_id) { return repo_.ListScreens(congress_id); }
  // kNotFound for an unknown id or one of another congress.
  Result<ScreenToken> RevokeScreen(int64_t congress_id, int64_t id);

  static constexpr int64_t kSessionSeconds = 12 * 3600;
  static constexpr int64_t kBadgeSessionSeconds = 7 * 24 * 3600;

 private:
  struct Failures {
    int count = 0;
    int64_t locked_until = 0;
    int64_t last = 0;  // a quiet quarter of an hour forgets the count
  };
  Status CheckLock(const std::string& key, int64_t now);
  void RecordFailure(const std::string& key, int free_tries, int64_t now);
  Result<NewSession> Open(int64_t user_id, int64_t delegate_id, int64_t seconds);
  // Fills a staff account's congress scope (decision 418); kUnavailable
  // when the store is away. Admins, delegates and screens keep `all`.
  Status FillScope(Principal& p);

  AuthRepository& repo_;
  const Clock& clock_;
  IdGenerator& ids_;
  std::mutex mu_;
  std::map<std::string, Failures> failures_;
};

std::string HashPassword(const std::string& password);  // Argon2id, "" on failure
bool VerifyPassword(const std::string& hash, const std::string& password);

}  // namespace phonghop::auth
