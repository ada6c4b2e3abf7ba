#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "http/error_mapping.h"
#include "http/handlers/voting_routes.h"
#include "http/json_body.h"
#include "http/spreadsheet_reply.h"
#include "io/spreadsheet.h"
#include "print/text_pdf.h"

namespace phonghop::http {

using nlohmann::json;
using congress::Role;
using namespace voting;  // NOLINT: the adapter of this one service

namespace {

// A ballot is a nonce and a short list: anything bigger is forged (V6).
constexpr size_t kMaxBallotBytes = 4096;

Access Chairs() { return Access::Roles({Role::kAdmin, Role::kSecretariat, Role::kChair}); }
Access Setup() { return Access::Roles({Role::kAdmin, Role::kSecretariat}); }

Caller CallerOf(const Request& req) {
  Caller c;
  if (req.principal) {
    c.name = req.principal->name + " (" + congress::ToString(req.principal->role) + ")";
    c.role = req.principal->role;
    c.delegate_id = req.principal->delegate_id;
    c.session_id = req.principal->session_id;
  }
  c.address = req.remote_ip;
  return c;
}

Result<int64_t> IdParam(const Request& req, const char* name = "id") {
  std::string s(req.Param(name));
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return Status::InvalidArgument("mã số không hợp lệ");
  return std::stoll(s);
}

// The fields a PATCH sends, read into optionals: a field not sent stays
// nullopt and the service leaves it as it is. Words of an enum go through
// its parser, with the accepted words as the error. A wrong type comes
// first (as JsonFields reports it), then the first word not accepted.
class PatchFields {
 public:
  PatchFields(const json& body, std::initializer_list<const char*> allowed) : f_(body, allowed) {}
  template <typename T>
  PatchFields& Field(const char* key, std::optional<T>& out) {
    T v{};
    Read(key, v);
    if (f_.Has(key)) out = std::move(v);
    return *this;
  }
  template <typename E>
  PatchFields& Word(const char* key, std::optional<E>& out, std::optional<E> (*parse)(std::string_view),
                    const char* words) {
    std::string v;
    f_.Str(key, v);
    if (!f_.Has(key) || !f_.status().ok() || !error_.ok()) return *this;
    out = parse(v);
    if (!out) error_ = Status::InvalidArgument(words);
    return *this;
  }
  Status status() const { return f_.status().ok() ? error_ : f_.status(); }

