// Editing, deleting and reordering a congress's programme, delegations and
// delegates: the secretariat's last-minute changes. Every change publishes
// a live event so phones, the chair screen and the kiosk refresh; the
// change and its event commit together (decision 553).
#include <algorithm>
#include <ctime>
#include <set>

#include "common/utf8.h"
#include "congress/congress_service.h"

namespace phonghop::congress {
namespace {

std::string Count(int n, const char* noun) { return std::to_string(n) + " " + noun; }

std::string Window(const Session& s) {
  if (s.ends_at.empty()) return "từ " + s.starts_at;
  return s.starts_at + "–" + s.ends_at;
}

// A dry run reports what the deletion would say and changes nothing; a
// real one is refused with that message.
Result<bool> Decide(const Status& verdict, bool dry_run, DeletionReport& report) {
  if (dry_run) {
    if (!verdict.ok()) report.refused = verdict.message();
    return false;
  }
  if (!verdict.ok()) return verdict;
  return true;
}

}  // namespace

// The change and its live event are one unit of work (decision 553): a
// node dying before the event is stored leaves the change undone too, and
// the secretariat's retry makes both once.
Status CongressService::Commit(const Congress& c, const char* event, const std::function<Status()>& change) {
  return Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(change());
    // Registered before the event's own delivery, so it runs first: a
    // phone reloading on the event never gets a reply cached from before
    // the change under the new generation.
    unit_of_work::AfterCommit([this] { Changed(); });
    events_.Publish(c.slug, event, "{}");
    return Status::Ok();
  });
}

Status CongressService::ValidateSession(const Congress& c, const Session& s) {
  PH_RETURN_IF_ERROR(CheckText("Tên phiên", s.name, true, 300));
  if (!s.date.empty() && !IsValidIsoDate(s.date))
    return Status::InvalidArgument("Ngày của phiên không hợp lệ (cần dạng 30/11/2026)");
  if (!s.starts_at.empty() && !IsValidClockTime(s.starts_at))
    return Status::InvalidArgument("Giờ bắt đầu không hợp lệ (cần dạng 07:30)");
  if (!s.ends_at.empty() && !IsValidClockTime(s.ends_at))
    return Status::InvalidArgument("Giờ kết thúc không hợp lệ (cần dạng 11:30)");
  if (!s.starts_at.empty() && !s.ends_at.empty() && s.ends_at <= s.starts_at)
    return Status::InvalidArgument("Giờ kết thúc (" + s.ends_at + ") phải sau giờ bắt đầu (" +
                                   s.starts_at + ")");
  if (!s.date.empty() && ((!c.start_date.empty() && s.date < c.start_date) ||
                          (!c.end_date.empty() && s.date > c.end_date)))
    return Status::InvalidArgument(
        "Ngày của phiên (" + FormatDateVi(s.date) + ") nằm ngoài thời gian đại hội (" +
        FormatDateVi(c.start_date) + (c.end_date.empty() ? "" : " – " + FormatDateVi(c.end_date)) +
        ")");
  return Status::Ok();
}

Status CongressService::ValidateAgendaTime(const Session& s, const AgendaItem& a) {
  if (a.starts_at.empty()) return Status::Ok();
  if (!IsValidClockTime(a.starts_at))
    return Status::InvalidArgument("Giờ của mục chương trình không hợp lệ (cần dạng 08:00)");
  bool before = !s.starts_at.empty() && a.starts_at < s.starts_at;
  bool after = !s.ends_at.empty() && a.starts_at >= s.ends_at;
  if (before || after)
    return Status::InvalidArgument("Giờ của mục \"" + a.title + "\" (" + a.starts_at +
                                   ") phải nằm trong giờ của " + s.name + " (" + Window(s) + ")");
  return Status::Ok();
}

