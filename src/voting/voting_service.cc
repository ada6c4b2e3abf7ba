#include "voting/voting_service.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/failpoint.h"
#include "common/sha256.h"
#include "common/utf8.h"
#include "voting/outcome.h"
#include "voting/state_machine.h"

namespace phonghop::voting {

using nlohmann::json;

namespace {

// A-B-C order of Vietnamese names: by the given name (the last word), then
// the whole name, both folded (no tones), as ballots are printed.
std::string NameKey(const std::string& full) {
  std::string folded = utf8::Fold(full);
  auto sp = folded.find_last_of(' ');
  std::string given = sp == std::string::npos ? folded : folded.substr(sp + 1);
  return given + "\x01" + folded;
}

// The ballot of a list of candidates: A-B-C order, positions 1..n.
std::vector<PollOption> BallotOf(std::vector<Candidate> list) {
  std::stable_sort(list.begin(), list.end(),
                   [](const Candidate& a, const Candidate& b) { return NameKey(a.full_name) < NameKey(b.full_name); });
  std::vector<PollOption> out;
  for (size_t i = 0; i < list.size(); ++i)
    out.push_back({static_cast<int>(i) + 1, list[i].full_name, list[i].id, list[i].birth_date});
  return out;
}

Status ValidateElection(Election& e) {
  e.title = std::string(utf8::Trim(e.title));
  if (e.title.empty() || e.title.size() > 300) return Status::InvalidArgument("Cần tên cuộc bầu cử (tối đa 300 ký tự)");
  if (e.seats < 1 || e.seats > 500) return Status::InvalidArgument("Số lượng cần bầu phải từ 1 đến 500");
  if (e.alternate_seats < 0 || e.alternate_seats > 500)
    return Status::InvalidArgument("Số lượng dự khuyết không hợp lệ");
  if (e.max_rounds < 1 || e.max_rounds > 5) return Status::InvalidArgument("Số vòng bầu tối đa từ 1 đến 5");
  return Status::Ok();
}

// Trims and checks one candidate; `where` names it in a list.
Status ValidateCandidate(Candidate& k, const std::string& where) {
  k.full_name = std::string(utf8::Trim(k.full_name));
  k.birth_date = std::string(utf8::Trim(k.birth_date));
  k.delegation = std::string(utf8::Trim(k.delegation));
  if (k.full_name.empty() || k.full_name.size() > 200 || !utf8::IsValid(k.full_name))
    return Status::InvalidArgument("Cần họ và tên ứng cử viên" + where);
  if (k.delegation.size() > 200 || !utf8::IsValid(k.delegation))
    return Status::InvalidArgument("Tên đơn vị quá dài" + where);
  if (!k.birth_date.empty()) {
    const auto& b = k.birth_date;
    bool ok = (b.size() == 4 || b.size() == 10) &&
              std::all_of(b.begin(), b.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '-'; });
    if (!ok) return Status::InvalidArgument("Ngày sinh phải dạng 1990-05-17 hoặc 1990" + where);
  }
  return Status::Ok();
}

json MotionJson(const MotionResult& r) {
  return {{"kind", "motion"},        {"rule", ToString(r.rule)}, {"base", r.base},
          {"yes", r.yes},            {"no", r.no},               {"abstain", r.abstain},
          {"not_voted", r.not_voted}, {"passed", r.passed},
          {"percent", {{"yes", FormatPercent(r.yes_pct, false)}, {"no", FormatPercent(r.no_pct, false)},
                       {"abstain", FormatPercent(r.abstain_pct, false)},
                       {"not_voted", FormatPercent(r.not_voted_pct, false)}}}};
}

json ElectionJson(const ElectionResult& r) {
  json cands = json::array();
  for (const auto& c : r.candidates)
    cands.push_back({{"position", c.position}, {"full_name", c.full_name}, {"votes", c.votes},
                     {"percent_valid", FormatPercent(c.pct_valid, false)},
                     {"percent_base", FormatPercent(c.pct_base, false)}, {"passed", c.passed}});
  json runoff = nullptr;
  if (r.runoff)
    runoff = {{"positions", r.runoff->positions}, {"seats", r.runoff->seats}, {"alternates", r.runoff->alternates}};
  return {{"kind", "election"},
          {"seats", r.seats},
          {"alternate_seats", r.alternate_seats},
          {"summoned", r.summoned},
          {"issued", r.issued},
          {"returned", r.returned},
          {"valid", r.valid},
          {"invalid", r.invalid},
          {"invalid_by_reason", r.invalid_by_reason},
          {"threshold_base", ToString(r.threshold_base)},
          {"threshold_base_text", Describe(r.threshold_base)},
          {"base", r.base},
          {"threshold_votes", r.threshold_votes},
          {"candidates", cands},
          {"elected", r.elected},
          {"alternates", r.alternates},
          {"empty_seats", r.empty_seats},
          {"empty_alternates", r.empty_alternates},
          {"runoff", runoff},
          {"problems", r.problems}};
}

int64_t MonotonicMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Status Reason(Status s, const char* reason) { return std::move(s).WithReason(reason); }

// The stored figures of an election poll, for CombineRounds. `all` holds
// the poll a runoff follows (to know which boundary it settles).
std::optional<RoundFigures> FiguresOf(const Poll& q, const std::vector<Poll>& all) {
  auto r = json::parse(q.result_json, nullptr, false);
  if (r.is_discarded() || !r.is_object() || r.value("kind", std::string()) != "election") return std::nullopt;
  RoundFigures f;
  f.poll_id = q.id;
  f.follows_id = q.follows_id;
  f.round = q.round;
  f.purpose = q.purpose;
  f.base = r.value("base", 0);
  f.threshold_votes = r.value("threshold_votes", 0);
  for (const auto& k : r.value("candidates", json::array())) {
    RoundFigures::Line l;
    l.position = k.value("position", 0);
    l.full_name = k.value("full_name", std::string());
    l.votes = k.value("votes", 0);
    l.percent_base = k.value("percent_base", std::string("0.00"));
    l.percent_valid = k.value("percent_valid", std::string("0.00"));
    l.passed = k.value("passed", false);
    for (const auto& o : q.options)
      if (o.position == l.position) l.candidate_id = o.candidate_id;
    f.candidates.push_back(std::move(l));
  }
  for (const auto& x : r.value("elected", json::array())) f.elected.push_back(x.get<int>());
  for (const auto& x : r.value("alternates", json::array())) f.alternates.push_back(x.get<int>());
  if (r.contains("runoff") && r["runoff"].is_object()) {
    Runoff ro;
    for (const auto& x : r["runoff"].value("positions", json::array())) ro.positions.push_back(x.get<int>());
    ro.seats = r["runoff"].value("seats", 0);
    ro.alternates = r["runoff"].value("alternates", false);
    f.runoff = ro;
  }
  if (q.purpose == PollPurpose::kRunoff)
    for (const auto& src : all)
      if (src.id == q.follows_id) {
        auto sr = json::parse(src.result_json, nullptr, false);
        f.runoff_for_alternates = sr.is_object() && sr.contains("runoff") && sr["runoff"].is_object() &&
                                  sr["runoff"].value("alternates", false);
      }
  return f;
}

json SeatJson(const Seat& s) {
  return {{"candidate_id", s.candidate_id}, {"full_name", s.full_name}, {"poll_id", s.poll_id},
          {"round", s.round},               {"purpose", ToString(s.purpose)}, {"votes", s.votes},
          {"base", s.base},                 {"threshold_votes", s.threshold_votes},
          {"percent_base", s.percent_base}, {"percent_valid", s.percent_valid}};
}

json OutcomeJson(const ElectionOutcome& o, const Election& e) {
  json elected = json::array(), alternates = json::array();
  for (const auto& s : o.elected) elected.push_back(SeatJson(s));
  for (const auto& s : o.alternates) alternates.push_back(SeatJson(s));
  return {{"election_id", e.id},
          {"title", e.title},
          {"seats", o.seats},
          {"alternate_seats", o.alternate_seats},
          {"max_rounds", o.max_rounds},
          {"rounds", o.rounds},
          {"polls", o.polls},
          {"elected", elected},
          {"alternates", alternates},
          {"empty_seats", o.empty_seats},
          {"empty_alternates", o.empty_alternates},
          {"runoff_pending", o.runoff_poll_id ? json{{"poll_id", o.runoff_poll_id}, {"seats", o.runoff_seats}}
                                              : json(nullptr)},
          {"status", ToString(o.status)},
          {"final", o.final}};
}

// "vòng 2" or "vòng 1, bầu lại": the round that filled a place.
std::string RoundLabel(const json& seat) {
  return "vòng " + std::to_string(seat.value("round", 1)) +
         (seat.value("purpose", std::string()) == "runoff" ? ", bầu lại" : "");
}

std::string Comma(std::string v) {
  for (auto& ch : v)
    if (ch == '.') ch = ',';
  return v;
}

// What the seats still empty mean, in the words of the minutes.
std::string OutcomeVerdict(const json& o) {
  const int empty = o.value("empty_seats", 0);
  const std::string status = o.value("status", std::string());
  if (status == "runoff_pending") return "Còn người ngang phiếu chờ bầu lại.";
  if (status == "complete") return "Đã bầu đủ " + std::to_string(o.value("seats", 0)) + " vị trí.";
  if (status == "seats_left_empty")
    return std::to_string(empty) + " vị trí để trống (đã bầu đủ " + std::to_string(o.value("max_rounds", 0)) +
           " vòng theo quy định).";
  return "Còn " + std::to_string(empty) + " vị trí chưa có người trúng cử; Đại hội quyết định có bầu tiếp hay không.";
}

}  // namespace

VotingService::VotingService(congress::CongressRepository& congresses, attendance::AttendanceService& attendance,
                             VotingRepository& repo, audit::AuditLog& audit, const Clock& clock,
                             EventPublisher& events)
    : congresses_(congresses), attendance_(attendance), repo_(repo), audit_(audit), clock_(clock),
      events_(events) {}

VotingService::~VotingService() {
  {
    std::lock_guard<std::mutex> lock(progress_mu_);
    stopping_ = true;
  }
  progress_cv_.notify_all();
  if (progress_thread_.joinable()) progress_thread_.join();
  {
    std::lock_guard<std::mutex> lock(filing_mu_);
    filing_stop_ = true;
  }
  filing_cv_.notify_all();
  if (filing_thread_.joinable()) filing_thread_.join();
}

void VotingService::WaitForFiling() {
  std::unique_lock<std::mutex> lock(filing_mu_);
  filing_cv_.wait(lock, [&] { return filing_stop_ || (filing_queue_.empty() && filing_busy_ == 0); });
}

void VotingService::FilingLoop() {
  std::unique_lock<std::mutex> lock(filing_mu_);
  for (;;) {
    filing_cv_.wait(lock, [&] { return filing_stop_ || !filing_queue_.empty(); });
    if (filing_stop_) return;
    auto [slug, id] = filing_queue_.front();
    filing_queue_.erase(filing_queue_.begin());
    ++filing_busy_;
    lock.unlock();
    FileMinutes(slug, id);
    lock.lock();
    --filing_busy_;
    filing_cv_.notify_all();
  }
}