 private:
  void Read(const char* key, std::string& v) { f_.Str(key, v); }
  void Read(const char* key, int& v) { f_.Int(key, v); }
  void Read(const char* key, int64_t& v) { f_.Int64(key, v); }
  void Read(const char* key, bool& v) { f_.Bool(key, v); }
  JsonFields f_;
  Status error_;
};

json ElectionJson(const Election& e) {
  json cands = json::array();
  for (const auto& k : e.candidates)
    cands.push_back({{"id", k.id}, {"full_name", k.full_name}, {"birth_date", k.birth_date},
                     {"delegation", k.delegation}, {"delegate", k.delegate_id != 0}, {"withdrawn", k.withdrawn}});
  return {{"id", e.id},
          {"title", e.title},
          {"seats", e.seats},
          {"alternate_seats", e.alternate_seats},
          {"threshold_base", ToString(e.threshold_base)},
          {"threshold_base_text", Describe(e.threshold_base)},
          {"tie_rule", ToString(e.tie_rule)},
          {"max_rounds", e.max_rounds},
          {"runoff_needs_majority", e.runoff_needs_majority},
          {"candidates", cands},
          {"teller_ids", e.tellers},
          {"head_teller_id", e.head_teller}};
}

bool MaySeeResult(VotingService& svc, const Poll& p, const Request& req) {
  if (p.state == PollState::kPublished) return true;
  if (p.state != PollState::kClosed || !req.principal) return false;
  const Role r = req.principal->role;
  if (r == Role::kAdmin || r == Role::kSecretariat || r == Role::kChair) return true;
  return svc.IsTeller(p, req.principal->delegate_id);
}

json PollJson(VotingService& svc, const Poll& p, const Request& req) {
  json options = json::array();
  for (const auto& o : p.options) options.push_back({{"position", o.position}, {"label", o.label}});
  json j = {{"id", p.id},
            {"session_id", p.session_id},
            {"agenda_item_id", p.agenda_item_id ? json(p.agenda_item_id) : json(nullptr)},
            {"kind", ToString(p.kind)},
            {"mode", ToString(p.mode)},
            {"title", p.title},
            {"election_id", p.election_id ? json(p.election_id) : json(nullptr)},
            {"round", p.round},
            {"purpose", ToString(p.purpose)},
            {"seats", p.seats},
            {"alternate_seats", p.alternate_seats},
            {"pass_rule", ToString(p.pass_rule)},
            {"attempt", p.attempt},
            {"supersedes_id", p.supersedes_id ? json(p.supersedes_id) : json(nullptr)},
            {"follows_id", p.follows_id ? json(p.follows_id) : json(nullptr)},
            {"decision_id", p.decision_id ? json(p.decision_id) : json(nullptr)},
            {"minutes_code", p.minutes_code.empty() ? json(nullptr) : json(p.minutes_code)},
            {"state", ToString(p.state)},
            {"duration_s", p.duration_s},
            {"opened_at", p.opened_at ? json(FormatIsoUtc(p.opened_at)) : json(nullptr)},
            {"closed_at", p.closed_at ? json(FormatIsoUtc(p.closed_at)) : json(nullptr)},
            {"published_at", p.published_at ? json(FormatIsoUtc(p.published_at)) : json(nullptr)},
            {"cancelled_at", p.cancelled_at ? json(FormatIsoUtc(p.cancelled_at)) : json(nullptr)},
            {"cancel_reason", p.cancel_reason},
            {"options", options},
            {"result", nullptr}};
  if (p.state == PollState::kOpen && p.duration_s > 0) {
    j["closes_at"] = FormatIsoUtc(p.opened_at + p.duration_s);
    j["closes_in_s"] = std::max<int64_t>(0, p.opened_at + p.duration_s - SystemClock().NowUnix());
  }
  if (MaySeeResult(svc, p, req) && !p.result_json.empty()) {
    auto r = json::parse(p.result_json, nullptr, false);
    if (!r.is_discarded()) j["result"] = r;
    j["tally_sha256"] = p.tally_sha256;
  }
  return j;
}

Result<PollDraft> ParseDraft(const json& body) {
  PollDraft d;
  std::string kind, mode, pass_rule;
  JsonFields f(body, {"session_id", "agenda_item_id", "kind", "mode", "title", "election_id", "pass_rule", "duration_s"});
  f.Int64("session_id", d.session_id, true).Int64("agenda_item_id", d.agenda_item_id).Str("kind", kind, true)
      .Str("mode", mode, true).Str("title", d.title).Int64("election_id", d.election_id).Str("pass_rule", pass_rule)
      .Int("duration_s", d.duration_s);
  if (!f.status().ok()) return f.status();
  auto k = ParsePollKind(kind);
  if (!k) return Status::InvalidArgument("kind: motion | election");
  auto m = ParsePollMode(mode);
  if (!m) return Status::InvalidArgument("mode: named | secret | paper");
  d.kind = *k;
  d.mode = *m;
  if (f.Has("pass_rule")) {
    auto pr = ParsePassRule(pass_rule);
    if (!pr) return Status::InvalidArgument("pass_rule: present | summoned | cast");
    d.pass_rule = *pr;
  }
  if (d.kind == PollKind::kElection && d.election_id == 0)
    return Status::InvalidArgument("Bầu cử cần election_id");
  return d;
}

Result<BallotInput> ParseBallot(std::string_view raw) {
  if (raw.size() > kMaxBallotBytes) return Status::InvalidArgument("Phiếu quá lớn");
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(raw));
  BallotInput b;
  std::string choice;
  JsonFields f(body, {"nonce", "choice", "keep"});
  f.Str("nonce", b.nonce, true).Str("choice", choice);
  if (!f.status().ok()) return f.status();
  if (f.Has("choice")) {
    if (choice.size() != 1) return Status::InvalidArgument("choice: Y | N | A");
    b.choice = choice[0];
  }
  if (f.Has("keep")) {
    const json& k = body["keep"];
    if (!k.is_array() || k.size() > 1000) return Status::InvalidArgument("keep phải là danh sách vị trí");
    std::vector<int> keep;
    for (const auto& x : k) {
      if (!x.is_number_integer()) return Status::InvalidArgument("keep phải là danh sách số nguyên");
      int64_t v = x.get<int64_t>();
      if (v < 1 || v > 100000) return Status::InvalidArgument("vị trí không có trong danh sách");
      keep.push_back(static_cast<int>(v));
    }
    b.keep = std::move(keep);
  }
  return b;
}

struct Deps {
  VotingService& svc;
};

Response NoStore(Response res) {
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Response PollReply(Deps& d, const Poll& p, const Request& req, unsigned status = 200) {
  return NoStore(JsonReply(PollJson(d.svc, p, req), status));
}

// ---------------------------------------------------------------- elections

Result<Response> CreateElection(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  Election e;
  std::string tb = "valid", tie = "runoff";
  JsonFields f(body, {"title", "seats", "alternate_seats", "threshold_base", "tie_rule", "max_rounds",
                      "runoff_needs_majority"});
  f.Str("title", e.title, true).Int("seats", e.seats, true).Int("alternate_seats", e.alternate_seats)
      .Str("threshold_base", tb).Str("tie_rule", tie).Int("max_rounds", e.max_rounds)
      .Bool("runoff_needs_majority", e.runoff_needs_majority);
  PH_RETURN_IF_ERROR(f.status());
  auto b = ParseThresholdBase(tb);
  auto t = ParseTieRule(tie);
  if (!b) return Status::InvalidArgument("threshold_base: valid | returned | summoned");
  if (!t) return Status::InvalidArgument("tie_rule: runoff | older");
  e.threshold_base = *b;
  e.tie_rule = *t;
  PH_ASSIGN_OR_RETURN(auto out, d.svc.CreateElection(req.Param("slug"), e, CallerOf(req)));
  return JsonReply(ElectionJson(out), 201);
}

json WithOutcome(Deps& d, const Request& req, json j);

Result<Response> ListElections(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto list, d.svc.ListElections(req.Param("slug")));
  json items = json::array();
  const int64_t me = req.principal ? req.principal->delegate_id : 0;
  for (const auto& e : list) {
    json j = ElectionJson(e);
    // The phone's "Ban kiểm phiếu" tab: is the caller one of the tellers?
    j["you_are_teller"] = me != 0 && std::find(e.tellers.begin(), e.tellers.end(), me) != e.tellers.end();
    j["you_are_head_teller"] = me != 0 && e.head_teller == me;
    items.push_back(WithOutcome(d, req, std::move(j)));
  }
  return JsonReply({{"elections", items}});
}

// The outcome across rounds as stored with the latest published round (null before).
json WithOutcome(Deps& d, const Request& req, json j) {
  auto o = d.svc.CurrentOutcome(req.Param("slug"), j["id"].get<int64_t>());
  j["outcome"] = nullptr;
  if (o.ok() && *o) {
    auto parsed = json::parse(**o, nullptr, false);
    if (!parsed.is_discarded()) j["outcome"] = parsed;
  }
  return j;
}

Result<Response> GetElection(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto e, d.svc.GetElection(req.Param("slug"), id));
  return JsonReply(WithOutcome(d, req, ElectionJson(e)));
}