Status CongressService::ValidateDelegate(int64_t congress_id, Delegate& d) {
  d.full_name = std::string(utf8::Trim(d.full_name));
  d.badge = std::string(utf8::Trim(d.badge));
  PH_RETURN_IF_ERROR(CheckText("Họ và tên", d.full_name, true, 200));
  PH_RETURN_IF_ERROR(CheckText("Số thẻ", d.badge, true, 32));
  PH_RETURN_IF_ERROR(CheckText("Chức vụ", d.position_title, false, 300));
  PH_RETURN_IF_ERROR(CheckText("Dân tộc", d.ethnicity, false, 100));
  PH_RETURN_IF_ERROR(CheckText("Ghế", d.seat, false, 32));
  PH_RETURN_IF_ERROR(CheckText("Điện thoại", d.phone, false, 32));
  if (!d.birth_date.empty()) {
    if (!IsValidIsoDate(d.birth_date))
      return Status::InvalidArgument("Ngày sinh không hợp lệ (cần dạng 30/11/1990)");
    d.birth_year = std::stoi(d.birth_date.substr(0, 4));
  }
  std::time_t now = static_cast<std::time_t>(clock_.NowUnix());
  std::tm tm{};
  gmtime_r(&now, &tm);
  if (d.birth_year && (*d.birth_year < 1900 || *d.birth_year > tm.tm_year + 1900))
    return Status::InvalidArgument("Năm sinh " + std::to_string(*d.birth_year) + " không hợp lệ");
  if (d.delegation_id != 0) {
    PH_ASSIGN_OR_RETURN(auto delegations, repo_.ListDelegations(congress_id));
    auto it = std::find_if(delegations.begin(), delegations.end(),
                           [&](const Delegation& x) { return x.id == d.delegation_id; });
    if (it == delegations.end())
      return Status::InvalidArgument("Đoàn đã chọn không thuộc đại hội này");
    d.delegation_name = it->name;
  }
  d.congress_id = congress_id;
  return Status::Ok();
}

Result<Session> CongressService::GetSession(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(auto list, repo_.ListSessions(c.id));
  for (auto& s : list)
    if (s.id == id) return s;
  return Status::NotFound("không có phiên họp này trong đại hội");
}

Result<AgendaItem> CongressService::GetAgendaItem(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(auto list, repo_.ListAgenda(c.id));
  for (auto& a : list)
    if (a.id == id) return a;
  return Status::NotFound("không có mục chương trình này trong đại hội");
}

Result<Delegation> CongressService::GetDelegation(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(auto list, repo_.ListDelegations(c.id));
  for (auto& d : list)
    if (d.id == id) return d;
  return Status::NotFound("không có đoàn này trong đại hội");
}

Result<Delegate> CongressService::GetDelegate(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  auto d = repo_.GetDelegate(id);
  if (!d.ok() || d->congress_id != c.id)
    return Status::NotFound("không có đại biểu này trong đại hội");
  return d;
}

Result<Session> CongressService::UpdateSession(std::string_view slug, Session s) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(Session old, GetSession(slug, s.id));
  s.congress_id = c.id;
  if (s.position <= 0) s.position = old.position;
  PH_RETURN_IF_ERROR(ValidateSession(c, s));
  PH_ASSIGN_OR_RETURN(auto agenda, repo_.ListAgenda(c.id));
  for (const auto& a : agenda) {
    if (a.session_id != s.id) continue;
    Status st = ValidateAgendaTime(s, a);
    if (!st.ok())
      return Status::InvalidArgument(st.message() + "; hãy sửa giờ của mục trước, hoặc nới giờ phiên");
  }
  PH_RETURN_IF_ERROR(Commit(c, "programme_changed", [&] { return repo_.UpdateSession(s); }));
  return s;
}