// The published minutes become a congress document (design §3.3 publish).
// A failure is logged in the audit and leaves the poll published: the
// minutes can still be printed on request.
void VotingService::FileMinutes(const std::string& slug, int64_t poll_id) {
  Caller system{"phonghop (biên bản)", congress::Role::kAdmin, 0, 0, ""};
  auto c = Congress(slug);
  if (!c.ok()) return;
  auto p = repo_.GetPoll(c->id, poll_id);
  if (!p.ok() || !p->minutes_code.empty()) return;
  auto md = MinutesMarkdown(slug, poll_id);
  if (!md.ok()) {
    Audit(system, "poll.minutes_failed", std::to_string(poll_id) + " " + md.status().message());
    return;
  }
  auto code = filer_->File(slug, *p, *md);
  if (!code.ok()) {
    Audit(system, "poll.minutes_failed", std::to_string(poll_id) + " " + code.status().message());
    return;
  }
  // The document was filed above (slow: outside any unit); naming it on
  // the poll, the audit row and the event commit together (decision 553).
  Status st = Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.SetMinutesCode(poll_id, *code));
    Audit(system, "poll.minutes_filed", std::to_string(poll_id) + " " + *code);
    events_.Publish(slug, "poll_minutes", json{{"id", poll_id}, {"document", *code}}.dump());
    return Status::Ok();
  });
  if (!st.ok()) Audit(system, "poll.minutes_failed", std::to_string(poll_id) + " " + *code);
}

Result<congress::Congress> VotingService::Congress(std::string_view slug) {
  return congresses_.GetCongress(slug);
}

void VotingService::Audit(const Caller& by, const std::string& action, const std::string& outcome) {
  audit::Entry e;
  e.at = clock_.NowUnix();
  e.actor = by.name.empty() ? "cli" : by.name;
  e.action = action;
  e.outcome = outcome;
  e.address = by.address;
  (void)audit_.Append(e);
}

// ------------------------------------------------------------------ elections

Result<Election> VotingService::CreateElection(std::string_view slug, Election e, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_RETURN_IF_ERROR(ValidateElection(e));
  e.congress_id = c.id;
  e.created_at = clock_.NowUnix();
  PH_ASSIGN_OR_RETURN(e.id, repo_.CreateElection(e));
  Audit(by, "election.create", std::to_string(e.id) + " " + e.title);
  return e;
}

Result<Election> VotingService::GetElection(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  return repo_.GetElection(c.id, id);
}

Result<std::vector<Election>> VotingService::ListElections(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  return repo_.ListElections(c.id);
}

Result<std::vector<Candidate>> VotingService::AddCandidates(std::string_view slug, int64_t election_id,
                                                            std::vector<Candidate> list, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, election_id));
  PH_ASSIGN_OR_RETURN(auto delegates, congresses_.ListDelegates(c.id));
  std::set<std::string> names;
  for (const auto& x : e.candidates) names.insert(utf8::Fold(x.full_name));
  for (size_t i = 0; i < list.size(); ++i) {
    auto& k = list[i];
    const std::string where = list.size() > 1 ? " (ứng cử viên thứ " + std::to_string(i + 1) + ")" : "";
    PH_RETURN_IF_ERROR(ValidateCandidate(k, where));
    if (!names.insert(utf8::Fold(k.full_name)).second)
      return Status::InvalidArgument("Ứng cử viên trùng tên: " + k.full_name + where);
    k.election_id = election_id;
    for (const auto& d : delegates)
      if (utf8::Fold(d.full_name) == utf8::Fold(k.full_name) &&
          (k.delegation.empty() || utf8::Fold(d.delegation_name) == utf8::Fold(k.delegation)))
        k.delegate_id = d.id;
  }
  PH_ASSIGN_OR_RETURN(auto ids, repo_.AddCandidates(election_id, list));
  for (size_t i = 0; i < list.size(); ++i) list[i].id = ids[i];
  Audit(by, "election.candidates", std::to_string(election_id) + " +" + std::to_string(list.size()));
  // A ballot already prepared for the election gains the new names.
  PH_ASSIGN_OR_RETURN(auto now, repo_.GetElection(c.id, election_id));
  PH_ASSIGN_OR_RETURN(auto drafts, RebuiltDrafts(c, now));
  if (!drafts.empty()) PH_RETURN_IF_ERROR(repo_.UpdateElection(now, {}, drafts, clock_.NowUnix()));
  return list;
}

Result<std::vector<Candidate>> VotingService::ImportCandidates(std::string_view slug, int64_t election_id,
                                                               const Table& t, const Caller& by) {
  std::vector<Candidate> list;
  int name_col = 0, birth_col = 1, deleg_col = 2;
  size_t first = 0;
  if (!t.rows.empty()) {
    // A header row names the columns; without one, the order is name, birth date, delegation.
    bool header = false;
    for (size_t i = 0; i < t.rows[0].cells.size(); ++i) {
      std::string h = utf8::Fold(t.rows[0].cells[i]);
      if (h.find("ho va ten") != std::string::npos || h == "ho ten" || h.find("full") != std::string::npos) {
        name_col = static_cast<int>(i);
        header = true;
      } else if (h.find("ngay sinh") != std::string::npos || h.find("nam sinh") != std::string::npos ||
                 h.find("birth") != std::string::npos) {
        birth_col = static_cast<int>(i);
        header = true;
      } else if (h.find("doan") != std::string::npos || h.find("don vi") != std::string::npos ||
                 h.find("delegation") != std::string::npos) {
        deleg_col = static_cast<int>(i);
        header = true;
      }
    }
    first = header ? 1 : 0;
  }
  for (size_t r = first; r < t.rows.size(); ++r) {
    const auto& cells = t.rows[r].cells;
    auto cell = [&](int i) { return i < static_cast<int>(cells.size()) ? cells[i] : std::string(); };
    if (utf8::Trim(cell(name_col)).empty()) {
      bool blank = std::all_of(cells.begin(), cells.end(), [](const std::string& x) { return utf8::Trim(x).empty(); });
      if (blank) continue;
      return Status::InvalidArgument("Dòng " + std::to_string(t.rows[r].line) + ": thiếu họ và tên");
    }
    Candidate k;
    k.full_name = cell(name_col);
    k.birth_date = cell(birth_col);
    k.delegation = cell(deleg_col);
    list.push_back(k);
  }
  if (list.empty()) return Status::InvalidArgument("Tệp không có ứng cử viên nào");
  auto added = AddCandidates(slug, election_id, list, by);
  if (!added.ok() && added.status().code() == StatusCode::kInvalidArgument) {
    // Name the spreadsheet line rather than the position in the list.
    return Status::InvalidArgument(added.status().message());
  }
  return added;
}

Result<Election> VotingService::SetTellers(std::string_view slug, int64_t election_id,
                                           const std::vector<std::string>& badges, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, election_id));
  PH_ASSIGN_OR_RETURN(auto delegates, congresses_.ListDelegates(c.id));
  std::vector<int64_t> ids;
  for (const auto& b : badges) {
    const congress::Delegate* found = nullptr;
    for (const auto& d : delegates)
      if (d.badge == b) found = &d;
    if (!found) return Status::InvalidArgument("Không có đại biểu số thẻ " + b);
    if (found->kind != congress::DelegateKind::kOfficial)
      return Status::InvalidArgument(found->full_name + " không phải đại biểu chính thức nên không vào Ban kiểm phiếu");
    for (const auto& k : e.candidates)
      if (k.delegate_id == found->id || utf8::Fold(k.full_name) == utf8::Fold(found->full_name))
        return Status::InvalidArgument(found->full_name +
                                       " là ứng cử viên nên không được vào Ban kiểm phiếu (R10)");
    if (std::find(ids.begin(), ids.end(), found->id) != ids.end())
      return Status::InvalidArgument("Số thẻ lặp lại: " + b);
    ids.push_back(found->id);
  }
  PH_RETURN_IF_ERROR(repo_.SetTellers(election_id, ids, ids.empty() ? 0 : ids.front()));
  Audit(by, "election.tellers", std::to_string(election_id) + " " + std::to_string(ids.size()));
  return repo_.GetElection(c.id, election_id);
}

// ---------------------------------------------------------------------- polls

Result<Poll> VotingService::CreatePoll(std::string_view slug, const PollDraft& d, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(auto sessions, congresses_.ListSessions(c.id));
  if (std::none_of(sessions.begin(), sessions.end(), [&](auto& s) { return s.id == d.session_id; }))
    return Status::InvalidArgument("Phiên họp không thuộc đại hội này");
  Poll p;
  p.congress_id = c.id;
  p.session_id = d.session_id;
  p.agenda_item_id = d.agenda_item_id;
  p.kind = d.kind;
  p.mode = d.mode;
  p.title = std::string(utf8::Trim(d.title));
  p.duration_s = d.duration_s;
  p.created_by = by.name;
  p.created_at = clock_.NowUnix();
  if (d.duration_s < 0 || d.duration_s > 24 * 3600) return Status::InvalidArgument("Thời hạn không hợp lệ");
  if (d.kind == PollKind::kMotion) {
    if (d.election_id) return Status::InvalidArgument("Biểu quyết không gắn với cuộc bầu cử");
    p.pass_rule = d.pass_rule.value_or(PassRule::kPresent);
    p.options = {{1, "Tán thành", 0, ""}, {2, "Không tán thành", 0, ""}, {3, "Không biểu quyết", 0, ""}};
  } else {
    if (d.pass_rule) return Status::InvalidArgument("pass_rule chỉ dùng cho biểu quyết");
    PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, d.election_id));
    if (p.title.empty()) p.title = e.title;
    p.election_id = e.id;
    p.seats = e.seats;
    p.alternate_seats = e.alternate_seats;
    std::vector<Candidate> list;
    for (const auto& k : e.candidates)
      if (!k.withdrawn) list.push_back(k);
    if (list.empty()) return Status::InvalidArgument("Cuộc bầu cử chưa có ứng cử viên");
    p.options = BallotOf(std::move(list));
  }
  if (p.title.empty() || p.title.size() > 300) return Status::InvalidArgument("Cần nội dung biểu quyết (tối đa 300 ký tự)");
  // The poll, its audit row and its event commit together (decision 553).
  Status done = Units().Run([&]() -> Status {
    PH_ASSIGN_OR_RETURN(p.id, repo_.CreatePoll(p));
    Audit(by, "poll.create", std::to_string(p.id) + " " + ToString(p.kind) + " " + ToString(p.mode));
    PublishState(c, p);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return p;
}

// ---------------------------------------------------------------- drafts

Result<std::vector<Poll>> VotingService::RebuiltDrafts(const congress::Congress& c, const Election& e) {
  PH_ASSIGN_OR_RETURN(auto all, repo_.ListPolls(c.id));
  std::vector<Candidate> list;
  for (const auto& k : e.candidates)
    if (!k.withdrawn) list.push_back(k);
  std::vector<Poll> out;
  for (auto& q : all) {
    if (q.election_id != e.id || q.state != PollState::kCreated || q.purpose != PollPurpose::kMain) continue;
    q.seats = e.seats;
    q.alternate_seats = e.alternate_seats;
    q.options = BallotOf(list);
    out.push_back(std::move(q));
  }
  return out;
}

Result<Election> VotingService::EditElection(std::string_view slug, int64_t id, const ElectionEdit& edit,
                                             const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, id));
  std::string changed;
  auto note = [&](const char* field) { changed += std::string(changed.empty() ? "" : ",") + field; };
  if (edit.title) { e.title = *edit.title; note("title"); }
  if (edit.seats) { e.seats = *edit.seats; note("seats"); }
  if (edit.alternate_seats) { e.alternate_seats = *edit.alternate_seats; note("alternate_seats"); }
  if (edit.max_rounds) { e.max_rounds = *edit.max_rounds; note("max_rounds"); }
  if (edit.threshold_base) { e.threshold_base = *edit.threshold_base; note("threshold_base"); }
  if (edit.tie_rule) { e.tie_rule = *edit.tie_rule; note("tie_rule"); }
  if (edit.runoff_needs_majority) { e.runoff_needs_majority = *edit.runoff_needs_majority; note("runoff_needs_majority"); }
  PH_RETURN_IF_ERROR(ValidateElection(e));
  PH_ASSIGN_OR_RETURN(auto drafts, RebuiltDrafts(c, e));
  PH_RETURN_IF_ERROR(repo_.UpdateElection(e, {}, drafts, clock_.NowUnix()));
  Audit(by, "election.edit", std::to_string(e.id) + " " + changed);
  return repo_.GetElection(c.id, id);
}

