// Comments on drafts (#17 item 14, decision 414): delegates send them from
// the viewer; the drafting team (admin, secretariat) lists them per
// document, marks them handled and exports them for the compilation.
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "documents/visibility.h"
#include "http/authorizer.h"
#include "http/error_mapping.h"
#include "http/handlers/meeting_routes.h"
#include "http/json_body.h"
#include "http/spreadsheet_reply.h"

namespace phonghop::http {

using nlohmann::json;
using congress::Role;
using meeting::DraftComment;
using Deps = MeetingRouteDeps;

namespace {

bool IsStaff(const Request& req) {
  return req.principal && (req.principal->role == Role::kAdmin || req.principal->role == Role::kSecretariat);
}

json CommentJson(const DraftComment& c) {
  return {{"id", c.id},
          {"document", c.document_code},
          {"document_title", c.document_title},
          {"version", c.version},
          {"page", c.page},
          {"quote", c.quote},
          {"text", c.text},
          {"author", c.author},
          {"group", c.group_name},
          {"created_at", FormatIsoUtc(c.created_at)},
          {"handled", c.handled_at != 0},
          {"handled_at", c.handled_at ? FormatIsoUtc(c.handled_at) : ""},
          {"handled_by", c.handled_by}};
}

Response ListReply(const std::vector<DraftComment>& list) {
  json items = json::array();
  for (const auto& c : list) items.push_back(CommentJson(c));
  Response res = JsonReply({{"comments", items}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

// The document a request names, if the caller may open it, as the service
// needs it.
Result<meeting::CommentTarget> TargetOf(Deps& d, const Request& req, documents::Document* doc_out = nullptr) {
  PH_ASSIGN_OR_RETURN(auto doc, d.docs.Get(req.Param("code")));
  if (!documents::CanSee(doc, ViewerOf(req))) return Status::NotFound("không có tài liệu với mã này");
  PH_ASSIGN_OR_RETURN(auto versions, d.docs.Versions(doc.code));
  meeting::CommentTarget t;
  t.document_id = doc.id;
  t.congress_id = doc.congress_id;
  t.category = doc.category;
  int highest = 0;
  for (const auto& v : versions) highest = std::max(highest, v.number);
  t.page_counts.assign(static_cast<size_t>(std::max(highest, 1)), 0);
  for (const auto& v : versions)
    if (v.number >= 1) t.page_counts[static_cast<size_t>(v.number - 1)] = v.page_count;
  if (doc_out) *doc_out = std::move(doc);
  return t;
}

Result<Response> AddComment(Deps& d, Request& req) {
  if (!req.principal || req.principal->delegate_id == 0)
    return Status::PermissionDenied("Chỉ đại biểu đăng nhập bằng thẻ mới gửi góp ý được");
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  meeting::CommentInput in;
  JsonFields f(body, {"version", "page", "quote", "text", "for_group"});
  f.Int("version", in.version).Int("page", in.page, true).Str("quote", in.quote).Str("text", in.text, true)
      .Bool("for_group", in.for_group);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(auto target, TargetOf(d, req));
  PH_ASSIGN_OR_RETURN(auto c, d.meeting.AddComment(target, req.principal->delegate_id, std::move(in)));
  c.document_code = std::string(req.Param("code"));
  return JsonReply(CommentJson(c), 201);
}

// A delegate sees their own and their delegation's; staff see all.
Result<Response> DocumentComments(Deps& d, Request& req) {
  documents::Document doc;
  PH_ASSIGN_OR_RETURN(auto target, TargetOf(d, req, &doc));
  if (IsStaff(req)) {
    PH_ASSIGN_OR_RETURN(auto all, d.meeting.CommentsOfDocument(target));
    return ListReply(all);
  }
  if (!req.principal || req.principal->delegate_id == 0)
    return Status::PermissionDenied("Chỉ đại biểu và ban thư ký xem được góp ý");
  PH_ASSIGN_OR_RETURN(auto mine, d.meeting.CommentsOf(target, req.principal->delegate_id));
  PH_ASSIGN_OR_RETURN(auto role, d.meeting.GroupRoleOf(req.principal->delegate_id));
  json items = json::array();
  for (const auto& c : mine) {
    json j = CommentJson(c);
    // The sender may take back their own until the team handles it.
    j["withdrawable"] = c.delegate_id == req.principal->delegate_id && c.handled_at == 0;
    items.push_back(std::move(j));
  }
  Response res = JsonReply({{"comments", items},
                            {"delegation", role.delegation},
                            {"group_secretary", role.secretary}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

// The sender takes back an unhandled comment (decision 416).
Result<Response> WithdrawComment(Deps& d, Request& req) {
  if (!req.principal || req.principal->delegate_id == 0)
    return Status::PermissionDenied("Chỉ đại biểu đăng nhập bằng thẻ mới rút góp ý được");
  auto id = req.IdParam("id");
  if (!id) return Status::NotFound("Không có góp ý này");
  PH_ASSIGN_OR_RETURN(auto target, TargetOf(d, req));
  PH_RETURN_IF_ERROR(d.meeting.WithdrawComment(target, req.principal->delegate_id, *id));
  return JsonReply({{"withdrawn", *id}});
}

json SecretaryJson(const meeting::MeetingService::GroupSecretary& g) {
  return {{"delegation_id", g.delegation_id}, {"delegation", g.delegation}, {"delegate_id", g.delegate_id},
          {"name", g.name}};
}

Result<Response> GroupSecretaries(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto list, d.meeting.GroupSecretaries(req.Param("slug")));
  json items = json::array();
  for (const auto& g : list) items.push_back(SecretaryJson(g));
  return JsonReply({{"secretaries", items}});
}

// {"delegate_id": N} names the group secretary; 0 or null clears it.
Result<Response> SetGroupSecretary(Deps& d, Request& req) {
  auto id = req.IdParam("id");
  if (!id) return Status::NotFound("Không có đoàn này trong đại hội");
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  int64_t delegate = 0;
  if (body.contains("delegate_id") && body["delegate_id"].is_null()) body.erase("delegate_id");
  JsonFields f(body, {"delegate_id"});
  f.Int64("delegate_id", delegate);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(auto g, d.meeting.SetGroupSecretary(req.Param("slug"), *id, delegate));
  return JsonReply(SecretaryJson(g));
}

// ?document=CODE narrows to one document.
Result<int64_t> DocumentFilter(Deps& d, const Request& req) {
  auto code = req.Query("document");
  if (!code || code->empty()) return int64_t{0};
  PH_ASSIGN_OR_RETURN(auto doc, d.docs.Get(*code));
  return doc.id;
}

Result<Response> CongressComments(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t doc, DocumentFilter(d, req));
  PH_ASSIGN_OR_RETURN(auto list, d.meeting.Comments(req.Param("slug"), doc));
  return ListReply(list);
}

Result<Response> MarkComment(Deps& d, Request& req) {
  auto id = req.IdParam("id");
  if (!id) return Status::NotFound("Không có góp ý này");
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  bool handled = false;
  JsonFields f(body, {"handled"});
  f.Bool("handled", handled, true);
  PH_RETURN_IF_ERROR(f.status());
  const std::string by = req.principal ? req.principal->name : "";
  PH_ASSIGN_OR_RETURN(auto c, d.meeting.MarkComment(req.Param("slug"), *id, handled, by));
  return JsonReply(CommentJson(c));
}

// For the compilation: one row per comment, Vietnamese column names.
Result<Response> ExportComments(Deps& d, Request& req) {
  const std::string format = req.Query("format").value_or("xlsx");
  if (format != "xlsx" && format != "csv") return Status::InvalidArgument("Định dạng phải là xlsx hoặc csv");
  PH_ASSIGN_OR_RETURN(int64_t doc, DocumentFilter(d, req));
  PH_ASSIGN_OR_RETURN(auto list, d.meeting.Comments(req.Param("slug"), doc));
  std::vector<std::vector<std::string>> rows = {{"STT", "Tài liệu", "Mã tài liệu", "Phiên bản", "Trang",
                                                 "Đoạn trích", "Nội dung góp ý", "Người gửi", "Thay mặt đoàn",
                                                 "Thời gian gửi", "Đã xử lý", "Người xử lý"}};
  int n = 0;
  for (const auto& c : list)
    rows.push_back({std::to_string(++n), c.document_title, c.document_code, std::to_string(c.version),
                    std::to_string(c.page), c.quote, c.text, c.author, c.group_name, FormatVenueTimeVi(c.created_at),
                    c.handled_at ? "Đã xử lý" : "Chưa xử lý", c.handled_by});
  return SpreadsheetReply(rows, format, "gop-y-du-thao-" + std::string(req.Param("slug")), "Góp ý");
}

}  // namespace

void RegisterCommentRoutes(Router& r, MeetingRouteDeps deps) {
  AddRoutes<Deps>(r, std::make_shared<Deps>(deps), {
      {Verb::post, "/api/v1/documents/{code}/comments", Access::Roles({Role::kDelegate}), AddComment},
      {Verb::get, "/api/v1/documents/{code}/comments", Access::SignedIn(), DocumentComments},
      {Verb::get, "/api/v1/congresses/{slug}/comments/export", Access::Staff(), ExportComments},
      {Verb::get, "/api/v1/congresses/{slug}/comments", Access::Staff(), CongressComments},
      {Verb::patch, "/api/v1/congresses/{slug}/comments/{id}", Access::Staff(), MarkComment},
      {Verb::delete_, "/api/v1/documents/{code}/comments/{id}", Access::Roles({Role::kDelegate}), WithdrawComment},
      {Verb::get, "/api/v1/congresses/{slug}/group-secretaries", Access::Staff(), GroupSecretaries},
      {Verb::put, "/api/v1/congresses/{slug}/delegations/{id}/secretary", Access::Staff(), SetGroupSecretary},
  });
}

}  // namespace phonghop::http
