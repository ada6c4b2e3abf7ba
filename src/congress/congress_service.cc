#include "congress/congress_service.h"
#include "common/numbers.h"

#include <ctime>
#include <map>

#include "common/sha256.h"
#include "common/utf8.h"

namespace phonghop::congress {
// `field` is the Vietnamese label the user sees next to the input.
Status CheckText(std::string_view field, const std::string& value,
                 bool required, size_t max_bytes) {
  if (!utf8::IsValid(value))
    return Status::InvalidArgument(std::string(field) + " chứa ký tự không hợp lệ");
  if (required && utf8::Trim(value).empty())
    return Status::InvalidArgument(std::string(field) + " không được để trống");
  if (value.size() > max_bytes)
    return Status::InvalidArgument(std::string(field) + " quá dài (tối đa " +
                                   std::to_string(max_bytes) + " byte)");
  return Status::Ok();
}

namespace {

Status ValidateCongress(const Congress& c) {
  if (!IsValidSlug(c.slug))
    return Status::InvalidArgument(
        "Địa chỉ ngắn (slug): chỉ gồm chữ thường a-z, số và dấu gạch ngang, 2-64 ký tự");
  PH_RETURN_IF_ERROR(CheckText("Tên đại hội", c.name, true, 500));
  PH_RETURN_IF_ERROR(CheckText("Cơ quan tổ chức", c.organization, false, 300));
  PH_RETURN_IF_ERROR(CheckText("Lần thứ / khóa", c.ordinal, false, 100));
  PH_RETURN_IF_ERROR(CheckText("Nhiệm kỳ", c.term, false, 100));
  PH_RETURN_IF_ERROR(CheckText("Địa điểm", c.venue, false, 300));
  if (!c.start_date.empty() && !IsValidIsoDate(c.start_date))
    return Status::InvalidArgument("Ngày khai mạc không hợp lệ (cần dạng 30/11/2026)");
  if (!c.end_date.empty() && !IsValidIsoDate(c.end_date))
    return Status::InvalidArgument("Ngày bế mạc không hợp lệ (cần dạng 30/11/2026)");
  if (!c.start_date.empty() && !c.end_date.empty() && c.end_date < c.start_date)
    return Status::InvalidArgument("Ngày bế mạc (" + FormatDateVi(c.end_date) +
                                   ") trước ngày khai mạc (" + FormatDateVi(c.start_date) + ")");
  if (c.quorum_numerator <= 0 || c.quorum_denominator <= 0 ||
      c.quorum_numerator > c.quorum_denominator)
    return Status::InvalidArgument("Tỉ lệ đại biểu cần có mặt phải lớn hơn 0 và không quá 1 (ví dụ 2/3)");
  return Status::Ok();
}

}  // namespace

std::string TokenHash(std::string_view token) { return Sha256Hex(token); }

bool IsValidSlug(std::string_view slug) {
  if (slug.size() < 2 || slug.size() > 64) return false;
  if (slug.front() == '-' || slug.back() == '-') return false;
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  }
  return true;
}

bool IsValidIsoDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  int y = ParseNumber<int>(d.substr(0, 4)).value_or(0);
  int m = ParseNumber<int>(d.substr(5, 2)).value_or(0);
  int day = ParseNumber<int>(d.substr(8, 2)).value_or(0);
  if (m < 1 || m > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return day <= max && y >= 1900 && y <= 2200;
}

std::string FormatDateVi(std::string_view iso) {
  if (!IsValidIsoDate(iso)) return std::string(iso);
  return std::string(iso.substr(8, 2)) + "/" + std::string(iso.substr(5, 2)) + "/" +
         std::string(iso.substr(0, 4));
}

bool IsValidClockTime(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return false;
  for (size_t i : {0, 1, 3, 4})
    if (t[i] < '0' || t[i] > '9') return false;
  int h = (t[0] - '0') * 10 + (t[1] - '0');
  int m = (t[3] - '0') * 10 + (t[4] - '0');
  return h < 24 && m < 60;
}

