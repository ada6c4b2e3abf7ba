#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <unordered_map>
#include <set>

#include "http/document_json.h"
#include "common/numbers.h"
#include "documents/visibility.h"
#include "http/authorizer.h"
#include "http/error_mapping.h"
#include "http/file_response.h"
#include "http/handlers/document_routes.h"
#include "http/json_body.h"
#include "http/reply_cache.h"
#include "io/multipart.h"
#include "print/congress_sheets.h"
#include "qr/qr_code.h"

namespace phonghop::http {

using nlohmann::json;
using namespace phonghop::documents;

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::vector<std::string> SplitCsv(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    std::string item = s.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

int VersionParam(const Request& req) {
  auto v = req.Query("version");
  if (!v || v->empty()) return 0;
  auto n = ParseNumber<int>(*v);
  return n ? std::max(0, *n) : -1;
}

// Parses the streamed multipart body: exactly one file in field "file".
Result<std::pair<io::MultipartForm, io::MultipartFile>> ReadUpload(const Request& req,
                                                                  const std::string& tmp_dir) {
  PH_ASSIGN_OR_RETURN(std::string boundary, io::BoundaryOf(req.Header("Content-Type")));
  if (req.body_path.empty()) return Status::InvalidArgument("thiếu nội dung tải lên");
  PH_ASSIGN_OR_RETURN(io::MultipartForm form, io::ParseMultipartFile(req.body_path, boundary, tmp_dir));
  io::MultipartFile file;
  int found = 0;
  for (auto& f : form.files) {
    if (f.field == "file" && found++ == 0) file = f;
    else ::unlink(f.path.c_str());
  }
  if (found != 1) {
    if (found == 0) return Status::InvalidArgument("thiếu trường \"file\" chứa tệp");
    ::unlink(file.path.c_str());
    return Status::InvalidArgument("chỉ gửi một tệp trong trường \"file\"");
  }
  static const std::set<std::string> kAllowed = {"title", "number", "category", "agenda_item_id",
                                                 "position", "visibility", "roles", "version_label"};
  for (const auto& [k, v] : form.fields) {
    if (!kAllowed.count(k)) {
      ::unlink(file.path.c_str());
      return Status::InvalidArgument("trường không được hỗ trợ: \"" + k + "\"");
    }
  }
  return std::make_pair(std::move(form), std::move(file));
}

Result<UploadInput> ToUploadInput(io::MultipartForm& form, io::MultipartFile& file) {
  UploadInput in;
  in.temp_path = file.path;
  in.file_name = file.file_name;
  auto get = [&](const char* k) -> std::string {
    auto it = form.fields.find(k);
    return it == form.fields.end() ? "" : it->second;
  };
  in.title = get("title");
  in.number = get("number");
  if (!get("category").empty()) in.category = get("category");
  if (!get("visibility").empty()) in.visibility = get("visibility");
  in.roles = SplitCsv(get("roles"));
  in.version_label = get("version_label");
  auto agenda = ParseNumber<int64_t>(get("agenda_item_id"));
  auto position = ParseNumber<int>(get("position"));
  if (agenda) in.agenda_item_id = *agenda;
  if (position) in.position = *position;
  if ((!get("agenda_item_id").empty() && !agenda) || (!get("position").empty() && !position)) {
    ::unlink(file.path.c_str());
    return Status::InvalidArgument("agenda_item_id / position phải là số");
  }
  return in;
}

}  // namespace

// A document the caller may not open: 401 (sign in with the badge) if
// anonymous, else 404 so its existence is not revealed.
std::optional<Response> Denied(DocumentRouteDeps& deps, const Request& req, Visibility visibility,
                               const std::vector<std::string>& roles, int64_t congress_id,
                               const std::string& code) {
  documents::Viewer v = ViewerOf(req);
  // A hall screen may open the document its congress's chair presents now.
  if (v.role == congress::Role::kScreen && deps.presented) v.presented_code = deps.presented(v.badge_congress_id);
  if (CanSee(visibility, roles, congress_id, v, code)) return std::nullopt;
  if (!v.signed_in)
    return ErrorResponse(401, "unauthenticated",
                         "tài liệu chỉ dành cho đại biểu: hãy quét mã QR trên thẻ đại biểu để đăng nhập");
  return ErrorResponse(404, "not_found", "không có tài liệu với mã này");
}

// The file of the version a request names (?version=N, 0 = current), if the
// caller may read it; otherwise the error reply to send. Every read route
// (file, pages, HTML, thumbnails) goes through here.
Result<DocumentService::FileRef> Readable(DocumentRouteDeps& deps, const Request& req, Response* denied) {
  int v = VersionParam(req);
  if (v < 0) return Status::InvalidArgument("version phải là số");
  const std::string code(req.Param("code"));
  PH_ASSIGN_OR_RETURN(auto f, deps.docs.File(code, v));
  if (auto d = Denied(deps, req, f.visibility, f.roles, f.congress_id, code)) {
    *denied = std::move(*d);
    return Status::PermissionDenied("");
  }
  return f;
}

namespace {

using DepsPtr = std::shared_ptr<DocumentRouteDeps>;

// "; filename=…; filename*=UTF-8''…" for a file name: an ASCII fallback and
// the exact name percent-encoded (RFC 6266). Every PDF.js range request of a
// document asks for it again, so each network thread remembers the last few.
const std::string& DispositionNames(const std::string& file_name) {
  thread_local std::unordered_map<std::string, std::string> known;
  auto it = known.find(file_name);
  if (it != known.end()) return it->second;
  std::string fallback;
  for (char c : file_name) {
    const auto u = static_cast<unsigned char>(c);
    fallback += (u >= 0x20 && u < 0x7f && c != '"' && c != '\\') ? c : '_';
  }
  std::string encoded;
  for (unsigned char c : file_name) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      encoded += buf;
    }
  }
  if (known.size() >= 256) known.clear();
  return known.emplace(file_name, "; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded)
      .first->second;
}

// A version's file that is not on this node's disk yet (an S3 store's cache
// miss) is copied here off the network threads, then the route runs again
// there with the file local (decision 510). `fetched`: this is that second
// run, so a file still missing is an error, not another fetch.
Response FetchThenRun(const DepsPtr& deps, const std::string& sha, bool fetched, std::function<Response()> again) {
  if (fetched) return ErrorResponse(Status::Internal("blob " + sha + " still not local after fetching"));
  return DeferredReply([deps, sha, again = std::move(again)]() -> Result<Response> {
    PH_RETURN_IF_ERROR(deps->docs.FetchBlob(sha).status());
    Response r = again();
    if (r.deferred) return r.deferred();
    return r;
  });
}

Response FileRoute(const DepsPtr& deps, Request& req, bool fetched) {
  Response denied;
  auto f = Readable(*deps, req, &denied);
  if (!f.ok()) return denied.status != 200 ? denied : ErrorResponse(f.status());
  if (f->path.empty())
    return FetchThenRun(deps, f->version.sha256, fetched, [deps, &req] { return FileRoute(deps, req, true); });
  const int v = VersionParam(req);
  const auto& path = f->path;
  const auto& ver = f->version;
  // Content-addressed: the bytes behind this ETag never change.
  Response res = FileReply(req, path, ver.size, MimeType(ver.kind), "\"" + ver.sha256 + "\"",
                           v == 0 ? "no-cache" : "public, max-age=31536000, immutable");
  if (res.file) res.file->immutable = true;  // the blob's name is its SHA-256
  bool download = req.Query("download").has_value();
  res.AddHeader("Content-Disposition",
                std::string(download ? "attachment" : "inline") + DispositionNames(ver.file_name));
  return res;
}

Response ThumbRoute(const DepsPtr& deps, Request& req, bool fetched) {
  int page = 0, width = 200;
  auto p = ParseNumber<int>(req.Param("page"));
  auto w = req.Query("w") ? ParseNumber<int>(*req.Query("w")) : std::optional<int>(width);
  if (!p || !w) return ErrorResponse(Status::InvalidArgument("trang / độ rộng phải là số"));
  page = *p;
  width = *w;
  width = std::clamp(width, 60, 1200);
  width = (width + 19) / 20 * 20;  // a few sizes only, so the cache stays small
  Response denied;
  auto f = Readable(*deps, req, &denied);
  if (!f.ok()) return denied.status != 200 ? denied : ErrorResponse(f.status());
  if (f->path.empty())
    return FetchThenRun(deps, f->version.sha256, fetched, [deps, &req] { return ThumbRoute(deps, req, true); });
  std::string path = f->path;
  DocumentVersion ver = f->version;
  if (ver.kind == FileKind::kJpeg || ver.kind == FileKind::kPng)
    return FileReply(req, path, ver.size, MimeType(ver.kind), "\"" + ver.sha256 + "\"", "public, max-age=86400");
  if (ver.kind != FileKind::kPdf)
    return ErrorResponse(Status::NotFound("chỉ tệp PDF và ảnh có hình thu nhỏ"));
  if (page < 1 || page > ver.page_count)
    return ErrorResponse(Status::NotFound("không có trang " + std::to_string(page)));
  std::string out = deps->thumb_dir + "/" + ver.sha256 + "-" + std::to_string(page) + "-" +
                    std::to_string(width) + ".png";
  std::string etag = "\"" + ver.sha256.substr(0, 16) + "-" + std::to_string(page) + "-" +
                     std::to_string(width) + "\"";
  struct stat st{};
  if (::stat(out.c_str(), &st) == 0)
    return FileReply(req, out, static_cast<uint64_t>(st.st_size), "image/png", etag, "public, max-age=86400");
  Response res;
  res.deferred = [deps, path = path, page, width, out, etag, &req]() -> Response {
    std::string tmp = out + ".tmp" + std::to_string(::getpid()) + "-" +
                      std::to_string(std::hash<std::string>{}(out + std::to_string(rand())));
    Status rs = deps->render(path, page, width, tmp);
    if (!rs.ok()) {
      ::unlink(tmp.c_str());
      return ErrorResponse(rs);
    }
    ::rename(tmp.c_str(), out.c_str());
    struct stat st2{};
    if (::stat(out.c_str(), &st2) != 0) return ErrorResponse(Status::Internal("thumbnail"));
    return FileReply(req, out, static_cast<uint64_t>(st2.st_size), "image/png", etag, "public, max-age=86400");
  };
  return res;
}

}  // namespace

