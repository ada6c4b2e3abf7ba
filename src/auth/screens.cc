// Screen tokens: the hall projector's own credential (decision 413).
#include "auth/auth.h"

#include <cstdio>

#include "common/sha256.h"
#include "common/utf8.h"

namespace phonghop::auth {

namespace {
constexpr size_t kTokenLength = 32;  // base62, ~190 bits
constexpr size_t kMaxLabel = 80;     // characters

size_t Characters(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

Result<NewScreen> AuthService::CreateScreen(int64_t congress_id, const std::string& label, int64_t expires_at,
                                            const std::string& by) {
  std::string name(utf8::Trim(label));
  if (name.empty()) return Status::InvalidArgument("Hãy đặt tên cho màn hình (ví dụ: Máy chiếu hội trường)");
  if (!utf8::IsValid(name) || Characters(name) > kMaxLabel)
    return Status::InvalidArgument("Tên màn hình dài tối đa 80 ký tự");
  const int64_t now = clock_.NowUnix();
  if (expires_at <= now) return Status::InvalidArgument("Đại hội đã kết thúc: không tạo mã màn hình được nữa");
  NewScreen out;
  out.token = ids_.NewCode(kTokenLength);
  out.screen.congress_id = congress_id;
  out.screen.label = name;
  out.screen.created_by = by;
  out.screen.created_at = now;
  out.screen.expires_at = expires_at;
  PH_ASSIGN_OR_RETURN(out.screen.id, repo_.CreateScreen(out.screen, Sha256Hex(out.token)));
  return out;
}

int64_t AuthService::ScreenExpiry(const std::string& end_date, int64_t now) {
  constexpr int64_t kWeek = 7 * 86400, kVenueOffset = 7 * 3600;
  int y = 0, m = 0, d = 0;
  if (end_date.size() != 10 || std::sscanf(end_date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 ||
      d < 1 || d > 31)
    return now + kWeek;
  // Days from the civil date (H. Hinnant's algorithm), then the next midnight.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = int64_t(era) * 146097 + int64_t(doe) - 719468;
  return (days + 1) * 86400 - kVenueOffset;
}

Result<Principal> AuthService::ResolveScreen(const std::string& token) {
  static const char kRefused[] = "Mã màn hình không hợp lệ, đã hết hạn hoặc đã bị thu hồi";
  if (token.size() != kTokenLength) return Status::Unauthenticated(kRefused);
  auto s = repo_.FindScreen(Sha256Hex(token), clock_.NowUnix());
  if (!s.ok()) {
    if (s.status().code() == StatusCode::kNotFound) return Status::Unauthenticated(kRefused);
    return s.status();
  }
  Principal p;
  p.role = congress::Role::kScreen;
  p.congress_id = s->congress_id;
  p.screen_id = s->id;
  p.name = s->label;
  return p;
}

Result<ScreenToken> AuthService::RevokeScreen(int64_t congress_id, int64_t id) {
  return repo_.RevokeScreen(congress_id, id, clock_.NowUnix());
}

}  // namespace phonghop::auth