Result<AgendaItem> CongressService::UpdateAgendaItem(std::string_view slug, AgendaItem a) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(AgendaItem old, GetAgendaItem(slug, a.id));
  auto session = GetSession(slug, a.session_id);
  if (!session.ok()) return Status::InvalidArgument("Phiên họp đã chọn không thuộc đại hội này");
  if (a.position <= 0 && a.session_id == old.session_id) a.position = old.position;
  PH_RETURN_IF_ERROR(CheckText("Nội dung mục chương trình", a.title, true, 500));
  PH_RETURN_IF_ERROR(CheckText("Người trình bày", a.presenter, false, 300));
  PH_RETURN_IF_ERROR(CheckText("Mô tả", a.description, false, 5000));
  PH_RETURN_IF_ERROR(ValidateAgendaTime(*session, a));
  PH_RETURN_IF_ERROR(Commit(c, "programme_changed", [&] { return repo_.UpdateAgendaItem(a); }));
  return a;
}

Result<Delegation> CongressService::UpdateDelegation(std::string_view slug, Delegation d) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(Delegation old, GetDelegation(slug, d.id));
  d.name = std::string(utf8::Trim(d.name));
  PH_RETURN_IF_ERROR(CheckText("Tên đoàn", d.name, true, 300));
  d.congress_id = c.id;
  if (d.position <= 0) d.position = old.position;
  PH_RETURN_IF_ERROR(Commit(c, "delegates_changed", [&] { return repo_.UpdateDelegation(d); }));
  return d;
}

Result<Delegate> CongressService::UpdateDelegate(std::string_view slug, Delegate d) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(Delegate old, GetDelegate(slug, d.id));
  PH_RETURN_IF_ERROR(ValidateDelegate(c.id, d));
  PH_RETURN_IF_ERROR(Commit(c, "delegates_changed", [&] { return repo_.UpdateDelegate(d); }));
  return GetDelegate(slug, d.id);
}

Result<Delegate> CongressService::AddDelegate(std::string_view slug, Delegate d) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_RETURN_IF_ERROR(ValidateDelegate(c.id, d));
  PH_ASSIGN_OR_RETURN(auto existing, repo_.ListDelegates(c.id));
  for (const auto& x : existing)
    if (x.badge == d.badge)
      return Status::Conflict("Số thẻ " + d.badge + " đã cấp cho " + x.full_name);
  PH_RETURN_IF_ERROR(Commit(c, "delegates_changed", [&] { return repo_.UpsertDelegates(c.id, {}, {d}).status(); }));
  PH_ASSIGN_OR_RETURN(auto after, repo_.ListDelegates(c.id));
  for (auto& x : after)
    if (x.badge == d.badge) return x;
  return Status::Internal("đại biểu vừa thêm không đọc lại được");
}

// --- deletions ----------------------------------------------------------

Result<DeletionReport> CongressService::DeleteSession(std::string_view slug, int64_t id,
                                                      DeletionOptions o) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(Session s, GetSession(slug, id));
  if (o.move_to) {
    if (*o.move_to == id) return Status::InvalidArgument("Không thể chuyển sang chính phiên đang xóa");
    if (!GetSession(slug, *o.move_to).ok())
      return Status::InvalidArgument("Phiên nhận các mục chương trình không thuộc đại hội này");
  }
  DeletionReport report;
  report.dry_run = o.dry_run;
  report.moved_to = o.move_to;
  auto allow = [&](const Dependents& d) -> Result<bool> {
    auto verdict = [&]() -> Status {
      if (d.checkins > 0)
        return Status::Conflict(s.name + " đã có " + Count(d.checkins, "lượt điểm danh") +
                                "; không xóa được phiên đã điểm danh (hãy sửa tên, ngày giờ thay vì xóa)");
      if (d.polls > 0)
        return Status::Conflict(s.name + " đã có " + Count(d.polls, "cuộc biểu quyết, bầu cử") +
                                "; không xóa được phiên đã biểu quyết (hãy sửa tên, ngày giờ thay vì xóa)");
      if (d.speech_requests > 0 && !o.move_to)
        return Status::Conflict(s.name + " có " + Count(d.speech_requests, "đăng ký phát biểu") +
                                "; hãy chọn phiên nhận các mục chương trình trước khi xóa");
      if (!o.move_to && d.documents > 0)
        return Status::Conflict(s.name + " có " + Count(d.agenda_items, "mục chương trình") +
                                " gắn " + Count(d.documents, "tài liệu") +
                                "; hãy chọn phiên nhận các mục này trước khi xóa");
      return Status::Ok();
    }();
    return Decide(verdict, o.dry_run, report);
  };
  return Remove(c, report, "programme_changed", [&] { return repo_.DeleteSession(id, o.move_to, allow); });
}