// PATCH: only before the first ballot of the election opens (409 election_started).
Result<Response> EditElection(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  VotingService::ElectionEdit ed;
  PH_RETURN_IF_ERROR(PatchFields(body, {"title", "seats", "alternate_seats", "threshold_base", "tie_rule",
                                        "max_rounds", "runoff_needs_majority"})
                         .Field("title", ed.title).Field("seats", ed.seats).Field("alternate_seats", ed.alternate_seats)
                         .Word("threshold_base", ed.threshold_base, ParseThresholdBase,
                               "threshold_base: valid | returned | summoned")
                         .Word("tie_rule", ed.tie_rule, ParseTieRule, "tie_rule: runoff | older")
                         .Field("max_rounds", ed.max_rounds).Field("runoff_needs_majority", ed.runoff_needs_majority)
                         .status());
  PH_ASSIGN_OR_RETURN(auto out, d.svc.EditElection(req.Param("slug"), id, ed, CallerOf(req)));
  return JsonReply(ElectionJson(out));
}

Result<Response> EditCandidate(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(int64_t cid, IdParam(req, "cid"));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  VotingService::CandidateEdit ed;
  PH_RETURN_IF_ERROR(PatchFields(body, {"full_name", "birth_date", "delegation", "withdrawn"})
                         .Field("full_name", ed.full_name).Field("birth_date", ed.birth_date)
                         .Field("delegation", ed.delegation).Field("withdrawn", ed.withdrawn)
                         .status());
  PH_ASSIGN_OR_RETURN(auto out, d.svc.EditCandidate(req.Param("slug"), id, cid, ed, CallerOf(req)));
  return JsonReply(ElectionJson(out));
}