Result<Election> VotingService::EditCandidate(std::string_view slug, int64_t election_id, int64_t candidate_id,
                                              const CandidateEdit& edit, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, election_id));
  auto it = std::find_if(e.candidates.begin(), e.candidates.end(), [&](const Candidate& k) { return k.id == candidate_id; });
  if (it == e.candidates.end()) return Status::NotFound("Không có ứng cử viên này trong cuộc bầu cử");
  Candidate k = *it;
  if (edit.full_name) k.full_name = *edit.full_name;
  if (edit.birth_date) k.birth_date = *edit.birth_date;
  if (edit.delegation) k.delegation = *edit.delegation;
  if (edit.withdrawn) k.withdrawn = *edit.withdrawn;
  PH_RETURN_IF_ERROR(ValidateCandidate(k, ""));
  for (const auto& other : e.candidates)
    if (other.id != k.id && utf8::Fold(other.full_name) == utf8::Fold(k.full_name))
      return Status::InvalidArgument("Ứng cử viên trùng tên: " + k.full_name);
  if (edit.full_name || edit.delegation) {
    PH_ASSIGN_OR_RETURN(auto delegates, congresses_.ListDelegates(c.id));
    k.delegate_id = 0;
    for (const auto& d : delegates)
      if (utf8::Fold(d.full_name) == utf8::Fold(k.full_name) &&
          (k.delegation.empty() || utf8::Fold(d.delegation_name) == utf8::Fold(k.delegation)))
        k.delegate_id = d.id;
  }
  *it = k;
  PH_ASSIGN_OR_RETURN(auto drafts, RebuiltDrafts(c, e));
  PH_RETURN_IF_ERROR(repo_.UpdateElection(e, {k}, drafts, clock_.NowUnix()));
  Audit(by, k.withdrawn ? "election.candidate_withdrawn" : "election.candidate_edit",
        std::to_string(election_id) + " " + std::to_string(k.id) + " " + k.full_name);
  return repo_.GetElection(c.id, election_id);
}

Result<Poll> VotingService::EditPoll(std::string_view slug, int64_t id, const PollEdit& edit, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  if (p.state != PollState::kCreated)
    return Reason(Status::Conflict("Không sửa được: cuộc biểu quyết đã mở (chỉ sửa khi chưa mở); muốn đổi thì hủy và "
                                   "tạo cuộc mới"),
                  "poll_not_draft");
  std::string changed;
  auto note = [&](const char* field) { changed += std::string(changed.empty() ? "" : ",") + field; };
  if (edit.title) {
    p.title = std::string(utf8::Trim(*edit.title));
    if (p.title.empty() || p.title.size() > 300) return Status::InvalidArgument("Cần nội dung biểu quyết (tối đa 300 ký tự)");
    note("title");
  }
  if (edit.mode) { p.mode = *edit.mode; note("mode"); }
  if (edit.pass_rule) {
    if (p.kind != PollKind::kMotion) return Status::InvalidArgument("pass_rule chỉ dùng cho biểu quyết");
    p.pass_rule = *edit.pass_rule;
    note("pass_rule");
  }
  if (edit.duration_s) {
    if (*edit.duration_s < 0 || *edit.duration_s > 24 * 3600) return Status::InvalidArgument("Thời hạn không hợp lệ");
    p.duration_s = *edit.duration_s;
    note("duration_s");
  }
  if (edit.session_id) {
    PH_ASSIGN_OR_RETURN(auto sessions, congresses_.ListSessions(c.id));
    if (std::none_of(sessions.begin(), sessions.end(), [&](auto& x) { return x.id == *edit.session_id; }))
      return Status::InvalidArgument("Phiên họp không thuộc đại hội này");
    p.session_id = *edit.session_id;
    note("session_id");
  }
  if (edit.agenda_item_id) { p.agenda_item_id = *edit.agenda_item_id; note("agenda_item_id"); }
  if (changed.empty()) return p;
  Status done = Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.SaveDraft(p, p.options, std::nullopt).status());
    Audit(by, "poll.edit", std::to_string(p.id) + " " + changed);
    PublishState(c, p);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return p;
}