Result<DeletionReport> CongressService::DeleteAgendaItem(std::string_view slug, int64_t id,
                                                         DeletionOptions o) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(AgendaItem a, GetAgendaItem(slug, id));
  if (o.move_to && *o.move_to != 0) {
    if (*o.move_to == id) return Status::InvalidArgument("Không thể chuyển sang chính mục đang xóa");
    if (!GetAgendaItem(slug, *o.move_to).ok())
      return Status::InvalidArgument("Mục nhận tài liệu không thuộc đại hội này");
  }
  DeletionReport report;
  report.dry_run = o.dry_run;
  report.moved_to = o.move_to;
  auto allow = [&](const Dependents& d) -> Result<bool> {
    auto verdict = [&]() -> Status {
      if (d.polls > 0)
        return Status::Conflict("Mục \"" + a.title + "\" đã có " + Count(d.polls, "cuộc biểu quyết, bầu cử") +
                                "; không xóa được (hãy sửa tiêu đề thay vì xóa)");
      if (d.speech_requests > 0)
        return Status::Conflict("Mục \"" + a.title + "\" có " + Count(d.speech_requests, "đăng ký phát biểu") +
                                "; không xóa được (hãy sửa tiêu đề thay vì xóa)");
      if (!o.move_to && d.documents > 0)
        return Status::Conflict("Mục \"" + a.title + "\" có " + Count(d.documents, "tài liệu") +
                                "; hãy chọn mục nhận tài liệu, hoặc giữ tài liệu không gắn mục, trước khi xóa");
      return Status::Ok();
    }();
    return Decide(verdict, o.dry_run, report);
  };
  return Remove(c, report, "programme_changed", [&] { return repo_.DeleteAgendaItem(id, o.move_to, allow); });
}

Result<DeletionReport> CongressService::DeleteDelegation(std::string_view slug, int64_t id,
                                                         DeletionOptions o) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(Delegation g, GetDelegation(slug, id));
  if (o.move_to && *o.move_to != 0) {
    if (*o.move_to == id) return Status::InvalidArgument("Không thể chuyển sang chính đoàn đang xóa");
    if (!GetDelegation(slug, *o.move_to).ok())
      return Status::InvalidArgument("Đoàn nhận đại biểu không thuộc đại hội này");
  }
  DeletionReport report;
  report.dry_run = o.dry_run;
  report.moved_to = o.move_to;
  auto allow = [&](const Dependents& d) -> Result<bool> {
    auto verdict = [&]() -> Status {
      if (!o.move_to && d.delegates > 0)
        return Status::Conflict(g.name + " có " + Count(d.delegates, "đại biểu") +
                                "; hãy chọn đoàn nhận các đại biểu này trước khi xóa");
      return Status::Ok();
    }();
    return Decide(verdict, o.dry_run, report);
  };
  return Remove(c, report, "delegates_changed", [&] { return repo_.DeleteDelegation(id, o.move_to, allow); });
}