Result<Response> AddCandidate(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  Candidate k;
  JsonFields f(body, {"full_name", "birth_date", "delegation"});
  f.Str("full_name", k.full_name, true).Str("birth_date", k.birth_date).Str("delegation", k.delegation);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(auto out, d.svc.AddCandidates(req.Param("slug"), id, {k}, CallerOf(req)));
  const auto& c = out.front();
  return JsonReply({{"id", c.id}, {"full_name", c.full_name}, {"birth_date", c.birth_date},
                    {"delegation", c.delegation}, {"delegate", c.delegate_id != 0}}, 201);
}

// The body is the spreadsheet itself (CSV or XLSX): họ và tên, ngày sinh, đoàn.
Result<Response> ImportCandidates(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto table, io::ParseSpreadsheet(req.body()));
  PH_ASSIGN_OR_RETURN(auto out, d.svc.ImportCandidates(req.Param("slug"), id, table, CallerOf(req)));
  json names = json::array();
  for (const auto& c : out) names.push_back(c.full_name);
  return JsonReply({{"added", out.size()}, {"names", names}}, 201);
}

Result<Response> SetTellers(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  JsonFields f(body, {"badges"});
  PH_RETURN_IF_ERROR(f.status());
  std::vector<std::string> badges;
  const json& b = body["badges"];
  if (!b.is_array() || b.size() > 50) return Status::InvalidArgument("badges phải là danh sách số thẻ");
  for (const auto& x : b) {
    if (!x.is_string()) return Status::InvalidArgument("badges phải là danh sách số thẻ");
    badges.push_back(x.get<std::string>());
  }
  PH_ASSIGN_OR_RETURN(auto out, d.svc.SetTellers(req.Param("slug"), id, badges, CallerOf(req)));
  return JsonReply(ElectionJson(out));
}

// -------------------------------------------------------------------- polls

Result<Response> CreatePoll(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  PH_ASSIGN_OR_RETURN(auto draft, ParseDraft(body));
  PH_ASSIGN_OR_RETURN(auto p, d.svc.CreatePoll(req.Param("slug"), draft, CallerOf(req)));
  return PollReply(d, p, req, 201);
}

// Public like the hall projector that shows them; results follow
// MaySeeResult (published: everyone; closed: chairs and tellers).
Result<Response> ListPolls(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto list, d.svc.ListPolls(req.Param("slug")));
  auto session = req.Query("session");
  auto state = req.Query("state");
  json items = json::array();
  for (const auto& p : list) {
    if (session && *session != std::to_string(p.session_id)) continue;
    if (state && *state != ToString(p.state)) continue;
    items.push_back(PollJson(d.svc, p, req));
  }
  return NoStore(JsonReply({{"polls", items}}));
}