Result<Poll> VotingService::AddRoundCandidate(std::string_view slug, int64_t poll_id, Candidate k, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, poll_id));
  if (p.kind != PollKind::kElection || p.purpose != PollPurpose::kAdditional)
    return Reason(Status::Conflict("Chỉ bổ sung người vào danh sách của vòng bầu tiếp theo (vòng 2 trở đi)"),
                  "not_a_further_round");
  // The ballot is fixed once the round opens: a name comes too late then,
  // whether the open was seen here or only by the store below.
  auto too_late = [&] {
    return Reason(Status::Conflict("Không bổ sung được " + k.full_name + ": vòng bầu " + std::to_string(p.round) +
                                   " đã mở, danh sách trên phiếu đã chốt (chưa lưu gì)"),
                  "poll_not_draft");
  };
  if (p.state != PollState::kCreated) return too_late();
  PH_RETURN_IF_ERROR(ValidateCandidate(k, ""));
  PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, p.election_id));
  const std::string folded = utf8::Fold(k.full_name);
  for (const auto& o : p.options)
    if (utf8::Fold(o.label) == folded)
      return Status::InvalidArgument(k.full_name + " đã có trong danh sách bầu vòng " + std::to_string(p.round));
  // Elected in an earlier round: the outcome so far says who.
  PH_ASSIGN_OR_RETURN(auto all, repo_.ListPolls(c.id));
  std::vector<RoundFigures> rounds;
  for (const auto& q : all)
    if (q.election_id == e.id && q.state == PollState::kPublished)
      if (auto f = FiguresOf(q, all)) rounds.push_back(*f);
  const ElectionOutcome so_far = CombineRounds(e.seats, e.alternate_seats, e.max_rounds, rounds);
  for (const auto& seat : so_far.elected)
    if (utf8::Fold(seat.full_name) == folded)
      return Status::InvalidArgument(k.full_name + " đã trúng cử ở " + (seat.round > 1 ? "vòng " + std::to_string(seat.round) : "vòng 1") +
                                     "; không bầu lại");
  for (const auto& seat : so_far.alternates)
    if (utf8::Fold(seat.full_name) == folded)
      return Status::InvalidArgument(k.full_name + " đã trúng cử dự khuyết; không bầu lại");
  const int limit = MaxListSize(p.seats);
  if (static_cast<int>(p.options.size()) + 1 > limit)
    return Status::InvalidArgument("Danh sách vòng " + std::to_string(p.round) + " đã có " +
                                   std::to_string(p.options.size()) + " người cho " + std::to_string(p.seats) +
                                   " vị trí; số dư không được quá 30% (tối đa " + std::to_string(limit) + " người)");
  // A name of the election's own list (withdrawn, or of an earlier list)
  // comes back as that candidate; anyone else is a new nominee.
  k.election_id = e.id;
  for (const auto& old : e.candidates)
    if (utf8::Fold(old.full_name) == folded)
      return Status::InvalidArgument(k.full_name + " đã rút khỏi danh sách bầu cử này; không bổ sung lại");
  PH_ASSIGN_OR_RETURN(auto delegates, congresses_.ListDelegates(c.id));
  for (const auto& d : delegates)
    if (utf8::Fold(d.full_name) == folded &&
        (k.delegation.empty() || utf8::Fold(d.delegation_name) == utf8::Fold(k.delegation)))
      k.delegate_id = d.id;
  if (k.delegate_id) {
    for (auto t : e.tellers)
      if (t == k.delegate_id)
        return Status::InvalidArgument(k.full_name + " là thành viên Ban kiểm phiếu nên không ứng cử (R10)");
  }
  const std::vector<PollOption> before = p.options;
  std::vector<Candidate> list;
  for (const auto& o : p.options) {
    Candidate x;
    x.id = o.candidate_id;
    x.full_name = o.label;
    x.birth_date = o.birth_date;
    list.push_back(x);
  }
  Candidate added = k;
  added.id = 0;
  list.push_back(added);
  p.options = BallotOf(std::move(list));
  if (FailpointOn("voting_pause_round_add")) std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // One transaction, compare-and-set on `created` and the options read: if
  // the chair opened the round meanwhile, nothing is written (decision 224).
  // With its audit row and its event, in one unit (decision 553).
  Status done = Units().Run([&]() -> Status {
    auto saved = repo_.SaveDraft(p, before, k);
    if (!saved.ok() && saved.status().reason() == "poll_not_draft") return too_late();
    PH_ASSIGN_OR_RETURN(int64_t cid, std::move(saved));
    for (auto& o : p.options)
      if (o.candidate_id == 0) o.candidate_id = cid;
    Audit(by, "poll.round_candidate", std::to_string(p.id) + " +" + k.full_name + " (" + std::to_string(cid) + ")");
    PublishState(c, p);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return p;
}

Result<Poll> VotingService::Load(const congress::Congress& c, int64_t id) {
  PH_ASSIGN_OR_RETURN(Poll p, repo_.GetPoll(c.id, id));
  // A deadline passed: close now (lazily, on the next look at the poll).
  if (p.state == PollState::kOpen && p.duration_s > 0 && clock_.NowUnix() >= p.opened_at + p.duration_s) {
    Caller timer{"hết giờ (deadline)", congress::Role::kAdmin, 0, 0, ""};
    auto closed = Transition(c, p, PollState::kOpen, timer, "poll.close");
    if (closed.ok()) return closed;
    return repo_.GetPoll(c.id, id);
  }
  return p;
}

Result<Poll> VotingService::GetPoll(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  return Load(c, id);
}

Result<std::vector<Poll>> VotingService::ListPolls(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  return repo_.ListPolls(c.id);
}

void VotingService::PublishState(const congress::Congress& c, const Poll& p) {
  json j = {{"id", p.id},       {"state", ToString(p.state)}, {"kind", ToString(p.kind)},
            {"mode", ToString(p.mode)}, {"title", p.title},    {"session_id", p.session_id},
            {"attempt", p.attempt}};
  if (p.state == PollState::kOpen && p.duration_s > 0) j["closes_at"] = p.opened_at + p.duration_s;
  events_.Publish(c.slug, "poll", j.dump(-1, ' ', false, json::error_handler_t::replace));
  if (p.state == PollState::kPublished) events_.Publish(c.slug, "poll_result", json{{"id", p.id}}.dump());
}

Result<Poll> VotingService::Transition(const congress::Congress& c, Poll p, PollState expected, const Caller& by,
                                       const std::string& what) {
  // The new state (with a close, the snapshot and the result), the audit
  // row and the live events are one unit (decision 553): a node dying
  // before the event leaves the poll as it was, and the chair's retry does
  // it once.
  Status done = Units().Run([&]() -> Status {
    if (what == "poll.close") {
      p.state = PollState::kClosed;
      p.closed_at = clock_.NowUnix();
      // The compare-and-set on `open` first: a ballot being cast now either
      // committed before it (and is counted below) or waits for this unit
      // (SQLite's writer lock; PostgreSQL's lock on the poll row, which
      // casting share-locks) and then finds the poll closed: 409.
      PH_RETURN_IF_ERROR(repo_.SavePoll(p, expected));
      if (p.mode != PollMode::kPaper) {  // paper: the totals or the tellers' entries
        PH_RETURN_IF_ERROR(ComputeSnapshot(c, p));
        PH_RETURN_IF_ERROR(repo_.SavePoll(p, PollState::kClosed));
      } else if (p.kind == PollKind::kElection) {
        // Paper ballots: the figures of the room now; the tellers enter the
        // ballots (and may correct issued/returned) afterwards.
        PH_ASSIGN_OR_RETURN(auto roll, attendance_.RollCall(c.slug, p.session_id));
        p.summoned = roll.official_expected;
        p.present = roll.official_present;
        p.issued = p.present;
        PH_RETURN_IF_ERROR(repo_.SavePoll(p, PollState::kClosed));
      }
      // WAL frames are in casting order: empty them (the store does it once
      // this unit has committed, before the reply).
      (void)repo_.Checkpoint();
    } else {
      PH_RETURN_IF_ERROR(repo_.SavePoll(p, expected));
    }
    Audit(by, what, std::to_string(p.id) + " " + ToString(p.state));
    PublishState(c, p);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return p;
}

Result<Poll> VotingService::Open(std::string_view slug, int64_t id, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  PH_ASSIGN_OR_RETURN(auto next, Next(p.state, Transition::kOpen));
  PH_ASSIGN_OR_RETURN(auto roll, attendance_.RollCall(slug, p.session_id));
  if (!roll.quorum_met)
    return Reason(Status::Conflict("Chưa đủ điều kiện tiến hành biểu quyết: " + roll.quorum_message),
                  "quorum_not_met");
  if (p.kind == PollKind::kElection) {
    PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, p.election_id));
    if (p.mode != PollMode::kNamed && e.tellers.size() < 2)
      return Reason(Status::Conflict("Cần ít nhất 2 thành viên Ban kiểm phiếu trước khi bỏ phiếu"), "tellers_missing");
    if (p.round > 1) {  // R8: a further round only by a decision of the congress
      auto d = repo_.GetPoll(c.id, p.decision_id);
      auto dr = d.ok() ? json::parse(d->result_json, nullptr, false) : json();
      if (!d.ok() || d->state != PollState::kPublished || dr.is_discarded() || !dr.is_object() ||
          !dr.value("passed", false))
        return Reason(Status::Conflict("Vòng bầu tiếp cần nghị quyết đã thông qua của Đại hội"), "decision_missing");
    }
  }
  if (FailpointOn("voting_pause_open")) std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const PollState from = p.state;
  p.state = next;
  p.opened_at = clock_.NowUnix();
  auto r = Transition(c, p, from, by, "poll.open");
  if (!r.ok()) return r;
  NoteProgress(c.slug, p.id);
  // The ballot as it opened: a name added to a further round after the
  // load above but before the state changed is on it (decision 224).
  auto opened = repo_.GetPoll(c.id, p.id);
  return opened.ok() ? opened : r;
}

Result<Poll> VotingService::Close(std::string_view slug, int64_t id, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  PH_RETURN_IF_ERROR(Next(p.state, Transition::kClose).status());
  return Transition(c, p, PollState::kOpen, by, "poll.close");
}

Status VotingService::ComputeSnapshot(const congress::Congress& c, Poll& p) {
  PH_ASSIGN_OR_RETURN(auto roll, attendance_.RollCall(c.slug, p.session_id));
  PH_ASSIGN_OR_RETURN(auto ballots, repo_.ListBallots(p.id));
  p.summoned = roll.official_expected;
  p.present = roll.official_present;
  p.issued = p.present;
  p.returned = static_cast<int>(ballots.size());
  std::string tally = "phieu\n";
  std::vector<CountedBallot> counted;
  for (const auto& b : ballots) {
    tally += CanonicalLine(b.ballot) + "\n";
    counted.push_back(b.ballot);
  }
  p.tally_sha256 = Sha256Hex(tally);
  json result;
  if (p.kind == PollKind::kMotion) {
    MotionTally t;
    for (const auto& b : counted) {
      t.yes += b.choice == 'Y';
      t.no += b.choice == 'N';
      t.abstain += b.choice == 'A';
    }
    t.present = p.present;
    t.summoned = p.summoned;
    auto r = CountMotion(t, p.pass_rule);
    if (!r.ok()) {
      // Late check-outs could make more ballots than people present: keep
      // the counts, refuse to publish.
      result = {{"kind", "motion"}, {"problems", {r.status().message()}}};
    } else {
      result = MotionJson(*r);
    }
    p.valid = p.returned;
    p.invalid = 0;
  } else {
    PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, p.election_id));
    ElectionInput in;
    in.seats = p.seats;
    in.alternate_seats = p.alternate_seats;
    in.threshold_base = e.threshold_base;
    in.tie_rule = e.tie_rule;
    in.runoff_needs_majority = e.runoff_needs_majority;
    in.purpose = p.purpose;
    in.options = p.options;
    in.summoned = p.summoned;
    in.issued = p.issued;
    in.ballots = std::move(counted);
    auto r = CountElection(in);
    p.valid = r.valid;
    p.invalid = r.invalid;
    result = ElectionJson(r);
  }
  result["tally_sha256"] = p.tally_sha256;
  result["present"] = p.present;
  p.result_json = result.dump(-1, ' ', false, json::error_handler_t::replace);
  return AttachOverall(c, p);
}

Status VotingService::AttachOverall(const congress::Congress& c, Poll& p) {
  if (p.kind != PollKind::kElection || p.result_json.empty()) return Status::Ok();
  auto r = json::parse(p.result_json, nullptr, false);
  if (r.is_discarded() || !r.is_object()) return Status::Ok();
  PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, p.election_id));
  PH_ASSIGN_OR_RETURN(auto all, repo_.ListPolls(c.id));
  std::vector<RoundFigures> rounds;
  for (const auto& q : all)
    if (q.election_id == e.id && q.id != p.id && q.state == PollState::kPublished)
      if (auto f = FiguresOf(q, all)) rounds.push_back(*f);
  if (auto f = FiguresOf(p, all)) rounds.push_back(*f);
  r["overall"] = OutcomeJson(CombineRounds(e.seats, e.alternate_seats, e.max_rounds, rounds), e);
  p.result_json = r.dump(-1, ' ', false, json::error_handler_t::replace);
  return Status::Ok();
}

Result<std::optional<std::string>> VotingService::CurrentOutcome(std::string_view slug, int64_t election_id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(auto all, repo_.ListPolls(c.id));
  std::optional<std::string> out;
  for (const auto& q : all) {  // by id: the latest published round last
    if (q.election_id != election_id || q.state != PollState::kPublished) continue;
    auto r = json::parse(q.result_json, nullptr, false);
    if (r.is_object() && r.contains("overall")) out = r["overall"].dump(-1, ' ', false, json::error_handler_t::replace);
  }
  return out;
}

Result<Poll> VotingService::Publish(std::string_view slug, int64_t id, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  PH_ASSIGN_OR_RETURN(auto next, Next(p.state, Transition::kPublish));
  if (p.result_json.empty()) return Status::Conflict("Chưa có kết quả để công bố (chưa nhập số phiếu)");
  auto result = json::parse(p.result_json, nullptr, false);
  if (result.is_discarded() || (result.contains("problems") && !result["problems"].empty()))
    return Reason(Status::Conflict("Kết quả vi phạm ràng buộc kiểm phiếu; không công bố được"), "count_inconsistent");
  if (p.kind == PollKind::kElection) {
    PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, p.election_id));
    PH_ASSIGN_OR_RETURN(auto signs, repo_.Signoffs(p.id));
    bool head = false;
    int others = 0;
    for (const auto& s : signs) {
      if (s.sha256 != p.tally_sha256) continue;  // signed an older count
      if (std::find(e.tellers.begin(), e.tellers.end(), s.delegate_id) == e.tellers.end()) continue;
      if (s.delegate_id == e.head_teller) head = true;
      else ++others;
    }
    if (!head || others < 1)
      return Reason(Status::Conflict("Cần Trưởng ban và ít nhất một thành viên Ban kiểm phiếu xác nhận biên bản"),
                    "signoff_missing");
  }
  // Who is elected across every round, with this one: stored with the
  // result, so the hall, the minutes and the spreadsheet print the same.
  PH_RETURN_IF_ERROR(AttachOverall(c, p));
  const PollState from = p.state;
  p.state = next;
  p.published_at = clock_.NowUnix();
  auto out = Transition(c, p, from, by, "poll.publish");
  if (out.ok() && filer_) {
    std::lock_guard<std::mutex> lock(filing_mu_);
    filing_queue_.emplace_back(c.slug, p.id);
    if (!filing_thread_.joinable()) filing_thread_ = std::thread([this] { FilingLoop(); });
    filing_cv_.notify_all();
  }
  return out;
}

Result<Poll> VotingService::Cancel(std::string_view slug, int64_t id, std::string reason, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  PH_ASSIGN_OR_RETURN(auto next, Next(p.state, Transition::kCancel));
  reason = std::string(utf8::Trim(reason));
  if (p.state != PollState::kCreated && reason.empty())
    return Status::InvalidArgument("Cần ghi lý do hủy cuộc biểu quyết");
  if (reason.size() > 500) return Status::InvalidArgument("Lý do quá dài (tối đa 500 ký tự)");
  const PollState from = p.state;
  p.state = next;
  p.cancelled_at = clock_.NowUnix();
  p.cancel_reason = reason;
  // The new state, the ballots' deletion, the audit row and the event
  // commit together (decision 553); the WAL is emptied after the commit.
  Status done = Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.SavePoll(p, from));
    PH_ASSIGN_OR_RETURN(int removed, repo_.ClearBallots(p.id));
    Audit(by, "poll.cancel", std::to_string(p.id) + " ballots=" + std::to_string(removed) + " reason=" + reason);
    PublishState(c, p);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return p;
}

