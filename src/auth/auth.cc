#include "auth/auth.h"

#include <sodium.h>

#include "common/sha256.h"
#include "common/utf8.h"

namespace phonghop::auth {

std::string HashPassword(const std::string& password) {
  if (sodium_init() < 0) return "";
  char out[crypto_pwhash_STRBYTES];
  // Interactive limits: ~0.1 s and 64 MiB, fine for a login, costly to guess.
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return "";
  return out;
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  if (hash.empty() || sodium_init() < 0) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Result<std::string> AuthService::AddUser(const std::string& name, congress::Role role,
                                         const std::string& password, const CongressScope& scope) {
  if (role == congress::Role::kAdmin && !scope.all)
    return Status::InvalidArgument("Quản trị viên làm việc với mọi đại hội: không giới hạn được đại hội");
  std::string_view n = utf8::Trim(name);
  if (n.empty() || n.size() > 64 || !utf8::IsValid(n))
    return Status::InvalidArgument("tên đăng nhập không hợp lệ (1-64 ký tự)");
  std::string pw = password.empty() ? ids_.NewCode(16) : password;
  if (pw.size() < 10) return Status::InvalidArgument("mật khẩu cần ít nhất 10 ký tự");
  User u;
  u.name = std::string(n);
  u.role = role;
  u.scope = scope;
  u.password_hash = HashPassword(pw);
  if (u.password_hash.empty()) return Status::Internal("không băm được mật khẩu");
  PH_RETURN_IF_ERROR(repo_.CreateUser(u, clock_.NowUnix()).status());
  return pw;
}

Status AuthService::CheckLock(const std::string& key, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = failures_.find(key);
  if (it != failures_.end() && it->second.locked_until > now)
    return Status::ResourceExhausted("đăng nhập sai quá nhiều lần, hãy thử lại sau " +
                                     std::to_string(it->second.locked_until - now) + " giây");
  return Status::Ok();
}

void AuthService::RecordFailure(const std::string& key, int free_tries, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  constexpr int64_t kForgetAfterSeconds = 15 * 60;
  Failures& f = failures_[key];
  if (f.last && now - f.last > kForgetAfterSeconds && f.locked_until <= now) f.count = 0;
  f.last = now;
  ++f.count;
  // `free_tries` free, then 30 s, 60 s, 120 s ... up to an hour.
  if (f.count >= free_tries)
    f.locked_until = now + std::min<int64_t>(3600, 30LL << std::min(f.count - free_tries, 7));
  if (failures_.size() > 100000) failures_.clear();  // bounded memory under attack
}

namespace {
// Lockouts are per address and per (address, name): a wrong password from
// one place never locks the account for everybody else (the kiosk
// operator, the admin).
std::string AddressKey(const std::string& address) { return "a:" + address; }
std::string PairKey(const std::string& address, const std::string& name) {
  return "n:" + address + "\n" + name;
}
constexpr int kFreeTriesPerName = 5;
constexpr int kFreeTriesPerAddress = 30;  // a venue NAT carries many people
}  // namespace

size_t AuthService::Unlock(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  const std::string suffix = "\n" + name;
  for (auto it = failures_.begin(); it != failures_.end();) {
    const std::string& k = it->first;
    const bool pair = k.size() > suffix.size() && k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0;
    if (pair || k.rfind("a:", 0) == 0) {
      it = failures_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

Result<NewSession> AuthService::Open(int64_t user_id, int64_t delegate_id, int64_t seconds) {
  NewSession s;
  s.token = ids_.NewCode(43);  // ~256 bits
  std::string csrf = ids_.NewCode(32);
  int64_t now = clock_.NowUnix();
  PH_ASSIGN_OR_RETURN(int64_t id, repo_.CreateSession(user_id, delegate_id, Sha256Hex(s.token), csrf, now, now + seconds));
  PH_ASSIGN_OR_RETURN(s.principal, repo_.FindSession(Sha256Hex(s.token), now));
  s.principal.session_id = id;
  PH_RETURN_IF_ERROR(FillScope(s.principal));
  return s;
}

Result<NewSession> AuthService::Login(const std::string& name, const std::string& password,
                                      const std::string& address) {
  int64_t now = clock_.NowUnix();
  PH_RETURN_IF_ERROR(CheckLock(PairKey(address, name), now));
  PH_RETURN_IF_ERROR(CheckLock(AddressKey(address), now));
  auto u = repo_.FindUser(name);
  // The database away (a failover) is not a wrong password: answer 503 and
  // count no failure toward a lockout (staff signing in during a failover
  // would otherwise be told their password is wrong).
  if (!u.ok() && u.status().code() == StatusCode::kUnavailable) return u.status();
  // Verify even for unknown names so timing does not reveal which exist.
  static const std::string kDummy = HashPassword("not-a-real-password-xyz");
  bool ok = u.ok() ? VerifyPassword(u->password_hash, password) : (VerifyPassword(kDummy, password) && false);
  if (!ok || u->disabled) {
    RecordFailure(PairKey(address, name), kFreeTriesPerName, now);
    RecordFailure(AddressKey(address), kFreeTriesPerAddress, now);
    return Status::Unauthenticated("sai tên đăng nhập hoặc mật khẩu");
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    failures_.erase(PairKey(address, name));
  }
  return Open(u->id, 0, kSessionSeconds);
}

Result<NewSession> AuthService::BadgeLogin(const congress::Delegate& delegate) {
  return Open(0, delegate.id, kBadgeSessionSeconds);
}

Result<Principal> AuthService::Resolve(const std::string& token) {
  if (token.size() < 20 || token.size() > 100) return Status::Unauthenticated("phiên đăng nhập không hợp lệ");
  auto p = repo_.FindSession(Sha256Hex(token), clock_.NowUnix());
  // The store away (a failover) is not an ended session: the caller answers
  // 503 and the device keeps its sign-in (decision 531).
  if (!p.ok() && p.status().code() == StatusCode::kUnavailable) return p.status();
  if (!p.ok()) return Status::Unauthenticated("phiên đăng nhập đã hết hạn, hãy đăng nhập lại");
  PH_RETURN_IF_ERROR(FillScope(*p));
  return p;
}

Status AuthService::FillScope(Principal& p) {
  if (p.user_id == 0 || p.role == congress::Role::kAdmin) return Status::Ok();
  auto scope = repo_.GetScope(p.user_id);
  if (!scope.ok() && scope.status().code() == StatusCode::kUnavailable) return scope.status();
  // Unreadable otherwise: no congress at all rather than every one.
  p.scope = scope.ok() ? std::move(*scope) : CongressScope::Only({});
  return Status::Ok();
}

Status AuthService::Logout(const Principal& p) { return repo_.RevokeSession(p.session_id, clock_.NowUnix()); }

Status AuthService::LogoutEverywhere(const Principal& p) {
  if (p.user_id == 0) return repo_.RevokeDelegateSessions(p.delegate_id, clock_.NowUnix());
  return repo_.RevokeAllSessions(p.user_id, clock_.NowUnix());
}

Status AuthService::SetDisabled(const std::string& name, bool disabled, const std::string& acting) {
  if (disabled && name == acting) return Status::InvalidArgument("Không thể tự khóa tài khoản đang dùng");
  return repo_.SetDisabled(name, disabled, clock_.NowUnix());
}

Status AuthService::SetScope(const std::string& name, const CongressScope& scope) {
  PH_ASSIGN_OR_RETURN(User u, repo_.FindUser(name));
  if (u.role == congress::Role::kAdmin && !scope.all)
    return Status::InvalidArgument("Quản trị viên làm việc với mọi đại hội: không giới hạn được đại hội");
  return repo_.SetScope(name, scope);
}

}  // namespace phonghop::auth