Result<Response> GetPoll(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto p, d.svc.GetPoll(req.Param("slug"), id));
  return PollReply(d, p, req);
}

// PATCH: only while `created` (409 poll_not_draft once opened).
Result<Response> EditPoll(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  VotingService::PollEdit ed;
  PH_RETURN_IF_ERROR(PatchFields(body, {"title", "mode", "pass_rule", "duration_s", "session_id", "agenda_item_id"})
                         .Field("title", ed.title)
                         .Word("mode", ed.mode, ParsePollMode, "mode: named | secret | paper")
                         .Word("pass_rule", ed.pass_rule, ParsePassRule, "pass_rule: present | summoned | cast")
                         .Field("duration_s", ed.duration_s).Field("session_id", ed.session_id)
                         .Field("agenda_item_id", ed.agenda_item_id)
                         .status());
  PH_ASSIGN_OR_RETURN(auto p, d.svc.EditPoll(req.Param("slug"), id, ed, CallerOf(req)));
  return PollReply(d, p, req);
}

// R8: a name the congress adds to the list of a further round (still `created`).
Result<Response> AddRoundCandidate(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  Candidate k;
  JsonFields f(body, {"full_name", "birth_date", "delegation"});
  f.Str("full_name", k.full_name, true).Str("birth_date", k.birth_date).Str("delegation", k.delegation);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(auto p, d.svc.AddRoundCandidate(req.Param("slug"), id, k, CallerOf(req)));
  return PollReply(d, p, req, 201);
}

Result<Response> OpenPoll(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto p, d.svc.Open(req.Param("slug"), id, CallerOf(req)));
  return PollReply(d, p, req);
}

Result<Response> ClosePoll(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto p, d.svc.Close(req.Param("slug"), id, CallerOf(req)));
  return PollReply(d, p, req);
}

Result<Response> PublishPoll(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto p, d.svc.Publish(req.Param("slug"), id, CallerOf(req)));
  return PollReply(d, p, req);
}

Result<Response> RestartPoll(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto p, d.svc.Restart(req.Param("slug"), id, CallerOf(req)));
  return PollReply(d, p, req);
}

Result<Response> CancelPoll(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  std::string reason;
  if (!req.body().empty()) {
    PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
    JsonFields f(body, {"reason"});
    f.Str("reason", reason);
    PH_RETURN_IF_ERROR(f.status());
  }
  PH_ASSIGN_OR_RETURN(auto p, d.svc.Cancel(req.Param("slug"), id, reason, CallerOf(req)));
  return PollReply(d, p, req);
}

Result<Response> EnterTally(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  int yes = 0, no = 0, abstain = 0;
  JsonFields f(body, {"yes", "no", "abstain"});
  f.Int("yes", yes, true).Int("no", no, true).Int("abstain", abstain, true);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(auto p, d.svc.EnterTally(req.Param("slug"), id, yes, no, abstain, CallerOf(req)));
  return PollReply(d, p, req);
}

// R7: a runoff among the candidates tied across the last seat.
Result<Response> CreateRunoff(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  if (!req.body().empty()) {
    PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
    PH_RETURN_IF_ERROR(JsonFields(body, {}).status());
  }
  PH_ASSIGN_OR_RETURN(auto p, d.svc.CreateRunoff(req.Param("slug"), id, CallerOf(req)));
  return PollReply(d, p, req, 201);
}

// R8: a further round for the empty seats, after the congress decided it.
Result<Response> CreateNextRound(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  int64_t decision = 0;
  std::string mode;
  JsonFields f(body, {"decision_poll_id", "mode"});
  f.Int64("decision_poll_id", decision, true).Str("mode", mode);
  PH_RETURN_IF_ERROR(f.status());
  std::optional<PollMode> m;
  if (f.Has("mode")) {
    m = ParsePollMode(mode);
    if (!m) return Status::InvalidArgument("mode: named | secret | paper");
  }
  PH_ASSIGN_OR_RETURN(auto p, d.svc.CreateNextRound(req.Param("slug"), id, decision, m, CallerOf(req)));
  return PollReply(d, p, req, 201);
}