Result<Poll> VotingService::Restart(std::string_view slug, int64_t id, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll old, Load(c, id));
  PH_RETURN_IF_ERROR(Next(old.state, Transition::kRestart).status());
  Poll p;
  p.congress_id = c.id;
  p.session_id = old.session_id;
  p.agenda_item_id = old.agenda_item_id;
  p.kind = old.kind;
  p.mode = old.mode;
  p.title = old.title;
  p.election_id = old.election_id;
  p.round = old.round;
  p.purpose = old.purpose;
  p.seats = old.seats;
  p.alternate_seats = old.alternate_seats;
  p.pass_rule = old.pass_rule;
  p.attempt = old.attempt + 1;
  p.supersedes_id = old.id;
  p.follows_id = old.follows_id;
  p.decision_id = old.decision_id;
  p.duration_s = old.duration_s;
  p.created_by = by.name;
  p.created_at = clock_.NowUnix();
  p.options = old.options;
  Status done = Units().Run([&]() -> Status {
    PH_ASSIGN_OR_RETURN(p.id, repo_.CreatePoll(p));
    Audit(by, "poll.restart", std::to_string(old.id) + " → " + std::to_string(p.id));
    PublishState(c, p);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return p;
}

// ---------------------------------------------------------------------- rounds

Result<Poll> VotingService::RoundSource(const congress::Congress& c, int64_t id) {
  PH_ASSIGN_OR_RETURN(Poll src, Load(c, id));
  if (src.kind != PollKind::kElection) return Status::Conflict("Chỉ cuộc bầu cử mới có bầu lại hoặc bầu tiếp");
  if (src.state != PollState::kPublished)
    return Reason(Status::Conflict("Cần công bố kết quả vòng này trước khi tổ chức bầu lại hoặc bầu tiếp"),
                  "not_published");
  PH_ASSIGN_OR_RETURN(auto all, repo_.ListPolls(c.id));
  for (const auto& q : all)
    if (q.follows_id == src.id && q.state != PollState::kCancelled)
      return Reason(Status::Conflict("Đã có cuộc bầu tiếp theo cho vòng này (số " + std::to_string(q.id) + ")"),
                    "round_exists");
  return src;
}

Result<Poll> VotingService::SaveRound(const congress::Congress& c, Poll p, const Caller& by, const std::string& what) {
  p.congress_id = c.id;
  p.state = PollState::kCreated;
  p.created_by = by.name;
  p.created_at = clock_.NowUnix();
  Status done = Units().Run([&]() -> Status {
    auto id = repo_.CreatePoll(p);
    // The unique indexes decide a race between two chairs.
    if (!id.ok() && id.status().code() == StatusCode::kConflict)
      return Reason(Status::Conflict("Đã có cuộc bầu tiếp theo cho vòng này"), "round_exists");
    PH_RETURN_IF_ERROR(id.status());
    p.id = *id;
    Audit(by, what, std::to_string(p.follows_id) + " → " + std::to_string(p.id) + " seats=" + std::to_string(p.seats));
    PublishState(c, p);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return p;
}

Result<Poll> VotingService::CreateRunoff(std::string_view slug, int64_t id, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll src, RoundSource(c, id));
  auto r = json::parse(src.result_json, nullptr, false);
  if (r.is_discarded() || !r.contains("runoff") || r["runoff"].is_null())
    return Reason(Status::Conflict("Kết quả không có người ngang phiếu cần bầu lại"), "no_runoff");
  std::set<int> tied;
  for (const auto& x : r["runoff"]["positions"]) tied.insert(x.get<int>());
  const int seats = r["runoff"].value("seats", 0);
  if (tied.size() < 2 || seats < 1 || seats >= static_cast<int>(tied.size()))
    return Reason(Status::Conflict("Kết quả không có người ngang phiếu cần bầu lại"), "no_runoff");
  Poll p;
  p.session_id = src.session_id;
  p.agenda_item_id = src.agenda_item_id;
  p.kind = PollKind::kElection;
  p.mode = src.mode;
  p.election_id = src.election_id;
  p.round = src.round;
  p.purpose = PollPurpose::kRunoff;
  p.seats = seats;
  p.alternate_seats = 0;
  p.follows_id = src.id;
  p.duration_s = src.duration_s;
  // The tied names keep their A-B-C order, renumbered on the new ballot.
  for (const auto& o : src.options)
    if (tied.count(o.position)) {
      PollOption n = o;
      n.position = static_cast<int>(p.options.size()) + 1;
      p.options.push_back(n);
    }
  const bool alt = r["runoff"].value("alternates", false);
  p.title = src.title + " — bầu lại " + std::to_string(seats) + (alt ? " vị trí dự khuyết" : " vị trí") +
            " giữa " + std::to_string(p.options.size()) + " người ngang phiếu";
  if (p.title.size() > 300) p.title = "Bầu lại giữa những người ngang phiếu (vòng " + std::to_string(src.round) + ")";
  return SaveRound(c, std::move(p), by, "poll.runoff");
}

Result<Poll> VotingService::CreateNextRound(std::string_view slug, int64_t id, int64_t decision_id,
                                            std::optional<PollMode> mode, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll src, RoundSource(c, id));
  PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, src.election_id));
  PH_ASSIGN_OR_RETURN(auto all, repo_.ListPolls(c.id));
  // Who is elected so far: the one outcome over every published poll of
  // the election (the same that the minutes and the hall print).
  int last_round = 1;
  std::vector<RoundFigures> rounds;
  for (const auto& q : all) {
    if (q.election_id != e.id || q.kind != PollKind::kElection || q.state == PollState::kCancelled) continue;
    last_round = std::max(last_round, q.round);
    if (q.state != PollState::kPublished) continue;
    if (auto f = FiguresOf(q, all)) rounds.push_back(*f);
  }
  const ElectionOutcome so_far = CombineRounds(e.seats, e.alternate_seats, e.max_rounds, rounds);
  std::set<int64_t> elected;
  for (const auto& seat : so_far.elected) elected.insert(seat.candidate_id);
  const bool pending_runoff = so_far.runoff_poll_id != 0;
  if (pending_runoff)
    return Reason(Status::Conflict("Còn người ngang phiếu chưa bầu lại; bầu lại trước khi bầu tiếp"), "runoff_pending");
  const int empty = e.seats - static_cast<int>(elected.size());
  if (empty < 1) return Reason(Status::Conflict("Đã bầu đủ số lượng; không còn vị trí trống"), "no_empty_seats");
  if (src.round != last_round)
    return Reason(Status::Conflict("Chỉ bầu tiếp sau vòng bầu cuối cùng (vòng " + std::to_string(last_round) + ")"),
                  "not_last_round");
  if (src.round + 1 > e.max_rounds)
    return Reason(Status::Conflict("Đã bầu đủ " + std::to_string(e.max_rounds) +
                                   " vòng theo quy định; " + std::to_string(empty) + " vị trí để trống"),
                  "max_rounds");
  // R8: only by a recorded decision of the congress, taken after this result.
  auto missing = [&](const std::string& why) {
    return Reason(Status::Conflict("Cần nghị quyết của Đại hội đồng ý bầu tiếp: " + why), "decision_missing");
  };
  if (decision_id == 0) return missing("chưa chọn cuộc biểu quyết");
  auto d = repo_.GetPoll(c.id, decision_id);
  if (!d.ok()) return missing("không có cuộc biểu quyết số " + std::to_string(decision_id));
  if (d->kind != PollKind::kMotion) return missing("đó không phải là một cuộc biểu quyết");
  if (d->state != PollState::kPublished) return missing("kết quả biểu quyết chưa được công bố");
  auto dr = json::parse(d->result_json, nullptr, false);
  if (dr.is_discarded() || !dr.value("passed", false)) return missing("biểu quyết không được thông qua");
  if (d->published_at < src.published_at) return missing("biểu quyết diễn ra trước khi có kết quả vòng này");
  for (const auto& q : all)
    if (q.decision_id == d->id && q.state != PollState::kCancelled)
      return missing("biểu quyết này đã dùng cho vòng bầu số " + std::to_string(q.id));
  Poll p;
  p.session_id = src.session_id;
  p.agenda_item_id = src.agenda_item_id;
  p.kind = PollKind::kElection;
  p.mode = mode.value_or(src.mode);
  p.election_id = e.id;
  p.round = src.round + 1;
  p.purpose = PollPurpose::kAdditional;
  p.seats = empty;
  p.alternate_seats = 0;
  p.follows_id = src.id;
  p.decision_id = d->id;
  p.duration_s = src.duration_s;
  std::vector<Candidate> list;
  for (const auto& k : e.candidates)
    if (!k.withdrawn && !elected.count(k.id)) list.push_back(k);
  if (list.empty()) return Reason(Status::Conflict("Không còn ai trong danh sách để bầu tiếp"), "no_candidates");
  std::stable_sort(list.begin(), list.end(),
                   [](const Candidate& a, const Candidate& b) { return NameKey(a.full_name) < NameKey(b.full_name); });
  for (size_t i = 0; i < list.size(); ++i)
    p.options.push_back({static_cast<int>(i) + 1, list[i].full_name, list[i].id, list[i].birth_date});
  p.title = e.title + " — vòng " + std::to_string(p.round) + " (" + std::to_string(empty) + " vị trí còn thiếu)";
  if (p.title.size() > 300) p.title = "Bầu vòng " + std::to_string(p.round);
  return SaveRound(c, std::move(p), by, "poll.next_round");
}

Result<Poll> VotingService::EnterTally(std::string_view slug, int64_t id, int yes, int no, int abstain,
                                       const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  if (p.kind != PollKind::kMotion || p.mode != PollMode::kPaper)
    return Status::Conflict("Chỉ nhập tổng số cho biểu quyết giơ thẻ (paper)");
  const bool open = p.state == PollState::kOpen;
  if (!open && !(p.state == PollState::kClosed && p.result_json.empty()))
    return Status::Conflict("Cuộc biểu quyết phải đang mở để nhập kết quả giơ thẻ");
  PH_ASSIGN_OR_RETURN(auto roll, attendance_.RollCall(slug, p.session_id));
  MotionTally t{yes, no, abstain, roll.official_present, roll.official_expected};
  PH_ASSIGN_OR_RETURN(auto r, CountMotion(t, p.pass_rule));
  const PollState from = p.state;
  p.state = PollState::kClosed;
  if (open) p.closed_at = clock_.NowUnix();
  p.summoned = t.summoned;
  p.present = t.present;
  p.issued = t.present;
  p.returned = yes + no + abstain;
  p.valid = p.returned;
  p.invalid = 0;
  const std::string tally = "phieu\nY=" + std::to_string(yes) + "\nN=" + std::to_string(no) +
                            "\nA=" + std::to_string(abstain) + "\n";
  p.tally_sha256 = Sha256Hex(tally);
  json j = MotionJson(r);
  j["tally_sha256"] = p.tally_sha256;
  j["present"] = p.present;
  p.result_json = j.dump();
  Status done = Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(repo_.SavePoll(p, from));
    Audit(by, "poll.tally", std::to_string(p.id) + " " + std::to_string(yes) + "/" + std::to_string(no) + "/" +
                                std::to_string(abstain));
    PublishState(c, p);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return p;
}

