// Routes of the congress in session: announcements (list, send, correct,
// withdraw), the chair's presentation, personal notes, province pages and
// their images. One named function per route; the table at the end.
#include <cmark.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/sha256.h"
#include "documents/visibility.h"
#include "face/image_header.h"
#include "http/authorizer.h"
#include "http/error_mapping.h"
#include "http/handlers/meeting_routes.h"
#include "http/json_body.h"

namespace phonghop::http {

using nlohmann::json;
using congress::Role;
using meeting::ProvincePage;

namespace {

Access Chairs() { return Access::Roles({Role::kAdmin, Role::kSecretariat, Role::kChair}); }

std::string Actor(const Request& req) {
  return req.principal ? req.principal->name + " (" + congress::ToString(req.principal->role) + ")" : "";
}

std::string NoteOwner(const Request& req) {
  if (!req.principal) return "";
  return req.principal->delegate_id ? "d:" + std::to_string(req.principal->delegate_id)
                                    : "u:" + std::to_string(req.principal->user_id);
}

std::string MarkdownHtml(const std::string& md) {
  // Safe mode (cmark ≥ 0.29 default): raw HTML and javascript: links dropped.
  char* out = cmark_markdown_to_html(md.data(), md.size(), CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
  std::string html = out ? out : "";
  free(out);
  return html;
}

json PageJson(const ProvincePage& p, bool with_body) {
  json j = {{"slug", p.slug}, {"title", p.title}, {"category", p.category},
            {"category_label", meeting::PageCategoryLabel(p.category)}, {"summary", p.summary},
            {"cover", p.cover}, {"status", meeting::ToString(p.status)}, {"position", p.position},
            {"updated_at", FormatIsoUtc(p.updated_at)}};
  if (with_body) {
    j["body_md"] = p.body_md;
    j["html"] = MarkdownHtml(p.body_md);
  }
  return j;
}

bool IsStaff(const Request& req) {
  return req.principal && (req.principal->role == Role::kAdmin || req.principal->role == Role::kSecretariat);
}

using Deps = MeetingRouteDeps;

json AnnouncementJson(const meeting::Announcement& a) {
  return {{"id", a.id}, {"text", a.text}, {"important", a.important}, {"created_at", a.created_at},
          {"at", FormatIsoUtc(a.created_at)}};
}

Result<int64_t> AnnouncementId(const Request& req) {
  auto id = req.IdParam("id");
  if (!id) return Status::NotFound("Không có thông báo này");
  return *id;
}

// ---- announcements ----

Result<Response> ListAnnouncements(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto list, d.meeting.Announcements(req.Param("slug")));
  json items = json::array();
  for (const auto& a : list) items.push_back(AnnouncementJson(a));
  Response res = JsonReply({{"announcements", items}});
  res.AddHeader("Cache-Control", "no-cache");
  return res;
}

Result<Response> Announce(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string text;
  bool important = false;
  JsonFields f(body, {"text", "important"});
  f.Str("text", text, true).Bool("important", important);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(auto a, d.meeting.Announce(req.Param("slug"), text, important, Actor(req)));
  return JsonReply(AnnouncementJson(a), 201);
}

Result<Response> EditAnnouncement(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, AnnouncementId(req));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string text;
  bool important = false;
  JsonFields f(body, {"text", "important"});
  f.Str("text", text).Bool("important", important);
  PH_RETURN_IF_ERROR(f.status());
  std::optional<std::string> new_text;
  std::optional<bool> new_important;
  if (f.Has("text")) new_text = text;
  if (f.Has("important")) new_important = important;
  PH_ASSIGN_OR_RETURN(auto a, d.meeting.Edit(req.Param("slug"), id, new_text, new_important));
  return JsonReply(AnnouncementJson(a));
}

Result<Response> WithdrawAnnouncement(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t id, AnnouncementId(req));
  PH_RETURN_IF_ERROR(d.meeting.Withdraw(req.Param("slug"), id));
  return JsonReply({{"deleted", id}});
}

// ---- the chair presents a document to everyone ----

