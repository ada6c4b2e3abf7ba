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

}  // namespace

void RegisterMeetingRoutes(Router& r, MeetingRouteDeps deps_in) {
  auto deps = std::make_shared<MeetingRouteDeps>(std::move(deps_in));
  auto& svc = deps->meeting;

  // ---- announcements ----
  r.Add(Verb::get, "/api/v1/congresses/{slug}/announcements", Access::Public(), [&svc](Request& req) {
    auto list = svc.Announcements(req.Param("slug"));
    if (!list.ok()) return ErrorResponse(list.status());
    json items = json::array();
    for (const auto& a : *list)
      items.push_back({{"id", a.id}, {"text", a.text}, {"important", a.important}, {"created_at", a.created_at},
                       {"at", FormatIsoUtc(a.created_at)}});
    Response res = JsonReply({{"announcements", items}});
    res.AddHeader("Cache-Control", "no-cache");
    return res;
  });
  r.Add(Verb::post, "/api/v1/congresses/{slug}/announcements", Chairs(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    std::string text;
    bool important = false;
    JsonFields f(*body, {"text", "important"});
    f.Str("text", text, true).Bool("important", important);
    if (!f.status().ok()) return ErrorResponse(f.status());
    auto a = svc.Announce(req.Param("slug"), text, important, Actor(req));
    if (!a.ok()) return ErrorResponse(a.status());
    return JsonReply({{"id", a->id}, {"text", a->text}, {"important", a->important}, {"created_at", a->created_at}}, 201);
  });
  r.Add(Verb::delete_, "/api/v1/congresses/{slug}/announcements/{id}", Chairs(), [&svc](Request& req) {
    int64_t id = 0;
    try {
      id = std::stoll(std::string(req.Param("id")));
    } catch (...) {
      return ErrorResponse(Status::InvalidArgument("id"));
    }
    Status st = svc.Withdraw(req.Param("slug"), id);
    if (!st.ok()) return ErrorResponse(st);
    return JsonReply({{"deleted", id}});
  });

  // ---- the chair presents a document to everyone ----
  r.Add(Verb::get, "/api/v1/congresses/{slug}/presentation", Access::Public(), [deps](Request& req) {
    auto p = deps->meeting.CurrentPresentation(req.Param("slug"));
    if (!p.ok()) return ErrorResponse(p.status());
    // The title of a restricted document only for those who may open it.
    bool may_read = p->audience == "public";
    if (!may_read && req.principal) {
      auto d = deps->docs.Get(p->code);
      may_read = d.ok() && documents::CanSee(*d, ViewerOf(req));
    }
    Response res = JsonReply({{"code", p->code}, {"title", may_read ? p->title : ""},
                              {"audience", p->audience}, {"page", p->page}, {"since", p->since}});
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  r.Add(Verb::post, "/api/v1/congresses/{slug}/presentation", Chairs(), [deps](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    std::string code;
    int page = 1;
    JsonFields f(*body, {"code", "page"});
    f.Str("code", code).Int("page", page);
    if (!f.status().ok()) return ErrorResponse(f.status());
    std::string title, audience = "public";
    int64_t doc_congress = 0;
    if (!code.empty()) {
      auto d = deps->docs.Get(code);
      if (!d.ok()) return ErrorResponse(d.status());
      // The chair presents only what the chair may open (and, in Present,
      // only documents of this congress).
      if (!documents::CanSee(*d, ViewerOf(req)))
        return ErrorResponse(Status::NotFound("không có tài liệu với mã này"));
      title = d->title;
      doc_congress = d->congress_id;
      audience = documents::ToString(d->visibility);
      if (page > std::max(1, d->current.page_count)) page = std::max(1, d->current.page_count);
    }
    auto p = deps->meeting.Present(req.Param("slug"), code, title, page, Actor(req), doc_congress, audience);
    if (!p.ok()) return ErrorResponse(p.status());
    // The chair is told who cannot follow: guests (not signed in) see
    // nothing of a delegates-only document.
    std::string warning;
    if (p->audience == "delegates") warning = "Tài liệu chỉ dành cho đại biểu: khách và màn hình hội trường chưa đăng nhập không xem được";
    else if (p->audience == "roles") warning = "Tài liệu giới hạn theo vai trò: đại biểu, khách và màn hình hội trường không xem được";
    return JsonReply({{"code", p->code}, {"title", p->title}, {"audience", p->audience}, {"page", p->page},
                      {"since", p->since}, {"warning", warning}});
  });

  // ---- personal notes ----
  r.Add(Verb::get, "/api/v1/documents/{code}/note", Access::SignedIn(), [&svc](Request& req) {
    auto n = svc.GetNote(NoteOwner(req), std::string(req.Param("code")));
    if (!n.ok() && n.status().code() != StatusCode::kNotFound) return ErrorResponse(n.status());
    Response res = JsonReply({{"text", n.ok() ? n->text : ""}, {"updated_at", n.ok() ? FormatIsoUtc(n->updated_at) : ""}});
    res.AddHeader("Cache-Control", "no-store");
    return res;
  });
  r.Add(Verb::put, "/api/v1/documents/{code}/note", Access::SignedIn(), [deps](Request& req) {
    auto d = deps->docs.Get(req.Param("code"));
    if (!d.ok()) return ErrorResponse(d.status());
    if (!documents::CanSee(*d, ViewerOf(req))) return ErrorResponse(Status::NotFound("không có tài liệu này"));
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    std::string text;
    JsonFields f(*body, {"text"});
    f.Str("text", text, true);
    if (!f.status().ok()) return ErrorResponse(f.status());
    Status st = deps->meeting.SaveNote(NoteOwner(req), d->code, text);
    if (!st.ok()) return ErrorResponse(st);
    return JsonReply({{"saved", true}});
  });

  // ---- province pages ----
  r.Add(Verb::get, "/api/v1/congresses/{slug}/pages", Access::Public(), [&svc](Request& req) {
    const bool drafts = IsStaff(req) && req.Query("drafts").value_or("") == "1";
    auto list = svc.Pages(req.Param("slug"), drafts);
    if (!list.ok()) return ErrorResponse(list.status());
    json items = json::array();
    for (const auto& p : *list) items.push_back(PageJson(p, false));
    return JsonReply({{"pages", items}});
  });
  r.Add(Verb::get, "/api/v1/congresses/{slug}/pages/{page}", Access::Public(), [&svc](Request& req) {
    auto p = svc.Page(req.Param("slug"), std::string(req.Param("page")), IsStaff(req));
    if (!p.ok()) return ErrorResponse(p.status());
    return JsonReply(PageJson(*p, true));
  });
  r.Add(Verb::put, "/api/v1/congresses/{slug}/pages/{page}", Access::Staff(), [&svc](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    ProvincePage p;
    p.slug = std::string(req.Param("page"));
    std::string status = "draft";
    JsonFields f(*body, {"title", "category", "summary", "body_md", "cover", "status", "position"});
    f.Str("title", p.title, true).Str("category", p.category, true).Str("summary", p.summary)
        .Str("body_md", p.body_md).Str("cover", p.cover).Str("status", status).Int("position", p.position);
    if (!f.status().ok()) return ErrorResponse(f.status());
    auto st = meeting::ParsePageStatus(status);
    if (!st) return ErrorResponse(Status::InvalidArgument("status: draft | published"));
    p.status = *st;
    auto saved = svc.SavePage(req.Param("slug"), p);
    if (!saved.ok()) return ErrorResponse(saved.status());
    return JsonReply(PageJson(*saved, true));
  });
  r.Add(Verb::delete_, "/api/v1/congresses/{slug}/pages/{page}", Access::Staff(), [&svc](Request& req) {
    Status st = svc.DeletePage(req.Param("slug"), std::string(req.Param("page")));
    if (!st.ok()) return ErrorResponse(st);
    return JsonReply({{"deleted", true}});
  });
  // Live preview in the editor: the same renderer as the page.
  r.Add(Verb::post, "/api/v1/markdown-preview", Access::Staff(), [](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    std::string md;
    JsonFields f(*body, {"markdown"});
    f.Str("markdown", md, true);
    if (!f.status().ok()) return ErrorResponse(f.status());
    return JsonReply({{"html", MarkdownHtml(md)}});
  });
  r.Add(Verb::post, "/api/v1/congresses/{slug}/page-images", Access::Staff(), [deps](Request& req) {
    const std::string& bytes = req.body();
    auto header = face::ReadImageHeader(bytes);
    if (!header.ok()) return ErrorResponse(header.status());
    if (long(header->width) * header->height > 40'000'000)
      return ErrorResponse(Status::InvalidArgument("Ảnh quá lớn (tối đa 40 megapixel)"));
    const std::string sha = Sha256Hex(bytes);
    const std::string tmp = deps->tmp_dir + "/page-image-" + sha.substr(0, 16) + "-" + std::to_string(::getpid());
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(bytes.data(), std::streamsize(bytes.size()));
      if (!out) return ErrorResponse(Status::Internal("không ghi được ảnh"));
    }
    auto put = deps->images.Put(tmp, sha);
    if (!put.ok()) {
      std::remove(tmp.c_str());
      return ErrorResponse(put.status());
    }
    const char* ext = header->kind == face::ImageHeader::Kind::kPng ? "png" : "jpg";
    return JsonReply({{"url", "/api/v1/page-images/" + sha + "." + ext}}, 201);
  });
  r.Add(Verb::get, "/api/v1/page-images/{name}", Access::Public(), [deps](Request& req) {
    std::string name(req.Param("name"));
    const size_t dot = name.find('.');
    const std::string sha = name.substr(0, dot);
    const std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos || (ext != "png" && ext != "jpg"))
      return ErrorResponse(Status::NotFound("không có ảnh này"));
    auto path = deps->images.PathOf(sha);
    if (!path.ok()) return ErrorResponse(path.status());
    std::ifstream in(*path, std::ios::binary);
    Response res;
    res.body.assign(std::istreambuf_iterator<char>(in), {});
    res.content_type = ext == "png" ? "image/png" : "image/jpeg";
    res.compressible = false;
    res.AddHeader("Cache-Control", "public, max-age=31536000, immutable");
    return res;
  });
}

}  // namespace phonghop::http