// ------------------------------------------------------------------ ballots

Result<Response> CastBallot(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  Caller by = CallerOf(req);
  if (by.delegate_id == 0)
    return Status::PermissionDenied("Chỉ đại biểu đăng nhập bằng thẻ mới biểu quyết được").WithReason("not_a_delegate");
  auto b = ParseBallot(req.body());
  if (!b.ok()) return Status::InvalidArgument(b.status().message()).WithReason("forged_ballot");
  PH_ASSIGN_OR_RETURN(auto out, d.svc.Cast(req.Param("slug"), id, *b, by));
  json j = {{"receipt", out.receipt}};
  if (!out.created) j["status"] = "already_recorded";
  return NoStore(JsonReply(j, out.created ? 201 : 200));
}

Result<Response> MyBallot(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto m, d.svc.Me(req.Param("slug"), id, CallerOf(req)));
  return NoStore(JsonReply({{"eligible", m.eligible}, {"reason", m.reason.empty() ? json(nullptr) : json(m.reason)},
                            {"message", m.message}, {"voted", m.voted}}));
}

Result<Response> GetProgress(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto p, d.svc.CurrentProgress(req.Param("slug"), id));
  return NoStore(JsonReply({{"id", id}, {"cast", p.cast}, {"eligible", p.eligible}}));
}

Result<Response> CheckReceipt(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(auto c, d.svc.CheckReceipt(req.Param("slug"), id, req.Param("nonce")));
  return JsonReply({{"counted", c.counted}, {"valid", c.valid}});
}

// Outputs are for the chair, secretariat and the election's tellers.
Result<Poll> OutputsAllowed(Deps& d, Request& req, int64_t id) {
  PH_ASSIGN_OR_RETURN(Poll p, d.svc.GetPoll(req.Param("slug"), id));
  const Role role = req.principal->role;
  if (role == Role::kAdmin || role == Role::kSecretariat || role == Role::kChair) return p;
  if (d.svc.IsTeller(p, req.principal->delegate_id)) return p;
  return Status::PermissionDenied("Chỉ Đoàn Chủ tịch, Ban Thư ký và Ban kiểm phiếu xem được");
}

Result<Response> TallyCsv(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_RETURN_IF_ERROR(OutputsAllowed(d, req, id).status());
  PH_ASSIGN_OR_RETURN(auto csv, d.svc.TallyCsv(req.Param("slug"), id));
  Response res;
  res.content_type = "text/csv; charset=utf-8";
  res.body = std::move(csv);
  res.AddHeader("Content-Disposition", "attachment; filename=\"bang-ke-" + std::to_string(id) + ".csv\"");
  return NoStore(std::move(res));
}

// The minutes PDF, typeset like the other printed sheets (on the
// blocking-work pool: pango is slow for a network thread).
Result<Response> MinutesPdf(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_RETURN_IF_ERROR(OutputsAllowed(d, req, id).status());
  PH_ASSIGN_OR_RETURN(auto md, d.svc.MinutesMarkdown(req.Param("slug"), id));
  Response res;
  res.deferred = [md = std::move(md), id]() -> Response {
    auto pdf = print::MarkdownToPdf(md, "phonghop · biên bản kiểm phiếu");
    if (!pdf.ok()) return ErrorResponse(pdf.status());
    Response out;
    out.content_type = "application/pdf";
    out.body = std::move(*pdf);
    out.compressible = false;
    out.AddHeader("Content-Disposition", "inline; filename=\"bien-ban-" + std::to_string(id) + ".pdf\"");
    out.AddHeader("Cache-Control", "no-store");
    return out;
  };
  return res;
}