// -------------------------------------------------------------------- ballots

Result<std::string> VotingService::DecodeNonce(std::string_view nonce) {
  if (nonce.size() != 22) return Status::InvalidArgument("nonce phải gồm 22 ký tự base64url (16 byte)");
  auto val = [](char ch) -> int {
    if (ch >= 'A' && ch <= 'Z') return ch - 'A';
    if (ch >= 'a' && ch <= 'z') return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9') return ch - '0' + 52;
    if (ch == '-') return 62;
    if (ch == '_') return 63;
    return -1;
  };
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char ch : nonce) {
    int v = val(ch);
    if (v < 0) return Status::InvalidArgument("nonce phải là base64url");
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // 22 × 6 = 132 bits: 16 bytes and 4 spare bits, which must be zero.
  if (out.size() != 16 || (acc & ((1u << bits) - 1)) != 0)
    return Status::InvalidArgument("nonce phải mã hóa đúng 16 byte");
  return out;
}

std::string VotingService::ReceiptCode(const std::string& id) {
  static const char kB32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  uint64_t v = 0;
  for (int i = 0; i < 5 && i < static_cast<int>(id.size()); ++i) v = (v << 8) | static_cast<unsigned char>(id[i]);
  std::string s;
  for (int i = 7; i >= 0; --i) s.push_back(kB32[(v >> (5 * i)) & 31]);
  return s.substr(0, 4) + "-" + s.substr(4);
}

Result<CastOutcome> VotingService::Cast(std::string_view slug, int64_t id, const BallotInput& in, const Caller& by) {
  if (by.delegate_id == 0)
    return Reason(Status::PermissionDenied("Chỉ đại biểu đăng nhập bằng thẻ mới biểu quyết được"), "not_a_delegate");
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  auto forged = [&](const std::string& m) {
    Audit(by, "vote_rejected", std::to_string(p.id) + " forged_ballot");  // never the choice
    return Reason(Status::InvalidArgument("Phiếu không hợp lệ: " + m), "forged_ballot");
  };
  auto nonce = DecodeNonce(in.nonce);
  if (!nonce.ok()) return forged(nonce.status().message());
  CastRequest req;
  req.poll_id = p.id;
  req.delegate_id = by.delegate_id;
  req.session_id = by.session_id;
  req.ballot_id = *nonce;
  if (p.kind == PollKind::kMotion) {
    if (!in.choice || in.keep) return forged("biểu quyết cần \"choice\": Y, N hoặc A");
    if (*in.choice != 'Y' && *in.choice != 'N' && *in.choice != 'A') return forged("lựa chọn phải là Y, N hoặc A");
    req.ballot.choice = *in.choice;
  } else {
    if (!in.keep || in.choice) return forged("phiếu bầu cần \"keep\": các vị trí giữ lại");
    if (in.keep->size() > p.options.size()) return forged("quá nhiều vị trí");
    auto cls = ClassifyKeep(*in.keep, static_cast<int>(p.options.size()), p.seats + p.alternate_seats);
    if (!cls.ok()) return forged(cls.status().message());
    req.ballot.keep = *in.keep;
    std::sort(req.ballot.keep.begin(), req.ballot.keep.end());
    req.ballot.invalid = *cls;
  }
  if (p.mode == PollMode::kPaper)
    return Reason(Status::Conflict("Cuộc biểu quyết này bỏ phiếu giấy / giơ thẻ, không bỏ phiếu trên điện thoại"),
                  "poll_not_open");
  PH_ASSIGN_OR_RETURN(Eligibility e, repo_.CastBallot(req, p.mode));
  switch (e) {
    case Eligibility::kAccept:
      // The serve command's audit row for this request names the delegate
      // and the route, never the body: no second entry here.
      NoteProgress(c.slug, p.id);
      return CastOutcome{true, ReceiptCode(req.ballot_id)};
    case Eligibility::kAlreadyRecorded:
      return CastOutcome{false, ReceiptCode(req.ballot_id)};
    case Eligibility::kPollNotOpen:
    case Eligibility::kAlreadyVoted:
      return Reason(Status::Conflict(Explain(e)), ToString(e));
    case Eligibility::kDeviceNotBound:
      Audit(by, "poll.device_not_bound", std::to_string(p.id) + " (cảnh báo: thẻ dùng trên thiết bị thứ hai)");
      return Reason(Status::PermissionDenied(Explain(e)), ToString(e));
    default:
      return Reason(Status::PermissionDenied(Explain(e)), ToString(e));
  }
}

Result<MeInfo> VotingService::Me(std::string_view slug, int64_t id, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  MeInfo m;
  VoterFacts f;
  if (by.delegate_id) {
    PH_ASSIGN_OR_RETURN(f, repo_.Facts(p.id, by.delegate_id, by.session_id));
  }
  f.delegate_session = by.delegate_id != 0;
  f.state = p.state;
  f.nonce_recorded = false;
  m.voted = f.already_voted;
  Eligibility e = Decide(f);
  if (p.mode == PollMode::kPaper && e == Eligibility::kAccept) e = Eligibility::kPollNotOpen;
  m.eligible = e == Eligibility::kAccept;
  m.reason = m.eligible ? "" : ToString(e);
  m.message = Explain(e);
  return m;
}

Result<ReceiptCheck> VotingService::CheckReceipt(std::string_view slug, int64_t id, std::string_view nonce) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  if (p.state != PollState::kPublished) return Status::Conflict("Kết quả chưa công bố");
  auto bid = DecodeNonce(nonce);
  if (!bid.ok()) return Status::NotFound("Không có phiếu với mã này");
  PH_ASSIGN_OR_RETURN(auto b, repo_.FindBallot(p.id, *bid));
  if (!b) return Status::NotFound("Không có phiếu với mã này");
  return ReceiptCheck{true, b->ballot.invalid == InvalidReason::kNone};
}

Result<Progress> VotingService::CurrentProgress(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, repo_.GetPoll(c.id, id));
  PH_ASSIGN_OR_RETURN(int cast, repo_.CountVoters(p.id));
  PH_ASSIGN_OR_RETURN(auto roll, attendance_.RollCall(slug, p.session_id));
  return Progress{cast, roll.official_present};
}

Result<std::string> VotingService::TallyCsv(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  if (p.state != PollState::kClosed && p.state != PollState::kPublished)
    return Status::Conflict("Bảng kê chỉ có sau khi đóng cuộc biểu quyết");
  if (p.mode == PollMode::kPaper && p.kind == PollKind::kMotion) {
    auto j = json::parse(p.result_json, nullptr, false);
    if (j.is_discarded()) return Status::Conflict("Chưa nhập kết quả");
    return "phieu\nY=" + std::to_string(j.value("yes", 0)) + "\nN=" + std::to_string(j.value("no", 0)) +
           "\nA=" + std::to_string(j.value("abstain", 0)) + "\n";
  }
  PH_ASSIGN_OR_RETURN(auto ballots, repo_.ListBallots(p.id));
  std::string tally = "phieu\n";
  for (const auto& b : ballots) tally += CanonicalLine(b.ballot) + "\n";
  return tally;
}

namespace {

// Times in the minutes as the tellers write them (30/11/2026, venue time).
std::string Iso(int64_t t) { return t ? FormatVenueTimeVi(t) : "—"; }

std::string Pct(const json& j, const char* key) {
  std::string v = j.value(key, std::string("0.00"));
  for (auto& ch : v)
    if (ch == '.') ch = ',';
  return v + " %";
}

}  // namespace

Result<std::vector<std::vector<std::string>>> VotingService::ResultRows(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  if (p.state != PollState::kClosed && p.state != PollState::kPublished)
    return Status::Conflict("Kết quả chỉ có sau khi đóng cuộc biểu quyết");
  auto r = json::parse(p.result_json, nullptr, false);
  if (r.is_discarded() || !r.is_object()) return Status::Conflict("Chưa có kết quả (chưa nhập số phiếu)");
  using Rows = std::vector<std::vector<std::string>>;
  Rows rows;
  auto num = [&](const char* k) { return std::to_string(r.value(k, 0)); };
  auto pct = [](const json& j, const char* key) {
    std::string v = j.is_object() ? j.value(key, std::string("0.00")) : "0.00";
    for (auto& ch : v)
      if (ch == '.') ch = ',';
    return v;
  };
  const std::string state = p.state == PollState::kPublished ? "đã công bố" : "chưa công bố";
  if (p.kind == PollKind::kMotion) {
    rows.push_back({"Nội dung", "Số phiếu", "Tỷ lệ (%)"});
    const json& pc = r.contains("percent") ? r["percent"] : json::object();
    rows.push_back({"Tán thành", num("yes"), pct(pc, "yes")});
    rows.push_back({"Không tán thành", num("no"), pct(pc, "no")});
    rows.push_back({"Không biểu quyết", num("abstain"), pct(pc, "abstain")});
    rows.push_back({"Không tham gia", num("not_voted"), pct(pc, "not_voted")});
    rows.push_back({"Cơ sở tính", num("base"), "100,00"});
    rows.push_back({"Kết quả", r.value("passed", false) ? "ĐƯỢC THÔNG QUA" : "KHÔNG ĐƯỢC THÔNG QUA", state});
  } else {
    std::set<int> elected, alternates, tied;
    for (const auto& x : r.value("elected", json::array())) elected.insert(x.get<int>());
    for (const auto& x : r.value("alternates", json::array())) alternates.insert(x.get<int>());
    if (r.contains("runoff") && r["runoff"].is_object())
      for (const auto& x : r["runoff"]["positions"]) tied.insert(x.get<int>());
    rows.push_back({"STT", "Họ và tên", "Số phiếu", "% phiếu hợp lệ", "% cơ sở tính", "Kết quả"});
    for (const auto& k : r.value("candidates", json::array())) {
      const int pos = k.value("position", 0);
      std::string verdict = elected.count(pos) ? "Trúng cử" : alternates.count(pos) ? "Dự khuyết"
                            : tied.count(pos) ? "Ngang phiếu — bầu lại" : "";
      rows.push_back({std::to_string(pos), k.value("full_name", std::string()), std::to_string(k.value("votes", 0)),
                      pct(k, "percent_valid"), pct(k, "percent_base"), verdict});
    }
    rows.push_back({});
    rows.push_back({"", "Số đại biểu chính thức được triệu tập", num("summoned")});
    rows.push_back({"", "Số phiếu phát ra", num("issued")});
    rows.push_back({"", "Số phiếu thu vào", num("returned")});
    rows.push_back({"", "Số phiếu hợp lệ", num("valid")});
    rows.push_back({"", "Số phiếu không hợp lệ", num("invalid")});
    rows.push_back({"", std::string("Trúng cử khi được ") + Describe(ParseThresholdBase(r.value("threshold_base", std::string("valid")))
                                                                        .value_or(ThresholdBase::kValid)),
                    num("threshold_votes") + " phiếu trở lên"});
    rows.push_back({"", "Số vị trí còn trống", num("empty_seats")});
    rows.push_back({"", "Tình trạng", state});
    const json o = r.value("overall", json::object());
    if (o.is_object() && o.value("polls", json::array()).size() > 1) {
      // The outcome across rounds, from the same stored result.
      rows.push_back({});
      rows.push_back({"", "KẾT QUẢ CHUNG CUỘC: " + o.value("title", std::string())});
      rows.push_back({"STT", "Họ và tên", "Số phiếu", "% cơ sở tính", "Vòng", "Kết quả"});
      int k = 0;
      auto seat_row = [&](const json& seat, const char* verdict) {
        rows.push_back({std::to_string(++k), seat.value("full_name", std::string()),
                        std::to_string(seat.value("votes", 0)), Comma(seat.value("percent_base", std::string())),
                        RoundLabel(seat), verdict});
      };
      for (const auto& seat : o["elected"]) seat_row(seat, "Trúng cử");
      for (const auto& seat : o["alternates"]) seat_row(seat, "Dự khuyết");
      rows.push_back({"", "Số người trúng cử", std::to_string(o.value("elected", json::array()).size()) + "/" +
                                                   std::to_string(o.value("seats", 0))});
      rows.push_back({"", "Số vị trí còn trống (chung cuộc)", std::to_string(o.value("empty_seats", 0))});
      rows.push_back({"", "Kết luận", OutcomeVerdict(o)});
    }
  }
  rows.push_back({});
  rows.push_back({"", "Cuộc biểu quyết", p.title});
  rows.push_back({"", "SHA-256 bảng kê", p.tally_sha256});
  return rows;
}