bool IsUploadPath(Verb method, std::string_view path) {
  if (method != Verb::post) return false;
  // /api/v1/congresses/{slug}/documents and /api/v1/documents/{code}/versions
  return (path.rfind("/api/v1/congresses/", 0) == 0 && EndsWith(path, "/documents")) ||
         (path.rfind("/api/v1/documents/", 0) == 0 && EndsWith(path, "/versions"));
}

void RegisterDocumentRoutes(Router& r, DocumentRouteDeps deps_in) {
  auto deps = std::make_shared<DocumentRouteDeps>(std::move(deps_in));

  r.Add(Verb::get, "/api/v1/document-categories", Access::Public(), [](Request&) {
    json items = json::array();
    for (const auto& c : Categories())
      items.push_back({{"id", c.id}, {"label", c.label_vi}, {"label_en", c.label_en}});
    return JsonReply({{"categories", items}});
  });

  // Both uploads parse the streamed body, then hand the file to the
  // service; parsing and text extraction touch the disk and a child
  // process, so they run off the network threads.
  using Store = std::function<Result<documents::Document>(const std::string& key, UploadInput in)>;
  auto upload_route = [deps](const char* param, Store store, bool created_location) {
    return [deps, param, store, created_location](Request& req) {
      Response res;
      std::string key(req.Param(param));
      res.deferred = [deps, &req, key, store, created_location]() -> Response {
        auto upload = ReadUpload(req, deps->tmp_dir);
        if (!upload.ok()) return ErrorResponse(upload.status());
        auto in = ToUploadInput(upload->first, upload->second);
        if (!in.ok()) return ErrorResponse(in.status());
        auto doc = store(key, std::move(*in));
        if (!doc.ok()) return ErrorResponse(doc.status());
        Response ok = JsonReply(ToJson(*doc, deps->public_url()), 201);
        if (created_location) ok.AddHeader("Location", "/api/v1/documents/" + doc->code);
        return ok;
      };
      return res;
    };
  };
  r.Add(Verb::post, "/api/v1/congresses/{slug}/documents", Access::Staff(),
        upload_route("slug", [deps](const std::string& slug, UploadInput in) {
          return deps->docs.Upload(slug, std::move(in));
        }, true));
  r.Add(Verb::post, "/api/v1/documents/{code}/versions", Access::Staff(),
        upload_route("code", [deps](const std::string& code, UploadInput in) {
          return deps->docs.AddVersion(code, std::move(in));
        }, false));

  r.Add(Verb::get, "/api/v1/congresses/{slug}/documents", Access::Public(), [deps](Request& req) {
    std::string slug(req.Param("slug"));
    documents::Viewer viewer = ViewerOf(req);
    // Different callers see different lists: one cache entry per kind of viewer.
    std::string key = "documents:" + slug + ":" + (viewer.signed_in ? std::string(congress::ToString(viewer.role)) + ":" +
                      std::to_string(viewer.badge_congress_id) : "anon");
    return deps->cache.Serve(req, key, deps->docs.generation(), [&] {
      auto list = deps->docs.List(slug);
      if (!list.ok()) return ErrorResponse(list.status());
      json items = json::array();
      std::string base = deps->public_url();
      for (const auto& d : *list)
        if (CanSee(d, viewer)) items.push_back(ToJson(d, base));
      return JsonReply({{"documents", items}});
    });
  });

  r.Add(Verb::get, "/api/v1/documents/{code}", Access::Public(), [deps](Request& req) {
    auto d = deps->docs.Get(req.Param("code"));
    if (!d.ok()) return ErrorResponse(d.status());
    if (auto denied = Denied(*deps, req, d->visibility, d->roles, d->congress_id, d->code)) return std::move(*denied);
    auto versions = deps->docs.Versions(d->code);
    if (!versions.ok()) return ErrorResponse(versions.status());
    json j = ToJson(*d, deps->public_url());
    // Which congress's live channel (presentations, announcements) to follow.
    if (auto c = deps->congresses.GetById(d->congress_id); c.ok()) j["congress"] = c->slug;
    j["versions"] = json::array();
    for (const auto& v : *versions) j["versions"].push_back(ToJson(v));
    Response res = JsonReply(j);
    res.AddHeader("Cache-Control", "no-cache");
    return res;
  });

  r.Add(Verb::patch, "/api/v1/documents/{code}", Access::Staff(), [deps](Request& req) {
    auto body = ParseJsonObject(req.body());
    if (!body.ok()) return ErrorResponse(body.status());
    MetaPatch p;
    JsonFields f(*body, {"title", "number", "category", "visibility", "roles", "agenda_item_id", "position"});
    std::string s;
    if (body->contains("title")) { f.Str("title", s); p.title = s; }
    if (body->contains("number")) { f.Str("number", s); p.number = s; }
    if (body->contains("category")) { f.Str("category", s); p.category = s; }
    if (body->contains("visibility")) { f.Str("visibility", s); p.visibility = s; }
    if (body->contains("agenda_item_id")) {
      int64_t id = 0;
      if (!(*body)["agenda_item_id"].is_null()) f.Int64("agenda_item_id", id);
      p.agenda_item_id = id;
    }
    if (body->contains("position")) { int pos = 0; f.Int("position", pos); p.position = pos; }
    if (body->contains("roles")) {
      const auto& roles = (*body)["roles"];
      if (!roles.is_array()) return ErrorResponse(Status::InvalidArgument("roles phải là mảng"));
      std::vector<std::string> list;
      for (const auto& x : roles) {
        if (!x.is_string()) return ErrorResponse(Status::InvalidArgument("roles phải là mảng chuỗi"));
        list.push_back(x.get<std::string>());
      }
      p.roles = list;
    }
    if (!f.status().ok()) return ErrorResponse(f.status());
    auto d = deps->docs.Update(req.Param("code"), p);
    if (!d.ok()) return ErrorResponse(d.status());
    return JsonReply(ToJson(*d, deps->public_url()));
  });

  // Removing the file may reach an S3 store over the network: off the
  // network threads (decision 510).
  r.Add(Verb::delete_, "/api/v1/documents/{code}", Access::Staff(), [deps](Request& req) {
    return DeferredReply([deps, &req]() -> Result<Response> {
      PH_RETURN_IF_ERROR(deps->docs.Delete(req.Param("code")));
      Response res;
      res.status = 204;
      return res;
    });
  });

  r.Add(Verb::get, "/api/v1/documents/{code}/file", Access::Public(),
        [deps](Request& req) { return FileRoute(deps, req, false); });

  r.Add(Verb::get, "/api/v1/documents/{code}/pages", Access::Public(), [deps](Request& req) {
    Response denied;
    auto f = Readable(*deps, req, &denied);
    if (!f.ok()) return denied.status != 200 ? denied : ErrorResponse(f.status());
    auto pages = deps->docs.PagesOf(f->version);
    if (!pages.ok()) return ErrorResponse(pages.status());
    json items = json::array();
    for (const auto& p : *pages)
      items.push_back({{"page", p.page}, {"text", p.text}, {"needs_ocr", p.needs_ocr}});
    return JsonReply({{"pages", items}});
  });

  r.Add(Verb::get, "/api/v1/documents/{code}/html", Access::Public(), [deps](Request& req) {
    Response denied;
    auto f = Readable(*deps, req, &denied);
    if (!f.ok()) return denied.status != 200 ? denied : ErrorResponse(f.status());
    auto pages = deps->docs.PagesOf(f->version);
    if (!pages.ok()) return ErrorResponse(pages.status());
    return JsonReply({{"html", TextToHtml(f->version.kind, *pages)}, {"kind", ToString(f->version.kind)}});
  });

  r.Add(Verb::get, "/api/v1/documents/{code}/pages/{page}/thumb", Access::Public(),
        [deps](Request& req) { return ThumbRoute(deps, req, false); });

  r.Add(Verb::get, "/api/v1/documents/{code}/qr", Access::Public(), [deps](Request& req) {
    auto d = deps->docs.Get(req.Param("code"));
    if (!d.ok()) return ErrorResponse(d.status());
    // The same answer as the document itself: no existence oracle.
    if (auto denied = Denied(*deps, req, d->visibility, d->roles, d->congress_id, d->code)) return std::move(*denied);
    auto m = qr::Encode(deps->public_url() + "/d/" + d->code);
    if (!m.ok()) return ErrorResponse(m.status());
    Response res;
    std::string format = req.Query("format").value_or("svg");
    if (format == "png") {
      auto png = qr::ToPng(*m, 10);
      if (!png.ok()) return ErrorResponse(png.status());
      res.body = std::move(*png);
      res.content_type = "image/png";
      res.compressible = false;
    } else if (format == "svg") {
      res.body = qr::ToSvg(*m);
      res.content_type = "image/svg+xml";
    } else {
      return ErrorResponse(Status::InvalidArgument("Định dạng (format) phải là svg hoặc png"));
    }
    res.AddHeader("Cache-Control", "no-cache");
    return res;
  });

  r.Add(Verb::get, "/api/v1/congresses/{slug}/ocr", Access::Public(), [deps](Request& req) {
    auto p = deps->docs.Ocr(req.Param("slug"));
    if (!p.ok()) return ErrorResponse(p.status());
    return JsonReply({{"pending_pages", p->pending_pages}, {"done_pages", p->done_pages}});
  });

  r.Add(Verb::get, "/api/v1/congresses/{slug}/paper-savings", Access::Public(), [deps](Request& req) {
    auto s = deps->docs.Savings(req.Param("slug"));
    if (!s.ok()) return ErrorResponse(s.status());
    return JsonReply(ToJson(*s));
  });

  r.Add(Verb::get, "/api/v1/congresses/{slug}/qr-sheet", Access::Staff(), [deps](Request& req) {
    auto kind = print::ParseSheetKind(req.Query("kind").value_or("labels"));
    if (!kind) return ErrorResponse(Status::InvalidArgument("Loại tờ in (kind) phải là labels, posters hoặc badges"));
    Response res;
    std::string slug(req.Param("slug"));
    res.deferred = [deps, slug, k = *kind]() -> Response {
      auto pdf = print::BuildCongressSheet(k, slug, deps->congresses, deps->docs, deps->public_url());
      if (!pdf.ok()) return ErrorResponse(pdf.status());
      Response out;
      out.body = std::move(*pdf);
      out.content_type = "application/pdf";
      out.compressible = false;
      const char* name = k == print::SheetKind::kLabels ? "ma-qr-tai-lieu"
                         : k == print::SheetKind::kPosters ? "ma-qr-chuong-trinh" : "the-dai-bieu";
      out.AddHeader("Content-Disposition", std::string("inline; filename=\"") + name + "-" + slug + ".pdf\"");
      out.AddHeader("Cache-Control", "no-store");
      return out;
    };
    return res;
  });
}

}  // namespace phonghop::http