Result<Response> GetPresentation(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto p, d.meeting.CurrentPresentation(req.Param("slug")));
  // The title of a restricted document only for those who may open it.
  bool may_read = p.audience == "public";
  if (!may_read && req.principal) {
    auto doc = d.docs.Get(p.code);
    documents::Viewer v = ViewerOf(req);
    if (v.role == Role::kScreen) v.presented_code = d.meeting.PresentedCode(v.badge_congress_id);
    may_read = doc.ok() && documents::CanSee(*doc, v);
  }
  Response res = JsonReply({{"code", p.code}, {"title", may_read ? p.title : ""},
                            {"audience", p.audience}, {"page", p.page}, {"since", p.since}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> Present(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string code;
  int page = 1;
  JsonFields f(body, {"code", "page"});
  f.Str("code", code).Int("page", page);
  PH_RETURN_IF_ERROR(f.status());
  std::string title, audience = "public";
  int64_t doc_congress = 0;
  if (!code.empty()) {
    PH_ASSIGN_OR_RETURN(auto doc, d.docs.Get(code));
    // The chair presents only what the chair may open (and, in Present,
    // only documents of this congress).
    if (!documents::CanSee(doc, ViewerOf(req))) return Status::NotFound("không có tài liệu với mã này");
    title = doc.title;
    doc_congress = doc.congress_id;
    audience = documents::ToString(doc.visibility);
    if (page > std::max(1, doc.current.page_count)) page = std::max(1, doc.current.page_count);
  }
  PH_ASSIGN_OR_RETURN(auto p, d.meeting.Present(req.Param("slug"), code, title, page, Actor(req), doc_congress, audience));
  // The chair is told who cannot follow: guests (not signed in) see
  // nothing of a delegates-only document.
  std::string warning;
  if (p.audience == "delegates") warning = "Tài liệu chỉ dành cho đại biểu: khách và màn hình hội trường không có mã màn hình không xem được";
  else if (p.audience == "roles") warning = "Tài liệu giới hạn theo vai trò: đại biểu, khách và màn hình hội trường (kể cả có mã màn hình) không xem được";
  return JsonReply({{"code", p.code}, {"title", p.title}, {"audience", p.audience}, {"page", p.page},
                    {"since", p.since}, {"warning", warning}});
}

// ---- personal notes ----

Result<Response> GetNote(Deps& d, Request& req) {
  auto n = d.meeting.GetNote(NoteOwner(req), std::string(req.Param("code")));
  if (!n.ok() && n.status().code() != StatusCode::kNotFound) return n.status();
  const int64_t version = n.ok() ? n->version : 0;
  Response res = JsonReply({{"text", n.ok() ? n->text : ""},
                            {"updated_at", n.ok() ? FormatIsoUtc(n->updated_at) : ""},
                            {"version", version}});
  res.AddHeader("Cache-Control", "no-store");
  res.AddHeader("ETag", "\"" + std::to_string(version) + "\"");
  return res;
}

// If-Match: "N" (the version the writer read; "0" = no note yet) makes the
// save conditional (decision 415); -1 without the header.
Result<int64_t> ExpectedVersion(const Request& req) {
  std::string_view v = req.Header("If-Match");
  if (v.empty()) return int64_t{-1};
  if (v.rfind("W/", 0) == 0) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  int64_t n = 0;
  if (v.empty() || v.size() > 18) return Status::InvalidArgument("If-Match phải là số phiên bản của ghi chú");
  for (char ch : v) {
    if (ch < '0' || ch > '9') return Status::InvalidArgument("If-Match phải là số phiên bản của ghi chú");
    n = n * 10 + (ch - '0');
  }
  return n;
}

Result<Response> SaveNote(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto doc, d.docs.Get(req.Param("code")));
  if (!documents::CanSee(doc, ViewerOf(req))) return Status::NotFound("không có tài liệu này");
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string text;
  JsonFields f(body, {"text"});
  f.Str("text", text, true);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(int64_t expected, ExpectedVersion(req));
  PH_ASSIGN_OR_RETURN(int64_t version, d.meeting.SaveNote(NoteOwner(req), doc.code, text, expected));
  Response res = JsonReply({{"saved", true}, {"version", version}});
  res.AddHeader("ETag", "\"" + std::to_string(version) + "\"");
  return res;
}

// ---- province pages ----

Result<Response> ListPages(Deps& d, Request& req) {
  const bool drafts = IsStaff(req) && req.Query("drafts").value_or("") == "1";
  PH_ASSIGN_OR_RETURN(auto list, d.meeting.Pages(req.Param("slug"), drafts));
  json items = json::array();
  for (const auto& p : list) items.push_back(PageJson(p, false));
  return JsonReply({{"pages", items}});
}

Result<Response> GetPage(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto p, d.meeting.Page(req.Param("slug"), std::string(req.Param("page")), IsStaff(req)));
  return JsonReply(PageJson(p, true));
}

Result<Response> SavePage(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  ProvincePage p;
  p.slug = std::string(req.Param("page"));
  std::string status = "draft";
  JsonFields f(body, {"title", "category", "summary", "body_md", "cover", "status", "position"});
  f.Str("title", p.title, true).Str("category", p.category, true).Str("summary", p.summary)
      .Str("body_md", p.body_md).Str("cover", p.cover).Str("status", status).Int("position", p.position);
  PH_RETURN_IF_ERROR(f.status());
  auto st = meeting::ParsePageStatus(status);
  if (!st) return Status::InvalidArgument("Trạng thái trang phải là bản nháp (draft) hoặc đã đăng (published)");
  p.status = *st;
  PH_ASSIGN_OR_RETURN(auto saved, d.meeting.SavePage(req.Param("slug"), p));
  return JsonReply(PageJson(saved, true));
}