Result<std::string> VotingService::MinutesMarkdown(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  if (p.state != PollState::kClosed && p.state != PollState::kPublished)
    return Status::Conflict("Biên bản chỉ có sau khi đóng cuộc biểu quyết");
  auto r = json::parse(p.result_json, nullptr, false);
  if (r.is_discarded()) return Status::Conflict("Chưa có kết quả (chưa nhập số phiếu)");
  PH_ASSIGN_OR_RETURN(auto delegates, congresses_.ListDelegates(c.id));
  auto name_of = [&](int64_t did) {
    for (const auto& d : delegates)
      if (d.id == did) return d.full_name + (d.delegation_name.empty() ? "" : " (" + d.delegation_name + ")");
    return std::string("?");
  };
  const bool election = p.kind == PollKind::kElection;
  std::string md = std::string("# BIÊN BẢN ") + (election ? "KIỂM PHIẾU BẦU CỬ" : "KIỂM PHIẾU BIỂU QUYẾT") + "\n\n";
  md += "**" + c.name + " " + c.ordinal + "**" + (c.term.empty() ? "" : ", nhiệm kỳ " + c.term) + "\n\n";
  md += "**Nội dung:** " + p.title + "\n\n";
  const char* form = p.mode == PollMode::kSecret ? "bỏ phiếu kín trên điện thoại"
                     : p.mode == PollMode::kNamed ? "biểu quyết công khai trên điện thoại"
                                                  : (election ? "phiếu giấy" : "giơ thẻ");
  md += std::string("**Hình thức:** ") + form + "; lần tổ chức thứ " + std::to_string(p.attempt) + "\n\n";
  if (p.purpose == PollPurpose::kRunoff)
    md += "**Bầu lại** giữa những người ngang phiếu của cuộc bầu số " + std::to_string(p.follows_id) + "\n\n";
  if (p.purpose == PollPurpose::kAdditional)
    md += "**Vòng " + std::to_string(p.round) + "**, bầu tiếp theo nghị quyết của Đại hội (biểu quyết số " +
          std::to_string(p.decision_id) + ")\n\n";
  md += "**Thời gian:** mở " + Iso(p.opened_at) + ", đóng " + Iso(p.closed_at) + "\n\n";
  std::optional<Election> e;
  if (election) {
    PH_ASSIGN_OR_RETURN(auto ee, repo_.GetElection(c.id, p.election_id));
    e = ee;
    md += "## Ban kiểm phiếu\n\n";
    for (auto t : e->tellers) md += "- " + name_of(t) + (t == e->head_teller ? " — Trưởng ban" : "") + "\n";
    md += "\n## Số lượng và nguyên tắc\n\n";
    md += "- Số lượng cần bầu: " + std::to_string(p.seats) +
          (p.alternate_seats ? " chính thức và " + std::to_string(p.alternate_seats) + " dự khuyết" : "") + "\n";
    md += "- Số người trong danh sách bầu cử: " + std::to_string(p.options.size()) + "\n";
    md += std::string("- Người trúng cử phải được ") + Describe(e->threshold_base) + " (" +
          std::to_string(r.value("threshold_votes", 0)) + " phiếu trở lên)\n\n";
  }
  md += "## Kết quả kiểm phiếu\n\n";
  md += "- Tổng số đại biểu chính thức được triệu tập: " + std::to_string(p.summoned) + "\n";
  md += "- Số đại biểu chính thức có mặt: " + std::to_string(p.present) + "\n";
  if (election) {
    md += "- Số phiếu phát ra: " + std::to_string(r.value("issued", 0)) + "\n";
    md += "- Số phiếu thu vào: " + std::to_string(r.value("returned", 0)) + "\n";
    md += "- Số phiếu hợp lệ: " + std::to_string(r.value("valid", 0)) + "\n";
    md += "- Số phiếu không hợp lệ: " + std::to_string(r.value("invalid", 0)) + "\n";
    if (r.contains("invalid_by_reason"))
      for (auto& [k, v] : r["invalid_by_reason"].items())
        md += std::string("- Trong đó không hợp lệ vì ") + Describe(ParseInvalidReason(k).value_or(InvalidReason::kNone)) + ": " +
              std::to_string(v.get<int>()) + "\n";
    md += "\n## Số phiếu bầu cho từng người (theo thứ tự A, B, C)\n\n";
    for (const auto& k : r["candidates"])
      md += std::to_string(k.value("position", 0)) + ". **" + k.value("full_name", std::string()) + "**: " +
            std::to_string(k.value("votes", 0)) + " phiếu, " + Pct(k, "percent_valid") + " số phiếu hợp lệ, " +
            Pct(k, "percent_base") + " của cơ sở tính\n";
    auto label = [&](int pos) {
      for (const auto& k : r["candidates"])
        if (k.value("position", 0) == pos) return k.value("full_name", std::string()) + " (" + std::to_string(k.value("votes", 0)) + " phiếu)";
      return std::string("?");
    };
    md += "\n## Người trúng cử (theo số phiếu)\n\n";
    int n = 0;
    for (const auto& x : r["elected"]) md += std::to_string(++n) + ". " + label(x.get<int>()) + "\n";
    if (n == 0) md += "Không có người trúng cử.\n";
    if (!r["alternates"].empty()) {
      md += "\n**Dự khuyết:**\n\n";
      n = 0;
      for (const auto& x : r["alternates"]) md += std::to_string(++n) + ". " + label(x.get<int>()) + "\n";
    }
    if (r.value("empty_seats", 0) > 0)
      md += "\nCòn " + std::to_string(r.value("empty_seats", 0)) + " vị trí chưa bầu đủ; Đoàn Chủ tịch xin ý kiến Đại hội.\n";
    if (!r["runoff"].is_null()) {
      md += "\nHòa phiếu: bầu lại giữa";
      for (const auto& x : r["runoff"]["positions"]) md += " " + label(x.get<int>()) + ";";
      md += " cho " + std::to_string(r["runoff"].value("seats", 0)) + " vị trí.\n";
    }
    // Everyone elected across the rounds, with the round and the figures
    // that elected them (stored with the result at close and at publish).
    const json o = r.value("overall", json::object());
    if (o.is_object() && o.value("polls", json::array()).size() > 1) {
      md += "\n## Kết quả chung cuộc của cuộc bầu cử (qua " + std::to_string(o.value("polls", json::array()).size()) +
            " lần bỏ phiếu)\n\n";
      md += "**" + o.value("title", std::string()) + ":** " + std::to_string(o.value("elected", json::array()).size()) +
            "/" + std::to_string(o.value("seats", 0)) + " người trúng cử\n\n";
      int k = 0;
      for (const auto& seat : o["elected"])
        md += std::to_string(++k) + ". " + seat.value("full_name", std::string()) + " — " + RoundLabel(seat) + ": " +
              std::to_string(seat.value("votes", 0)) + " phiếu, " + Comma(seat.value("percent_base", std::string())) +
              " % của cơ sở tính\n";
      if (k == 0) md += "Chưa có người trúng cử.\n";
      if (!o.value("alternates", json::array()).empty()) {
        md += "\n**Dự khuyết:**\n\n";
        k = 0;
        for (const auto& seat : o["alternates"])
          md += std::to_string(++k) + ". " + seat.value("full_name", std::string()) + " — " + RoundLabel(seat) + ": " +
                std::to_string(seat.value("votes", 0)) + " phiếu, " + Comma(seat.value("percent_base", std::string())) +
                " % của cơ sở tính\n";
      }
      md += "\n" + OutcomeVerdict(o) + "\n";
    }
  } else {
    md += "- Cơ sở tính (" + r.value("rule", std::string()) + "): " + std::to_string(r.value("base", 0)) + "\n";
    md += "- Tán thành: " + std::to_string(r.value("yes", 0)) + " (" + Pct(r["percent"], "yes") + ")\n";
    md += "- Không tán thành: " + std::to_string(r.value("no", 0)) + " (" + Pct(r["percent"], "no") + ")\n";
    md += "- Không biểu quyết: " + std::to_string(r.value("abstain", 0)) + " (" + Pct(r["percent"], "abstain") + ")\n";
    md += "- Không tham gia: " + std::to_string(r.value("not_voted", 0)) + " (" + Pct(r["percent"], "not_voted") + ")\n\n";
    md += std::string("**Kết luận: ") + (r.value("passed", false) ? "ĐƯỢC THÔNG QUA" : "KHÔNG ĐƯỢC THÔNG QUA") +
          "** (cần hơn một nửa của cơ sở tính tán thành)\n";
  }
  // Earlier attempts of this poll, cancelled, with their reasons.
  int64_t prev = p.supersedes_id;
  bool header = false;
  while (prev) {
    auto old = repo_.GetPoll(c.id, prev);
    if (!old.ok()) break;
    if (!header) md += "\n## Các lần tổ chức trước (đã hủy)\n\n";
    header = true;
    md += "- Lần " + std::to_string(old->attempt) + ": hủy lúc " + Iso(old->cancelled_at) + ", lý do: " +
          (old->cancel_reason.empty() ? "—" : old->cancel_reason) + "\n";
    prev = old->supersedes_id;
  }
  md += "\n## Xác nhận\n\n";
  md += "Mã SHA-256 của bảng kê từng phiếu (tally.csv):\n\n**" + p.tally_sha256 + "**\n\n";
  PH_ASSIGN_OR_RETURN(auto signs, repo_.Signoffs(p.id));
  int signed_now = 0;
  for (const auto& sgn : signs)
    if (sgn.sha256 == p.tally_sha256) {
      md += "- " + name_of(sgn.delegate_id) + " xác nhận lúc " + Iso(sgn.at) + "\n";
      ++signed_now;
    }
  if (!signed_now) md += "Chưa có thành viên Ban kiểm phiếu xác nhận.\n";
  if (p.mode == PollMode::kSecret)
    md += "\n*Phiếu kín được lưu không kèm danh tính người bỏ phiếu: máy chủ chỉ ghi ai đã bỏ phiếu và, riêng rẽ, "
          "nội dung từng phiếu theo một mã ngẫu nhiên; không lưu thời điểm bỏ phiếu. Trong lúc bỏ phiếu, máy chủ đang "
          "chạy nhìn thấy phiên đăng nhập và lựa chọn trong cùng một yêu cầu nhưng không ghi lại mối liên hệ đó.*\n";
  return md;
}

