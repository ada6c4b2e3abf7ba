#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "http/error_mapping.h"
#include "http/handlers/voting_routes.h"
#include "http/json_body.h"
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

bool IdParam(const Request& req, const char* name, int64_t* out) {
  std::string s(req.Param(name));
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) return false;
  *out = std::stoll(s);
  return true;
}

Response BadId() { return ErrorResponse(Status::InvalidArgument("mã số không hợp lệ")); }

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

Response PollReply(VotingService& svc, const Result<Poll>& p, const Request& req, unsigned status = 200) {
  if (!p.ok()) return ErrorResponse(p.status());
  Response res = JsonReply(PollJson(svc, *p, req), status);
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

}  // namespace

void RegisterVotingRoutes(Router& r, VotingService& svc, congress::CongressService& congresses) {
  const std::string base = "/api/v1/congresses/{slug}";

  // ---- elections ----
  r.Add(Verb::post, base + "/elections", Setup(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    Election e;
    std::string tb = "valid", tie = "runoff";
    JsonFields f(*body, {"title", "seats", "alternate_seats", "threshold_base", "tie_rule", "max_rounds",
                         "runoff_needs_majority"});
    f.Str("title", e.title, true).Int("seats", e.seats, true).Int("alternate_seats", e.alternate_seats)
        .Str("threshold_base", tb).Str("tie_rule", tie).Int("max_rounds", e.max_rounds)
        .Bool("runoff_needs_majority", e.runoff_needs_majority);
    if (!f.status().ok()) return ErrorResponse(f.status());
    auto b = ParseThresholdBase(tb);
    auto t = ParseTieRule(tie);
    if (!b) return ErrorResponse(Status::InvalidArgument("threshold_base: valid | returned | summoned"));
    if (!t) return ErrorResponse(Status::InvalidArgument("tie_rule: runoff | older"));
    e.threshold_base = *b;
    e.tie_rule = *t;
    auto out = svc.CreateElection(req.Param("slug"), e, CallerOf(req));
    if (!out.ok()) return ErrorResponse(out.status());
    return JsonReply(ElectionJson(*out), 201);
  });
  r.Add(Verb::get, base + "/elections", Access::SignedIn(), [&svc](Request& req) {
    auto list = svc.ListElections(req.Param("slug"));
    if (!list.ok()) return ErrorResponse(list.status());
    json items = json::array();
    for (const auto& e : *list) items.push_back(ElectionJson(e));
    return JsonReply({{"elections", items}});
  });
  r.Add(Verb::get, base + "/elections/{id}", Access::SignedIn(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto e = svc.GetElection(req.Param("slug"), id);
    if (!e.ok()) return ErrorResponse(e.status());
    return JsonReply(ElectionJson(*e));
  });
  r.Add(Verb::post, base + "/elections/{id}/candidates", Setup(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    Candidate k;
    JsonFields f(*body, {"full_name", "birth_date", "delegation"});
    f.Str("full_name", k.full_name, true).Str("birth_date", k.birth_date).Str("delegation", k.delegation);
    if (!f.status().ok()) return ErrorResponse(f.status());
    auto out = svc.AddCandidates(req.Param("slug"), id, {k}, CallerOf(req));
    if (!out.ok()) return ErrorResponse(out.status());
    const auto& c = out->front();
    return JsonReply({{"id", c.id}, {"full_name", c.full_name}, {"birth_date", c.birth_date},
                      {"delegation", c.delegation}, {"delegate", c.delegate_id != 0}}, 201);
  });
  // The body is the spreadsheet itself (CSV or XLSX): họ và tên, ngày sinh, đoàn.
  r.Add(Verb::post, base + "/elections/{id}/candidates/import", Setup(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto table = io::ParseSpreadsheet(req.body());
    if (!table.ok()) return ErrorResponse(table.status());
    auto out = svc.ImportCandidates(req.Param("slug"), id, *table, CallerOf(req));
    if (!out.ok()) return ErrorResponse(out.status());
    json names = json::array();
    for (const auto& c : *out) names.push_back(c.full_name);
    return JsonReply({{"added", out->size()}, {"names", names}}, 201);
  });
  r.Add(Verb::put, base + "/elections/{id}/tellers", Setup(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    JsonFields f(*body, {"badges"});
    if (!f.status().ok()) return ErrorResponse(f.status());
    std::vector<std::string> badges;
    const json& b = (*body)["badges"];
    if (!b.is_array() || b.size() > 50) return ErrorResponse(Status::InvalidArgument("badges phải là danh sách số thẻ"));
    for (const auto& x : b) {
      if (!x.is_string()) return ErrorResponse(Status::InvalidArgument("badges phải là danh sách số thẻ"));
      badges.push_back(x.get<std::string>());
    }
    auto out = svc.SetTellers(req.Param("slug"), id, badges, CallerOf(req));
    if (!out.ok()) return ErrorResponse(out.status());
    return JsonReply(ElectionJson(*out));
  });

  // ---- polls ----
  r.Add(Verb::post, base + "/polls", Chairs(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    auto d = ParseDraft(*body);
    if (!d.ok()) return ErrorResponse(d.status());
    return PollReply(svc, svc.CreatePoll(req.Param("slug"), *d, CallerOf(req)), req, 201);
  });
  // Public like the hall projector that shows them; results follow
  // MaySeeResult (published: everyone; closed: chairs and tellers).
  r.Add(Verb::get, base + "/polls", Access::Public(), [&svc](Request& req) {
    auto list = svc.ListPolls(req.Param("slug"));
    if (!list.ok()) return ErrorResponse(list.status());
    auto session = req.Query("session");
    auto state = req.Query("state");
    json items = json::array();
    for (const auto& p : *list) {
      if (session && *session != std::to_string(p.session_id)) continue;
      if (state && *state != ToString(p.state)) continue;
      items.push_back(PollJson(svc, p, req));
    }
    Response res = JsonReply({{"polls", items}});
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  r.Add(Verb::get, base + "/polls/{id}", Access::Public(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    return PollReply(svc, svc.GetPoll(req.Param("slug"), id), req);
  });
  auto transition = [&svc, &r, base](const char* name, auto fn) {
    r.Add(Verb::post, base + "/polls/{id}/" + name, Chairs(), [&svc, fn](Request& req) {
      int64_t id;
      if (!IdParam(req, "id", &id)) return BadId();
      return PollReply(svc, fn(svc, req, id), req);
    });
  };
  transition("open", [](VotingService& s, Request& req, int64_t id) { return s.Open(req.Param("slug"), id, CallerOf(req)); });
  transition("close", [](VotingService& s, Request& req, int64_t id) { return s.Close(req.Param("slug"), id, CallerOf(req)); });
  transition("publish", [](VotingService& s, Request& req, int64_t id) { return s.Publish(req.Param("slug"), id, CallerOf(req)); });
  transition("restart", [](VotingService& s, Request& req, int64_t id) -> Result<Poll> {
    return s.Restart(req.Param("slug"), id, CallerOf(req));
  });
  transition("cancel", [](VotingService& s, Request& req, int64_t id) -> Result<Poll> {
    std::string reason;
    if (!req.body().empty()) {
      PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
      JsonFields f(body, {"reason"});
      f.Str("reason", reason);
      PH_RETURN_IF_ERROR(f.status());
    }
    return s.Cancel(req.Param("slug"), id, reason, CallerOf(req));
  });
  transition("tally", [](VotingService& s, Request& req, int64_t id) -> Result<Poll> {
    PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
    int yes = 0, no = 0, abstain = 0;
    JsonFields f(body, {"yes", "no", "abstain"});
    f.Int("yes", yes, true).Int("no", no, true).Int("abstain", abstain, true);
    PH_RETURN_IF_ERROR(f.status());
    return s.EnterTally(req.Param("slug"), id, yes, no, abstain, CallerOf(req));
  });

  // ---- ballots ----
  r.Add(Verb::post, base + "/polls/{id}/ballots", Access::SignedIn(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    Caller by = CallerOf(req);
    if (by.delegate_id == 0)
      return ErrorResponse(403, "not_a_delegate", "Chỉ đại biểu đăng nhập bằng thẻ mới biểu quyết được");
    auto b = ParseBallot(req.body());
    if (!b.ok()) return ErrorResponse(400, "forged_ballot", b.status().message());
    auto out = svc.Cast(req.Param("slug"), id, *b, by);
    if (!out.ok()) return ErrorResponse(out.status());
    json j = {{"receipt", out->receipt}};
    if (!out->created) j["status"] = "already_recorded";
    Response res = JsonReply(j, out->created ? 201 : 200);
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  r.Add(Verb::get, base + "/polls/{id}/me", Access::SignedIn(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto m = svc.Me(req.Param("slug"), id, CallerOf(req));
    if (!m.ok()) return ErrorResponse(m.status());
    Response res = JsonReply({{"eligible", m->eligible}, {"reason", m->reason.empty() ? json(nullptr) : json(m->reason)},
                              {"message", m->message}, {"voted", m->voted}});
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  r.Add(Verb::get, base + "/polls/{id}/progress", Access::Public(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto p = svc.CurrentProgress(req.Param("slug"), id);
    if (!p.ok()) return ErrorResponse(p.status());
    Response res = JsonReply({{"id", id}, {"cast", p->cast}, {"eligible", p->eligible}});
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  r.Add(Verb::get, base + "/polls/{id}/receipt/{nonce}", Access::Public(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto c = svc.CheckReceipt(req.Param("slug"), id, req.Param("nonce"));
    if (!c.ok()) return ErrorResponse(c.status());
    return JsonReply({{"counted", c->counted}, {"valid", c->valid}});
  });
  // Outputs for the chair, secretariat and the election's tellers.
  auto outputs_allowed = [&svc](Request& req, int64_t id) -> Result<Poll> {
    PH_ASSIGN_OR_RETURN(Poll p, svc.GetPoll(req.Param("slug"), id));
    const Role role = req.principal->role;
    if (role == Role::kAdmin || role == Role::kSecretariat || role == Role::kChair) return p;
    if (svc.IsTeller(p, req.principal->delegate_id)) return p;
    return Status::PermissionDenied("Chỉ Đoàn Chủ tịch, Ban Thư ký và Ban kiểm phiếu xem được");
  };
  r.Add(Verb::get, base + "/polls/{id}/tally.csv", Access::SignedIn(), [&svc, outputs_allowed](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto p = outputs_allowed(req, id);
    if (!p.ok()) return ErrorResponse(p.status());
    auto csv = svc.TallyCsv(req.Param("slug"), id);
    if (!csv.ok()) return ErrorResponse(csv.status());
    Response res;
    res.content_type = "text/csv; charset=utf-8";
    res.body = std::move(*csv);
    res.AddHeader("Content-Disposition", "attachment; filename=\"bang-ke-" + std::to_string(id) + ".csv\"");
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  // The minutes PDF, typeset like the other printed sheets (on the
  // blocking-work pool: pango is slow for a network thread).
  r.Add(Verb::get, base + "/polls/{id}/minutes.pdf", Access::SignedIn(), [&svc, outputs_allowed](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto p = outputs_allowed(req, id);
    if (!p.ok()) return ErrorResponse(p.status());
    auto md = svc.MinutesMarkdown(req.Param("slug"), id);
    if (!md.ok()) return ErrorResponse(md.status());
    Response res;
    res.deferred = [md = std::move(*md), id]() -> Response {
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
  });
  r.Add(Verb::get, base + "/polls/{id}/voters", Access::SignedIn(), [&svc, outputs_allowed](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto p = outputs_allowed(req, id);
    if (!p.ok()) return ErrorResponse(p.status());
    auto list = svc.Voters(req.Param("slug"), id);
    if (!list.ok()) return ErrorResponse(list.status());
    json items = json::array();
    for (const auto& d : *list)
      items.push_back({{"badge", d.badge}, {"full_name", d.full_name}, {"delegation", d.delegation_name}});
    return JsonReply({{"voters", items}, {"count", items.size()}});
  });
  r.Add(Verb::post, base + "/polls/{id}/signoff", Access::SignedIn(), [&svc](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    std::string sha;
    JsonFields f(*body, {"sha256"});
    f.Str("sha256", sha, true);
    if (!f.status().ok()) return ErrorResponse(f.status());
    Status st = svc.SignOff(req.Param("slug"), id, sha, CallerOf(req));
    if (!st.ok()) return ErrorResponse(st);
    return JsonReply({{"signed", true}, {"sha256", sha}});
  });
  r.Add(Verb::get, base + "/polls/{id}/signoffs", Access::SignedIn(), [&svc, outputs_allowed](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto p = outputs_allowed(req, id);
    if (!p.ok()) return ErrorResponse(p.status());
    auto list = svc.Signoffs(req.Param("slug"), id);
    if (!list.ok()) return ErrorResponse(list.status());
    json items = json::array();
    for (const auto& s : *list)
      items.push_back({{"delegate_id", s.delegate_id}, {"sha256", s.sha256}, {"at", FormatIsoUtc(s.at)},
                       {"current", s.sha256 == p->tally_sha256}});
    return JsonReply({{"signoffs", items}});
  });
  // Paper elections: each teller enters their own set of every ballot.
  auto rec_json = [](const Reconciliation& r) {
    json diff = json::array();
    for (const auto& [pat, per] : r.differences) diff.push_back({{"pattern", pat}, {"counts", per}});
    return json{{"complete", r.complete}, {"returned", r.returned}, {"sets", r.set_sizes},
                {"differences", diff}, {"problem", r.problem}};
  };
  r.Add(Verb::put, base + "/polls/{id}/paper/{set}", Access::SignedIn(), [&svc, rec_json](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    int issued = -1, returned = -1;
    JsonFields f(*body, {"issued", "returned", "ballots"});
    f.Int("issued", issued).Int("returned", returned);
    if (!f.status().ok()) return ErrorResponse(f.status());
    const json& list = (*body)["ballots"];
    if (!list.is_array() || list.size() > 100000) return ErrorResponse(Status::InvalidArgument("ballots phải là danh sách"));
    std::vector<PaperBallot> ballots;
    for (const auto& b : list) {
      if (!b.is_object()) return ErrorResponse(Status::InvalidArgument("mỗi phiếu là một đối tượng"));
      PaperBallot pb;
      for (auto& [k, v] : b.items()) {
        if (k == "keep") {
          if (!v.is_array() || v.size() > 1000) return ErrorResponse(Status::InvalidArgument("keep phải là danh sách vị trí"));
          for (const auto& x : v) {
            if (!x.is_number_integer()) return ErrorResponse(Status::InvalidArgument("keep phải là danh sách số"));
            pb.keep.push_back(static_cast<int>(std::clamp<int64_t>(x.get<int64_t>(), -1, 100000)));
          }
        } else if (k == "invalid") {
          auto reason = v.is_string() ? ParseInvalidReason(v.get<std::string>()) : std::nullopt;
          if (!reason) return ErrorResponse(Status::InvalidArgument("invalid: not_issued | added_name | marked | too_many | none_kept"));
          pb.invalid = *reason;
        } else {
          return ErrorResponse(Status::InvalidArgument("trường không hợp lệ: " + k));
        }
      }
      ballots.push_back(std::move(pb));
    }
    auto out = svc.EnterPaper(req.Param("slug"), id, std::string(req.Param("set")),
                              issued >= 0 ? std::optional<int>(issued) : std::nullopt,
                              returned >= 0 ? std::optional<int>(returned) : std::nullopt, ballots, CallerOf(req));
    if (!out.ok()) return ErrorResponse(out.status());
    return JsonReply(rec_json(*out));
  });
  r.Add(Verb::get, base + "/polls/{id}/paper", Access::SignedIn(), [&svc, outputs_allowed, rec_json](Request& req) {
    int64_t id;
    if (!IdParam(req, "id", &id)) return BadId();
    auto p = outputs_allowed(req, id);
    if (!p.ok()) return ErrorResponse(p.status());
    auto out = svc.PaperStatus(req.Param("slug"), id);
    if (!out.ok()) return ErrorResponse(out.status());
    return JsonReply(rec_json(*out));
  });

  // The secretariat rebinds a delegate's voting device after checking identity.
  r.Add(Verb::post, base + "/delegates/{badge}/voting-device/reset", Setup(), [&svc](Request& req) {
    Status st = svc.ResetVotingDevice(req.Param("slug"), req.Param("badge"), CallerOf(req));
    if (!st.ok()) return ErrorResponse(st);
    return JsonReply({{"reset", true}});
  });
  (void)congresses;
}

}  // namespace phonghop::http