Result<CongressOverview> CongressService::Overview(std::string_view slug) {
  CongressOverview o;
  PH_ASSIGN_OR_RETURN(o.congress, repo_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(o.sessions, repo_.ListSessions(o.congress.id));
  PH_ASSIGN_OR_RETURN(o.agenda, repo_.ListAgenda(o.congress.id));
  PH_ASSIGN_OR_RETURN(o.delegations, repo_.ListDelegations(o.congress.id));
  PH_ASSIGN_OR_RETURN(auto counts, repo_.CountDelegates(o.congress.id));
  o.delegates_total = counts.total;
  o.delegates_official = counts.official;
  for (const auto& d : o.delegations)
    o.delegates_per_delegation.push_back(counts.per_delegation[d.id]);
  return o;
}

Result<Congress> CongressService::Create(Congress c) {
  c.slug = std::string(utf8::Trim(c.slug));
  PH_RETURN_IF_ERROR(ValidateCongress(c));
  c.created_at = clock_.NowUnix();
  PH_ASSIGN_OR_RETURN(c.id, repo_.CreateCongress(c));
  Changed();
  return c;
}

Result<Congress> CongressService::Update(std::string_view slug, Congress c) {
  PH_ASSIGN_OR_RETURN(Congress existing, repo_.GetCongress(slug));
  c.id = existing.id;
  c.slug = existing.slug;
  c.created_at = existing.created_at;
  PH_RETURN_IF_ERROR(ValidateCongress(c));
  PH_RETURN_IF_ERROR(Commit(c, "congress_changed", [&] { return repo_.UpdateCongress(c); }));
  return c;
}

Result<Session> CongressService::AddSession(std::string_view slug, Session s) {
  PH_ASSIGN_OR_RETURN(Congress c, repo_.GetCongress(slug));
  PH_RETURN_IF_ERROR(ValidateSession(c, s));
  s.congress_id = c.id;
  Status done = Commit(c, "programme_changed", [&]() -> Status {
    PH_ASSIGN_OR_RETURN(s.id, repo_.AddSession(s));
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return s;
}

Result<AgendaItem> CongressService::AddAgendaItem(std::string_view slug,
                                                  AgendaItem a) {
  PH_ASSIGN_OR_RETURN(Congress c, repo_.GetCongress(slug));
  auto session = GetSession(slug, a.session_id);
  if (!session.ok()) return Status::InvalidArgument("Phiên họp đã chọn không thuộc đại hội này");
  PH_RETURN_IF_ERROR(CheckText("Nội dung mục chương trình", a.title, true, 500));
  PH_RETURN_IF_ERROR(CheckText("Người trình bày", a.presenter, false, 300));
  PH_RETURN_IF_ERROR(CheckText("Mô tả", a.description, false, 5000));
  PH_RETURN_IF_ERROR(ValidateAgendaTime(*session, a));
  Status done = Commit(c, "programme_changed", [&]() -> Status {
    PH_ASSIGN_OR_RETURN(a.id, repo_.AddAgendaItem(a));
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return a;
}

Result<Delegation> CongressService::AddDelegation(std::string_view slug,
                                                  Delegation d) {
  PH_ASSIGN_OR_RETURN(Congress c, repo_.GetCongress(slug));
  PH_RETURN_IF_ERROR(CheckText("Tên đoàn", d.name, true, 300));
  d.name = std::string(utf8::Trim(d.name));
  d.congress_id = c.id;
  Status done = Commit(c, "delegates_changed", [&]() -> Status {
    PH_ASSIGN_OR_RETURN(d.id, repo_.AddDelegation(d));
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return d;
}

Result<std::vector<Delegate>> CongressService::Delegates(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(Congress c, repo_.GetCongress(slug));
  return repo_.ListDelegates(c.id);
}

Result<ImportReport> CongressService::ImportDelegates(
    std::string_view slug, const Table& table, const ImportOptions& options,
    bool dry_run) {
  PH_ASSIGN_OR_RETURN(Congress c, repo_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(auto delegations, repo_.ListDelegations(c.id));
  ImportOptions opts = options;
  std::time_t now = static_cast<std::time_t>(clock_.NowUnix());
  std::tm tm{};
  gmtime_r(&now, &tm);
  opts.current_year = tm.tm_year + 1900;
  ImportPlan plan = PlanDelegateImport(table, delegations, opts);
  if (!plan.ok()) return Status::InvalidArgument(FormatProblems(plan.problems));
  ImportReport report;
  report.skipped_blank_rows = plan.skipped_blank_rows;
  report.dry_run = dry_run;
  if (dry_run) {
    PH_ASSIGN_OR_RETURN(auto existing, repo_.ListDelegates(c.id));
    std::map<std::string, bool> badges;
    for (const auto& d : existing) badges[d.badge] = true;
    for (const auto& d : plan.delegates)
      (badges.count(d.badge) ? report.updated : report.inserted)++;
    report.delegations_created = static_cast<int>(plan.new_delegations.size());
    return report;
  }
  Status done = Commit(c, "delegates_changed", [&]() -> Status {
    PH_ASSIGN_OR_RETURN(auto counts, repo_.UpsertDelegates(c.id, plan.new_delegations, plan.delegates));
    report.inserted = counts.inserted;
    report.updated = counts.updated;
    report.delegations_created = counts.delegations_created;
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return report;
}

Result<Delegate> CongressService::DelegateByToken(std::string_view token) {
  if (token.size() < 16 || token.size() > 64) return Status::NotFound("mã thẻ không hợp lệ");
  return repo_.FindDelegateByToken(TokenHash(token));
}

Result<int64_t> CongressService::CreateBundle(const CongressBundle& bundle) {
  PH_RETURN_IF_ERROR(ValidateCongress(bundle.congress));
  auto id = repo_.CreateBundle(bundle);
  if (id.ok()) Changed();
  return id;
}

}  // namespace phonghop::congress