Result<std::vector<congress::Delegate>> VotingService::Voters(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  PH_ASSIGN_OR_RETURN(auto ids, repo_.Voters(p.id));
  PH_ASSIGN_OR_RETURN(auto all, congresses_.ListDelegates(c.id));
  std::set<int64_t> voted(ids.begin(), ids.end());
  std::vector<congress::Delegate> out;
  for (const auto& d : all)
    if (voted.count(d.id)) out.push_back(d);
  return out;
}

Status VotingService::ResetVotingDevice(std::string_view slug, std::string_view badge, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(auto all, congresses_.ListDelegates(c.id));
  for (const auto& d : all)
    if (d.badge == badge) {
      PH_RETURN_IF_ERROR(repo_.ResetVotingDevice(d.id));
      Audit(by, "poll.rebind_device", d.badge + " " + d.full_name);
      return Status::Ok();
    }
  return Status::NotFound("Không có đại biểu số thẻ này");
}

Result<Reconciliation> VotingService::Reconcile(const congress::Congress& c, Poll& p) {
  PH_ASSIGN_OR_RETURN(auto sets, repo_.PaperSets(p.id));
  Reconciliation rec;
  rec.returned = p.returned;
  std::map<std::string, std::map<std::string, int>> counts;  // set → pattern → n
  std::set<int64_t> authors;
  for (const auto& [name, set] : sets) {
    rec.set_sizes[name] = static_cast<int>(set.ballots.size());
    authors.insert(set.author);
    for (const auto& b : set.ballots) ++counts[name][CanonicalLine(b)];
  }
  std::set<std::string> patterns;
  for (const auto& [name, m] : counts)
    for (const auto& [pat, n] : m) patterns.insert(pat);
  for (const auto& pat : patterns) {
    std::map<std::string, int> per;
    bool differ = false;
    int first = -1;
    for (const auto& [name, m] : counts) {
      auto it = m.find(pat);
      int n = it == m.end() ? 0 : it->second;
      per[name] = n;
      if (first < 0) first = n;
      else if (n != first) differ = true;
    }
    if (differ) rec.differences[pat] = per;
  }
  if (sets.size() < 2 || authors.size() < 2)
    rec.problem = "Cần ít nhất hai bộ phiếu do hai thành viên khác nhau của Ban kiểm phiếu nhập";
  else if (!rec.differences.empty())
    rec.problem = "Các bộ phiếu chưa khớp nhau: kiểm tra lại các mẫu phiếu được liệt kê";
  else if (p.returned <= 0 || rec.set_sizes.begin()->second != p.returned)
    rec.problem = "Số phiếu đã nhập (" + std::to_string(rec.set_sizes.begin()->second) +
                  ") khác số phiếu thu vào (" + std::to_string(p.returned) + ")";
  rec.complete = rec.problem.empty();
  p.result_json.clear();
  p.tally_sha256.clear();
  if (rec.complete) {
    PH_ASSIGN_OR_RETURN(auto e, repo_.GetElection(c.id, p.election_id));
    const auto& ballots = sets.begin()->second.ballots;
    ElectionInput in;
    in.seats = p.seats;
    in.alternate_seats = p.alternate_seats;
    in.threshold_base = e.threshold_base;
    in.tie_rule = e.tie_rule;
    in.runoff_needs_majority = e.runoff_needs_majority;
    in.purpose = p.purpose;
    in.options = p.options;
    in.summoned = p.summoned;
    in.issued = p.issued;
    in.ballots = ballots;
    auto r = CountElection(in);
    p.valid = r.valid;
    p.invalid = r.invalid;
    // No ballot ids on paper: the bảng kê is the sorted canonical lines.
    std::vector<std::string> lines;
    for (const auto& b : ballots) lines.push_back(CanonicalLine(b));
    std::sort(lines.begin(), lines.end());
    std::string tally = "phieu\n";
    for (const auto& l : lines) tally += l + "\n";
    p.tally_sha256 = Sha256Hex(tally);
    json result = ElectionJson(r);
    result["tally_sha256"] = p.tally_sha256;
    result["present"] = p.present;
    p.result_json = result.dump(-1, ' ', false, json::error_handler_t::replace);
    PH_RETURN_IF_ERROR(AttachOverall(c, p));
  }
  return rec;
}

Result<Reconciliation> VotingService::EnterPaper(std::string_view slug, int64_t id, const std::string& set,
                                                 std::optional<int> issued, std::optional<int> returned,
                                                 const std::vector<PaperBallot>& entries, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  if (p.kind != PollKind::kElection || p.mode != PollMode::kPaper)
    return Status::Conflict("Chỉ nhập từng phiếu cho cuộc bầu cử bằng phiếu giấy");
  if (!IsTeller(p, by.delegate_id))
    return Status::PermissionDenied("Chỉ thành viên Ban kiểm phiếu của cuộc bầu cử này nhập phiếu");
  if (p.state != PollState::kClosed) return Status::Conflict("Nhập phiếu sau khi đã thu phiếu (đóng cuộc bầu cử) và trước khi công bố");
  if (set.empty() || set.size() > 8 || set.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
    return Status::InvalidArgument("Tên bộ phiếu là chữ in hoa: A, B, …");
  std::vector<CountedBallot> ballots;
  const int places = p.seats + p.alternate_seats;
  for (size_t i = 0; i < entries.size(); ++i) {
    CountedBallot b;
    const auto& e = entries[i];
    auto cls = ClassifyKeep(e.keep, static_cast<int>(p.options.size()), places);
    if (!cls.ok()) return Status::InvalidArgument("Phiếu thứ " + std::to_string(i + 1) + ": " + cls.status().message());
    b.keep = e.keep;
    std::sort(b.keep.begin(), b.keep.end());
    b.invalid = e.invalid ? *e.invalid : *cls;
    ballots.push_back(std::move(b));
  }
  if (issued && (*issued < 0 || *issued > 100000)) return Status::InvalidArgument("Số phiếu phát ra không hợp lệ");
  if (returned && (*returned < 0 || (issued ? *returned > *issued : *returned > std::max(p.issued, p.present))))
    return Status::InvalidArgument("Số phiếu thu vào không hợp lệ");
  PH_RETURN_IF_ERROR(repo_.ReplacePaperSet(p.id, set, by.delegate_id, ballots));
  if (issued) p.issued = *issued;
  if (returned) p.returned = *returned;
  PH_ASSIGN_OR_RETURN(auto rec, Reconcile(c, p));
  PH_RETURN_IF_ERROR(repo_.SavePoll(p, PollState::kClosed));
  Audit(by, "poll.paper", std::to_string(p.id) + " set " + set + " " + std::to_string(ballots.size()) +
                              (rec.complete ? " khớp" : " chưa khớp"));
  return rec;
}

Result<Reconciliation> VotingService::PaperStatus(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  return Reconcile(c, p);  // not saved: a read
}

// -------------------------------------------------------------------- tellers

bool VotingService::IsTeller(const Poll& p, int64_t delegate_id) {
  if (!delegate_id || !p.election_id) return false;
  auto e = repo_.GetElection(p.congress_id, p.election_id);
  return e.ok() && std::find(e->tellers.begin(), e->tellers.end(), delegate_id) != e->tellers.end();
}

Status VotingService::SignOff(std::string_view slug, int64_t id, std::string_view sha, const Caller& by) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, Load(c, id));
  if (!IsTeller(p, by.delegate_id))
    return Status::PermissionDenied("Chỉ thành viên Ban kiểm phiếu của cuộc bầu cử này xác nhận biên bản");
  if (p.state != PollState::kClosed) return Status::Conflict("Chỉ xác nhận biên bản sau khi đóng và trước khi công bố");
  if (sha != p.tally_sha256)
    return Reason(Status::Conflict("Mã SHA-256 không khớp với kết quả hiện tại (kết quả đã thay đổi?)"), "stale_hash");
  PH_RETURN_IF_ERROR(repo_.AddSignoff(p.id, {by.delegate_id, std::string(sha), clock_.NowUnix()}));
  Audit(by, "poll.signoff", std::to_string(p.id) + " " + std::string(sha));
  return Status::Ok();
}

Result<std::vector<Signoff>> VotingService::Signoffs(std::string_view slug, int64_t id) {
  PH_ASSIGN_OR_RETURN(auto c, Congress(slug));
  PH_ASSIGN_OR_RETURN(Poll p, repo_.GetPoll(c.id, id));
  return repo_.Signoffs(p.id);
}

// ------------------------------------------------------------------- progress

void VotingService::NoteProgress(const std::string& slug, int64_t poll_id) {
  std::lock_guard<std::mutex> lock(progress_mu_);
  progress_dirty_[poll_id] = slug;
  if (!progress_thread_.joinable()) progress_thread_ = std::thread([this] { ProgressLoop(); });
  progress_cv_.notify_one();
}

// Sends {id, cast, eligible} — counts only, never per option — at most
// twice a second per poll, and always once after the last ballot.
void VotingService::ProgressLoop() {
  int64_t last_sent = 0;
  std::unique_lock<std::mutex> lock(progress_mu_);
  while (!stopping_) {
    progress_cv_.wait(lock, [&] { return stopping_ || !progress_dirty_.empty(); });
    if (stopping_) break;
    const int64_t wait = last_sent + 500 - MonotonicMs();
    if (wait > 0) {
      progress_cv_.wait_for(lock, std::chrono::milliseconds(wait), [&] { return stopping_; });
      if (stopping_) break;
    }
    auto batch = std::move(progress_dirty_);
    progress_dirty_.clear();
    lock.unlock();
    for (const auto& [id, slug] : batch) {
      auto pr = CurrentProgress(slug, id);
      if (pr.ok())
        events_.Publish(slug, "poll_progress",
                        json{{"id", id}, {"cast", pr->cast}, {"eligible", pr->eligible}}.dump());
    }
    last_sent = MonotonicMs();
    lock.lock();
  }
}

}  // namespace phonghop::voting
