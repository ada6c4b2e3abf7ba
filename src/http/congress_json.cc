#include "http/congress_json.h"

#include "http/json_body.h"

namespace phonghop::http {

using nlohmann::json;
using namespace phonghop::congress;

json ToJson(const Congress& c) {
  return {{"slug", c.slug},
          {"organization", c.organization},
          {"name", c.name},
          {"ordinal", c.ordinal},
          {"term", c.term},
          {"start_date", c.start_date},
          {"end_date", c.end_date},
          {"venue", c.venue},
          {"status", ToString(c.status)},
          {"quorum", {{"numerator", c.quorum_numerator},
                      {"denominator", c.quorum_denominator}}},
          {"printing", {{"extra_copies", c.print_extra_copies},
                        {"cost_per_page_vnd", c.cost_per_page_vnd}}}};
}

json ToJson(const Session& s) {
  return {{"id", s.id}, {"position", s.position}, {"name", s.name},
          {"date", s.date}, {"starts_at", s.starts_at}, {"ends_at", s.ends_at}};
}

json ToJson(const AgendaItem& a) {
  return {{"id", a.id}, {"session_id", a.session_id}, {"position", a.position},
          {"starts_at", a.starts_at}, {"title", a.title},
          {"presenter", a.presenter}, {"description", a.description}};
}

json ToJson(const Delegation& d) {
  return {{"id", d.id}, {"position", d.position}, {"name", d.name}};
}

json ToJson(const Delegate& d) {
  json j = {{"id", d.id},
            {"badge", d.badge},
            {"full_name", d.full_name},
            {"delegation_id", d.delegation_id ? json(d.delegation_id) : json(nullptr)},
            {"delegation", d.delegation_name},
            {"position_title", d.position_title},
            {"gender", ToString(d.gender)},
            {"birth_year", d.birth_year ? json(*d.birth_year) : json(nullptr)},
            {"birth_date", d.birth_date},
            {"party_member", d.party_member ? json(*d.party_member) : json(nullptr)},
            {"ethnicity", d.ethnicity},
            {"seat", d.seat},
            {"phone", d.phone},
            {"kind", ToString(d.kind)}};
  return j;
}

json ToJson(const CongressOverview& o) {
  json j = ToJson(o.congress);
  json sessions = json::array();
  for (const auto& s : o.sessions) {
    json js = ToJson(s);
    js["agenda"] = json::array();
    for (const auto& a : o.agenda)
      if (a.session_id == s.id) js["agenda"].push_back(ToJson(a));
    sessions.push_back(std::move(js));
  }
  j["sessions"] = std::move(sessions);
  json delegations = json::array();
  for (size_t i = 0; i < o.delegations.size(); ++i) {
    json d = ToJson(o.delegations[i]);
    d["delegates"] = o.delegates_per_delegation[i];
    delegations.push_back(std::move(d));
  }
  j["delegations"] = std::move(delegations);
  j["delegates"] = {{"total", o.delegates_total}, {"official", o.delegates_official}};
  return j;
}

json ToJson(const ImportReport& r) {
  return {{"inserted", r.inserted}, {"updated", r.updated},
          {"delegations_created", r.delegations_created},
          {"skipped_blank_rows", r.skipped_blank_rows}, {"dry_run", r.dry_run}};
}

Status CongressFromJson(const json& j, Congress& c) {
  std::string status = ToString(c.status);
  JsonFields f(j, {"slug", "organization", "name", "ordinal", "term", "start_date",
                   "end_date", "venue", "status", "quorum", "printing"});
  f.Str("slug", c.slug).Str("organization", c.organization).Str("name", c.name)
      .Str("ordinal", c.ordinal).Str("term", c.term).Str("start_date", c.start_date)
      .Str("end_date", c.end_date).Str("venue", c.venue).Str("status", status);
  PH_RETURN_IF_ERROR(f.status());
  auto st = ParseCongressStatus(status);
  if (!st) return Status::InvalidArgument("Trạng thái phải là sắp diễn ra, đang diễn ra hoặc đã bế mạc");
  c.status = *st;
  if (j.contains("quorum")) {
    const json& q = j["quorum"];
    if (!q.is_object()) return Status::InvalidArgument("quorum phải là đối tượng");
    JsonFields qf(q, {"numerator", "denominator"});
    qf.Int("numerator", c.quorum_numerator, true).Int("denominator", c.quorum_denominator, true);
    PH_RETURN_IF_ERROR(qf.status());
  }
  if (j.contains("printing")) {
    const json& p = j["printing"];
    if (!p.is_object()) return Status::InvalidArgument("printing phải là đối tượng");
    JsonFields pf(p, {"extra_copies", "cost_per_page_vnd"});
    pf.Int("extra_copies", c.print_extra_copies).Int64("cost_per_page_vnd", c.cost_per_page_vnd);
    PH_RETURN_IF_ERROR(pf.status());
    if (c.print_extra_copies < 0 || c.print_extra_copies > 100000 || c.cost_per_page_vnd < 0 ||
        c.cost_per_page_vnd > 1000000)
      return Status::InvalidArgument("Số bản in thêm hoặc giá một trang in ngoài khoảng cho phép");
  }
  return Status::Ok();
}

Status SessionFromJson(const json& j, Session& s, bool patch) {
  JsonFields f(j, {"name", "date", "starts_at", "ends_at", "position"});
  f.Str("name", s.name, !patch).Str("date", s.date).Str("starts_at", s.starts_at)
      .Str("ends_at", s.ends_at).Int("position", s.position);
  return f.status();
}

Status AgendaItemFromJson(const json& j, AgendaItem& a, bool patch) {
  JsonFields f(j, {"session_id", "starts_at", "title", "presenter", "description", "position"});
  f.Int64("session_id", a.session_id, !patch).Str("starts_at", a.starts_at)
      .Str("title", a.title, !patch).Str("presenter", a.presenter)
      .Str("description", a.description).Int("position", a.position);
  return f.status();
}

Status DelegationFromJson(const json& j, Delegation& d, bool patch) {
  JsonFields f(j, {"name", "position"});
  f.Str("name", d.name, !patch).Int("position", d.position);
  return f.status();
}

Status DelegateFromJson(const json& j, Delegate& d) {
  JsonFields f(j, {"badge", "full_name", "delegation_id", "position_title", "gender", "birth_year",
                   "birth_date", "ethnicity", "seat", "phone", "kind", "party_member"});
  std::string gender = ToString(d.gender), kind = ToString(d.kind);
  f.Str("badge", d.badge).Str("full_name", d.full_name).Str("position_title", d.position_title)
      .Str("gender", gender).Str("birth_date", d.birth_date).Str("ethnicity", d.ethnicity)
      .Str("seat", d.seat).Str("phone", d.phone).Str("kind", kind);
  PH_RETURN_IF_ERROR(f.status());
  auto g = ParseGender(gender);
  if (!g) return Status::InvalidArgument("Giới tính phải là Nam hoặc Nữ");
  d.gender = *g;
  auto k = ParseDelegateKind(kind);
  if (!k) return Status::InvalidArgument("Loại đại biểu phải là chính thức, khách mời hoặc dự khuyết");
  d.kind = *k;
  auto nullable_int = [&](const char* key, auto set) -> Status {
    if (!j.contains(key)) return Status::Ok();
    const json& v = j[key];
    if (v.is_null()) { set(std::nullopt); return Status::Ok(); }
    if (!v.is_number_integer()) return Status::InvalidArgument(std::string("Trường ") + key + " phải là số");
    set(std::optional<int64_t>(v.get<int64_t>()));
    return Status::Ok();
  };
  PH_RETURN_IF_ERROR(nullable_int("delegation_id", [&](std::optional<int64_t> v) { d.delegation_id = v.value_or(0); }));
  PH_RETURN_IF_ERROR(nullable_int("birth_year", [&](std::optional<int64_t> v) {
    d.birth_year = v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
    if (!v) d.birth_date.clear();
  }));
  if (j.contains("party_member")) {
    const json& v = j["party_member"];
    if (v.is_null()) d.party_member.reset();
    else if (v.is_boolean()) d.party_member = v.get<bool>();
    else return Status::InvalidArgument("Đảng viên: cần có / không");
  }
  return Status::Ok();
}

json ToJson(const DeletionReport& r) {
  const auto& c = r.counts;
  json j = {{"deleted", r.deleted}, {"dry_run", r.dry_run},
            {"takes_along", {{"checkins", c.checkins}, {"documents", c.documents},
                             {"agenda_items", c.agenda_items}, {"delegates", c.delegates},
                             {"face_enrolments", c.face_enrolments}, {"sessions", c.sessions},
                             {"delegations", c.delegations}, {"badge_tokens", c.badge_tokens},
                             {"polls", c.polls}, {"speech_requests", c.speech_requests},
                             {"voting_records", c.voting_records}}}};
  if (r.moved_to) j["moved_to"] = *r.moved_to;
  if (r.dry_run) j["refused"] = r.refused;
  return j;
}

}  // namespace phonghop::http