// The result as a spreadsheet: the same stored figures as the hall and the minutes.
Result<Response> ResultSheet(Deps& d, Request& req, std::string_view format) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_RETURN_IF_ERROR(OutputsAllowed(d, req, id).status());
  PH_ASSIGN_OR_RETURN(auto rows, d.svc.ResultRows(req.Param("slug"), id));
  return NoStore(SpreadsheetReply(rows, format, "ket-qua-" + std::to_string(id), "Kết quả"));
}
Result<Response> ResultXlsx(Deps& d, Request& req) { return ResultSheet(d, req, "xlsx"); }
Result<Response> ResultCsv(Deps& d, Request& req) { return ResultSheet(d, req, "csv"); }

Result<Response> ListVoters(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_RETURN_IF_ERROR(OutputsAllowed(d, req, id).status());
  PH_ASSIGN_OR_RETURN(auto list, d.svc.Voters(req.Param("slug"), id));
  json items = json::array();
  for (const auto& v : list)
    items.push_back({{"badge", v.badge}, {"full_name", v.full_name}, {"delegation", v.delegation_name}});
  return JsonReply({{"voters", items}, {"count", items.size()}});
}

Result<Response> SignOff(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string sha;
  JsonFields f(body, {"sha256"});
  f.Str("sha256", sha, true);
  PH_RETURN_IF_ERROR(f.status());
  PH_RETURN_IF_ERROR(d.svc.SignOff(req.Param("slug"), id, sha, CallerOf(req)));
  return JsonReply({{"signed", true}, {"sha256", sha}});
}

Result<Response> ListSignoffs(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(Poll p, OutputsAllowed(d, req, id));
  PH_ASSIGN_OR_RETURN(auto list, d.svc.Signoffs(req.Param("slug"), id));
  json items = json::array();
  for (const auto& s : list)
    items.push_back({{"delegate_id", s.delegate_id}, {"sha256", s.sha256}, {"at", FormatIsoUtc(s.at)},
                     {"current", s.sha256 == p.tally_sha256}});
  return JsonReply({{"signoffs", items}});
}

json ReconciliationJson(const Reconciliation& r) {
  json diff = json::array();
  for (const auto& [pat, per] : r.differences) diff.push_back({{"pattern", pat}, {"counts", per}});
  return json{{"complete", r.complete}, {"returned", r.returned}, {"sets", r.set_sizes},
              {"differences", diff}, {"problem", r.problem}};
}

// Paper elections: each teller enters their own set of every ballot.
Result<Response> EnterPaper(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  int issued = -1, returned = -1;
  JsonFields f(body, {"issued", "returned", "ballots"});
  f.Int("issued", issued).Int("returned", returned);
  PH_RETURN_IF_ERROR(f.status());
  const json& list = body["ballots"];
  if (!list.is_array() || list.size() > 100000) return Status::InvalidArgument("ballots phải là danh sách");
  std::vector<PaperBallot> ballots;
  for (const auto& b : list) {
    if (!b.is_object()) return Status::InvalidArgument("mỗi phiếu là một đối tượng");
    PaperBallot pb;
    for (auto& [k, v] : b.items()) {
      if (k == "keep") {
        if (!v.is_array() || v.size() > 1000) return Status::InvalidArgument("keep phải là danh sách vị trí");
        for (const auto& x : v) {
          if (!x.is_number_integer()) return Status::InvalidArgument("keep phải là danh sách số");
          pb.keep.push_back(static_cast<int>(std::clamp<int64_t>(x.get<int64_t>(), -1, 100000)));
        }
      } else if (k == "invalid") {
        auto reason = v.is_string() ? ParseInvalidReason(v.get<std::string>()) : std::nullopt;
        if (!reason) return Status::InvalidArgument("invalid: not_issued | added_name | marked | too_many | none_kept");
        pb.invalid = *reason;
      } else {
        return Status::InvalidArgument("trường không hợp lệ: " + k);
      }
    }
    ballots.push_back(std::move(pb));
  }
  PH_ASSIGN_OR_RETURN(auto out, d.svc.EnterPaper(req.Param("slug"), id, std::string(req.Param("set")),
                                                 issued >= 0 ? std::optional<int>(issued) : std::nullopt,
                                                 returned >= 0 ? std::optional<int>(returned) : std::nullopt,
                                                 ballots, CallerOf(req)));
  return JsonReply(ReconciliationJson(out));
}