Result<DeletionReport> CongressService::DeleteDelegate(std::string_view slug, int64_t id,
                                                       DeletionOptions o) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_ASSIGN_OR_RETURN(Delegate del, GetDelegate(slug, id));
  DeletionReport report;
  report.dry_run = o.dry_run;
  auto allow = [&](const Dependents& d) -> Result<bool> {
    auto verdict = [&]() -> Status {
      if (d.checkins > 0)
        return Status::Conflict("Đại biểu " + del.full_name + " đã có " +
                                Count(d.checkins, "lượt điểm danh") +
                                "; không xóa được (có thể sửa thông tin thay vì xóa)");
      if (d.voting_records > 0)
        return Status::Conflict("Đại biểu " + del.full_name + " đã tham gia biểu quyết, bầu cử (" +
                                Count(d.voting_records, "bản ghi") +
                                "); không xóa được (có thể sửa thông tin thay vì xóa)");
      if (d.speech_requests > 0)
        return Status::Conflict("Đại biểu " + del.full_name + " có " + Count(d.speech_requests, "đăng ký phát biểu") +
                                "; không xóa được (có thể sửa thông tin thay vì xóa)");
      if (d.face_enrolments > 0)
        return Status::Conflict("Đại biểu " + del.full_name +
                                " đã đăng ký khuôn mặt; hãy xóa dữ liệu khuôn mặt trước");
      return Status::Ok();
    }();
    return Decide(verdict, o.dry_run, report);
  };
  return Remove(c, report, "delegates_changed", [&] { return repo_.DeleteDelegate(id, allow); });
}

Result<DeletionReport> CongressService::DeleteCongress(std::string_view slug, bool dry_run) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  DeletionReport report;
  report.dry_run = dry_run;
  auto allow = [&](const Dependents& d) -> Result<bool> {
    auto verdict = [&]() -> Status {
      if (d.documents > 0 || d.checkins > 0 || d.face_enrolments > 0 || d.polls > 0)
        return Status::Conflict("Đại hội còn " + Count(d.documents, "tài liệu") + ", " +
                                Count(d.checkins, "lượt điểm danh") + ", " +
                                Count(d.polls, "cuộc biểu quyết, bầu cử") + ", " +
                                Count(d.face_enrolments, "đại biểu đã đăng ký khuôn mặt") +
                                "; hãy xóa chúng trước (hoặc đổi trạng thái thành \"Đã bế mạc\")");
      return Status::Ok();
    }();
    return Decide(verdict, dry_run, report);
  };
  return Remove(c, report, "congress_changed", [&] { return repo_.DeleteCongress(c.id, allow); });
}

Result<DeletionReport> CongressService::Remove(const Congress& c, DeletionReport& report, const char* event,
                                               const std::function<Result<Dependents>()>& remove) {
  if (report.dry_run) {
    PH_ASSIGN_OR_RETURN(report.counts, remove());
    return report;
  }
  Status done = Commit(c, event, [&]() -> Status {
    PH_ASSIGN_OR_RETURN(report.counts, remove());
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  report.deleted = true;
  return report;
}

// --- order --------------------------------------------------------------

Status CongressService::ReorderSessions(std::string_view slug, const std::vector<int64_t>& ids) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  return Commit(c, "programme_changed",
                [&] { return repo_.Reorder(CongressRepository::OrderKind::kSessions, c.id, ids); });
}

Status CongressService::ReorderDelegations(std::string_view slug, const std::vector<int64_t>& ids) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  return Commit(c, "delegates_changed",
                [&] { return repo_.Reorder(CongressRepository::OrderKind::kDelegations, c.id, ids); });
}

Status CongressService::ReorderAgenda(std::string_view slug, int64_t session_id,
                                      const std::vector<int64_t>& ids) {
  PH_ASSIGN_OR_RETURN(Congress c, CongressOf(slug));
  PH_RETURN_IF_ERROR(GetSession(slug, session_id).status());
  return Commit(c, "programme_changed",
                [&] { return repo_.Reorder(CongressRepository::OrderKind::kAgendaItems, session_id, ids); });
}

}  // namespace phonghop::congress