Result<Response> DeletePage(Deps& d, Request& req) {
  PH_RETURN_IF_ERROR(d.meeting.DeletePage(req.Param("slug"), std::string(req.Param("page"))));
  return JsonReply({{"deleted", true}});
}

// Live preview in the editor: the same renderer as the page.
Result<Response> MarkdownPreview(Deps&, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string md;
  JsonFields f(body, {"markdown"});
  f.Str("markdown", md, true);
  PH_RETURN_IF_ERROR(f.status());
  return JsonReply({{"html", MarkdownHtml(md)}});
}

Result<Response> StorePageImage(Deps& d, Request& req) {
  const std::string& bytes = req.body();
  PH_ASSIGN_OR_RETURN(auto header, face::ReadImageHeader(bytes));
  if (long(header.width) * header.height > 40'000'000) return Status::InvalidArgument("Ảnh quá lớn (tối đa 40 megapixel)");
  const std::string sha = Sha256Hex(bytes);
  const std::string tmp = d.tmp_dir + "/page-image-" + sha.substr(0, 16) + "-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) return Status::Internal("không ghi được ảnh");
  }
  auto put = d.images.Put(tmp, sha);
  if (!put.ok()) {
    std::remove(tmp.c_str());
    return put.status();
  }
  const char* ext = header.kind == face::ImageHeader::Kind::kPng ? "png" : "jpg";
  return JsonReply({{"url", "/api/v1/page-images/" + sha + "." + ext}}, 201);
}

// Storing may reach an S3 store over the network: off the network threads.
Result<Response> UploadPageImage(Deps& d, Request& req) {
  return DeferredReply([&d, &req] { return StorePageImage(d, req); });
}

Result<Response> GetPageImage(Deps& d, Request& req) {
  std::string name(req.Param("name"));
  const size_t dot = name.find('.');
  const std::string sha = name.substr(0, dot);
  const std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
  if (sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos || (ext != "png" && ext != "jpg"))
    return Status::NotFound("không có ảnh này");
  auto reply = [&d, sha, ext]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto path, d.images.PathOf(sha));
    std::ifstream in(path, std::ios::binary);
    Response res;
    res.body.assign(std::istreambuf_iterator<char>(in), {});
    res.content_type = ext == "png" ? "image/png" : "image/jpeg";
    res.compressible = false;
    res.AddHeader("Cache-Control", "public, max-age=31536000, immutable");
    return res;
  };
  // Not on this node's disk yet (an S3 store's cache miss): fetched off the
  // network threads (decision 510).
  if (d.images.LocalPath(sha).empty()) return DeferredReply(reply);
  return reply();
}

}  // namespace

void RegisterMeetingRoutes(Router& r, MeetingRouteDeps deps) {
  AddRoutes<Deps>(r, std::make_shared<Deps>(std::move(deps)), {
      {Verb::get, "/api/v1/congresses/{slug}/announcements", Access::Public(), ListAnnouncements},
      {Verb::post, "/api/v1/congresses/{slug}/announcements", Chairs(), Announce},
      {Verb::patch, "/api/v1/congresses/{slug}/announcements/{id}", Chairs(), EditAnnouncement},
      {Verb::delete_, "/api/v1/congresses/{slug}/announcements/{id}", Chairs(), WithdrawAnnouncement},
      {Verb::get, "/api/v1/congresses/{slug}/presentation", Access::Public(), GetPresentation},
      {Verb::post, "/api/v1/congresses/{slug}/presentation", Chairs(), Present},
      {Verb::get, "/api/v1/documents/{code}/note", Access::SignedIn(), GetNote},
      {Verb::put, "/api/v1/documents/{code}/note", Access::SignedIn(), SaveNote},
      {Verb::get, "/api/v1/congresses/{slug}/pages", Access::Public(), ListPages},
      {Verb::get, "/api/v1/congresses/{slug}/pages/{page}", Access::Public(), GetPage},
      {Verb::put, "/api/v1/congresses/{slug}/pages/{page}", Access::Staff(), SavePage},
      {Verb::delete_, "/api/v1/congresses/{slug}/pages/{page}", Access::Staff(), DeletePage},
      {Verb::post, "/api/v1/markdown-preview", Access::Staff().NoCongress(), MarkdownPreview},
      {Verb::post, "/api/v1/congresses/{slug}/page-images", Access::Staff(), UploadPageImage},
      {Verb::get, "/api/v1/page-images/{name}", Access::Public(), GetPageImage},
  });
}

}  // namespace phonghop::http