Result<Response> PaperStatus(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, IdParam(req));
  PH_RETURN_IF_ERROR(OutputsAllowed(d, req, id).status());
  PH_ASSIGN_OR_RETURN(auto out, d.svc.PaperStatus(req.Param("slug"), id));
  return JsonReply(ReconciliationJson(out));
}

// The secretariat rebinds a delegate's voting device after checking identity.
Result<Response> ResetVotingDevice(Deps& d, Request& req) {
  PH_RETURN_IF_ERROR(d.svc.ResetVotingDevice(req.Param("slug"), req.Param("badge"), CallerOf(req)));
  return JsonReply({{"reset", true}});
}

}  // namespace

void RegisterVotingRoutes(Router& r, VotingService& svc, congress::CongressService& congresses) {
  (void)congresses;
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{svc}), {
      {Verb::post, "/api/v1/congresses/{slug}/elections", Setup(), CreateElection},
      {Verb::get, "/api/v1/congresses/{slug}/elections", Access::SignedIn(), ListElections},
      {Verb::get, "/api/v1/congresses/{slug}/elections/{id}", Access::SignedIn(), GetElection},
      {Verb::post, "/api/v1/congresses/{slug}/elections/{id}/candidates", Setup(), AddCandidate},
      {Verb::post, "/api/v1/congresses/{slug}/elections/{id}/candidates/import", Setup(), ImportCandidates},
      {Verb::put, "/api/v1/congresses/{slug}/elections/{id}/tellers", Setup(), SetTellers},
      {Verb::patch, "/api/v1/congresses/{slug}/elections/{id}", Setup(), EditElection},
      {Verb::patch, "/api/v1/congresses/{slug}/elections/{id}/candidates/{cid}", Setup(), EditCandidate},
      {Verb::patch, "/api/v1/congresses/{slug}/polls/{id}", Chairs(), EditPoll},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/candidates", Setup(), AddRoundCandidate},
      {Verb::post, "/api/v1/congresses/{slug}/polls", Chairs(), CreatePoll},
      {Verb::get, "/api/v1/congresses/{slug}/polls", Access::Public(), ListPolls},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}", Access::Public(), GetPoll},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/open", Chairs(), OpenPoll},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/close", Chairs(), ClosePoll},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/publish", Chairs(), PublishPoll},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/restart", Chairs(), RestartPoll},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/cancel", Chairs(), CancelPoll},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/tally", Chairs(), EnterTally},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/runoff", Chairs(), CreateRunoff},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/next-round", Chairs(), CreateNextRound},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/ballots", Access::SignedIn(), CastBallot},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/me", Access::SignedIn(), MyBallot},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/progress", Access::Public(), GetProgress},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/receipt/{nonce}", Access::Public(), CheckReceipt},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/tally.csv", Access::SignedIn(), TallyCsv},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/minutes.pdf", Access::SignedIn(), MinutesPdf},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/result.xlsx", Access::SignedIn(), ResultXlsx},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/result.csv", Access::SignedIn(), ResultCsv},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/voters", Access::SignedIn(), ListVoters},
      {Verb::post, "/api/v1/congresses/{slug}/polls/{id}/signoff", Access::SignedIn(), SignOff},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/signoffs", Access::SignedIn(), ListSignoffs},
      {Verb::put, "/api/v1/congresses/{slug}/polls/{id}/paper/{set}", Access::SignedIn(), EnterPaper},
      {Verb::get, "/api/v1/congresses/{slug}/polls/{id}/paper", Access::SignedIn(), PaperStatus},
      {Verb::post, "/api/v1/congresses/{slug}/delegates/{badge}/voting-device/reset", Setup(), ResetVotingDevice},
  });
}

}  // namespace phonghop::http
