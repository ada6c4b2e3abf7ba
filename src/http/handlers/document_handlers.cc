// Congress documents: uploads, versions, files and thumbnails (ETag, Range,
// immutable descriptors), text, QR codes, printable sheets, paper saved. One
// named function per route, registered from a table; a Status becomes the
// error reply once (the router, or DeferredReply off the network threads).
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

using Deps = DocumentRouteDeps;

// A document the caller may not open: kUnauthenticated (401: sign in with
// the badge) if anonymous, else kNotFound (404) so its existence is not
// revealed. OK when the caller may open it.
Status MayOpen(Deps& d, const Request& req, Visibility visibility, const std::vector<std::string>& roles,
               int64_t congress_id, const std::string& code) {
  documents::Viewer v = ViewerOf(req);
  // A hall screen may open the document its congress's chair presents now.
  if (v.role == congress::Role::kScreen && d.presented) v.presented_code = d.presented(v.badge_congress_id);
  if (CanSee(visibility, roles, congress_id, v, code)) return Status::Ok();
  if (!v.signed_in)
    return Status::Unauthenticated(
        "tài liệu chỉ dành cho đại biểu: hãy quét mã QR trên thẻ đại biểu để đăng nhập");
  return Status::NotFound("không có tài liệu với mã này");
}

Status MayOpen(Deps& d, const Request& req, const Document& doc) {
  return MayOpen(d, req, doc.visibility, doc.roles, doc.congress_id, doc.code);
}

// The file of the version a request names (?version=N, 0 = current), if the
// caller may read it. Every read route (file, pages, HTML, thumbnails) goes
// through here.
Result<DocumentService::FileRef> Readable(Deps& d, const Request& req) {
  int v = VersionParam(req);
  if (v < 0) return Status::InvalidArgument("version phải là số");
  const std::string code(req.Param("code"));
  PH_ASSIGN_OR_RETURN(auto f, d.docs.File(code, v));
  PH_RETURN_IF_ERROR(MayOpen(d, req, f.visibility, f.roles, f.congress_id, code));
  return f;
}

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
Result<Response> FetchThenRun(Deps& d, const std::string& sha, bool fetched,
                              std::function<Result<Response>()> again) {
  if (fetched) return Status::Internal("blob " + sha + " still not local after fetching");
  return DeferredReply([&d, sha, again = std::move(again)]() -> Result<Response> {
    PH_RETURN_IF_ERROR(d.docs.FetchBlob(sha).status());
    PH_ASSIGN_OR_RETURN(Response r, again());
    if (r.deferred) return r.deferred();
    return r;
  });
}

Result<Response> FileRoute(Deps& d, Request& req, bool fetched) {
  PH_ASSIGN_OR_RETURN(auto f, Readable(d, req));
  if (f.path.empty())
    return FetchThenRun(d, f.version.sha256, fetched, [&d, &req] { return FileRoute(d, req, true); });
  const int v = VersionParam(req);
  const auto& ver = f.version;
  // Content-addressed: the bytes behind this ETag never change.
  Response res = FileReply(req, f.path, ver.size, MimeType(ver.kind), "\"" + ver.sha256 + "\"",
                           v == 0 ? "no-cache" : "public, max-age=31536000, immutable");
  if (res.file) res.file->immutable = true;  // the blob's name is its SHA-256
  bool download = req.Query("download").has_value();
  res.AddHeader("Content-Disposition",
                std::string(download ? "attachment" : "inline") + DispositionNames(ver.file_name));
  return res;
}

Result<Response> ThumbRoute(Deps& d, Request& req, bool fetched) {
  int page = 0, width = 200;
  auto p = ParseNumber<int>(req.Param("page"));
  auto w = req.Query("w") ? ParseNumber<int>(*req.Query("w")) : std::optional<int>(width);
  if (!p || !w) return Status::InvalidArgument("trang / độ rộng phải là số");
  page = *p;
  width = *w;
  width = std::clamp(width, 60, 1200);
  width = (width + 19) / 20 * 20;  // a few sizes only, so the cache stays small
  PH_ASSIGN_OR_RETURN(auto f, Readable(d, req));
  if (f.path.empty())
    return FetchThenRun(d, f.version.sha256, fetched, [&d, &req] { return ThumbRoute(d, req, true); });
  std::string path = f.path;
  const DocumentVersion& ver = f.version;
  if (ver.kind == FileKind::kJpeg || ver.kind == FileKind::kPng)
    return FileReply(req, path, ver.size, MimeType(ver.kind), "\"" + ver.sha256 + "\"", "public, max-age=86400");
  if (ver.kind != FileKind::kPdf) return Status::NotFound("chỉ tệp PDF và ảnh có hình thu nhỏ");
  if (page < 1 || page > ver.page_count) return Status::NotFound("không có trang " + std::to_string(page));
  std::string out = d.thumb_dir + "/" + ver.sha256 + "-" + std::to_string(page) + "-" +
                    std::to_string(width) + ".png";
  std::string etag = "\"" + ver.sha256.substr(0, 16) + "-" + std::to_string(page) + "-" +
                     std::to_string(width) + "\"";
  struct stat st{};
  if (::stat(out.c_str(), &st) == 0)
    return FileReply(req, out, static_cast<uint64_t>(st.st_size), "image/png", etag, "public, max-age=86400");
  // Rendering runs a sandboxed child: off the network threads.
  return DeferredReply([&d, path, page, width, out, etag, &req]() -> Result<Response> {
    std::string tmp = out + ".tmp" + std::to_string(::getpid()) + "-" +
                      std::to_string(std::hash<std::string>{}(out + std::to_string(rand())));
    Status rs = d.render(path, page, width, tmp);
    if (!rs.ok()) {
      ::unlink(tmp.c_str());
      return rs;
    }
    ::rename(tmp.c_str(), out.c_str());
    struct stat st2{};
    if (::stat(out.c_str(), &st2) != 0) return Status::Internal("thumbnail");
    return FileReply(req, out, static_cast<uint64_t>(st2.st_size), "image/png", etag, "public, max-age=86400");
  });
}

Result<Response> ListCategories(Deps&, Request&) {
  json items = json::array();
  for (const auto& c : Categories())
    items.push_back({{"id", c.id}, {"label", c.label_vi}, {"label_en", c.label_en}});
  return JsonReply({{"categories", items}});
}

// Both uploads parse the streamed body, then hand the file to the service
// (`store`, under the slug or code `key`); parsing and text extraction touch
// the disk and a child process, so they run off the network threads.
using StoreFn = Result<Document> (DocumentService::*)(std::string_view key, UploadInput in);
Response StoreUpload(Deps& d, Request& req, std::string key, StoreFn store, bool created_location) {
  return DeferredReply([&d, &req, key = std::move(key), store, created_location]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto upload, ReadUpload(req, d.tmp_dir));
    PH_ASSIGN_OR_RETURN(UploadInput in, ToUploadInput(upload.first, upload.second));
    PH_ASSIGN_OR_RETURN(Document doc, (d.docs.*store)(key, std::move(in)));
    Response ok = JsonReply(ToJson(doc, d.public_url()), 201);
    if (created_location) ok.AddHeader("Location", "/api/v1/documents/" + doc.code);
    return ok;
  });
}

Result<Response> UploadDocument(Deps& d, Request& req) {
  return StoreUpload(d, req, std::string(req.Param("slug")), &DocumentService::Upload, true);
}

Result<Response> UploadVersion(Deps& d, Request& req) {
  return StoreUpload(d, req, std::string(req.Param("code")), &DocumentService::AddVersion, false);
}

Result<Response> ListDocuments(Deps& d, Request& req) {
  std::string slug(req.Param("slug"));
  documents::Viewer viewer = ViewerOf(req);
  // Different callers see different lists: one cache entry per kind of viewer.
  std::string key = "documents:" + slug + ":" + (viewer.signed_in ? std::string(congress::ToString(viewer.role)) + ":" +
                    std::to_string(viewer.badge_congress_id) : "anon");
  return d.cache.Serve(req, key, d.docs.generation(), [&]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(auto list, d.docs.List(slug));
    json items = json::array();
    std::string base = d.public_url();
    for (const auto& doc : list)
      if (CanSee(doc, viewer)) items.push_back(ToJson(doc, base));
    return JsonReply({{"documents", items}});
  });
}

Result<Response> GetDocument(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(Document doc, d.docs.Get(req.Param("code")));
  PH_RETURN_IF_ERROR(MayOpen(d, req, doc));
  PH_ASSIGN_OR_RETURN(auto versions, d.docs.Versions(doc.code));
  json j = ToJson(doc, d.public_url());
  // Which congress's live channel (presentations, announcements) to follow.
  if (auto c = d.congresses.GetById(doc.congress_id); c.ok()) j["congress"] = c->slug;
  j["versions"] = json::array();
  for (const auto& v : versions) j["versions"].push_back(ToJson(v));
  Response res = JsonReply(j);
  res.AddHeader("Cache-Control", "no-cache");
  return res;
}

Result<Response> UpdateDocument(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  MetaPatch p;
  JsonFields f(body, {"title", "number", "category", "visibility", "roles", "agenda_item_id", "position"});
  std::string s;
  if (body.contains("title")) { f.Str("title", s); p.title = s; }
  if (body.contains("number")) { f.Str("number", s); p.number = s; }
  if (body.contains("category")) { f.Str("category", s); p.category = s; }
  if (body.contains("visibility")) { f.Str("visibility", s); p.visibility = s; }
  if (body.contains("agenda_item_id")) {
    int64_t id = 0;
    if (!body["agenda_item_id"].is_null()) f.Int64("agenda_item_id", id);
    p.agenda_item_id = id;
  }
  if (body.contains("position")) { int pos = 0; f.Int("position", pos); p.position = pos; }
  if (body.contains("roles")) {
    const auto& roles = body["roles"];
    if (!roles.is_array()) return Status::InvalidArgument("roles phải là mảng");
    std::vector<std::string> list;
    for (const auto& x : roles) {
      if (!x.is_string()) return Status::InvalidArgument("roles phải là mảng chuỗi");
      list.push_back(x.get<std::string>());
    }
    p.roles = list;
  }
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(Document doc, d.docs.Update(req.Param("code"), p));
  return JsonReply(ToJson(doc, d.public_url()));
}

// Removing the file may reach an S3 store over the network: off the
// network threads (decision 510).
Result<Response> DeleteDocument(Deps& d, Request& req) {
  return DeferredReply([&d, &req]() -> Result<Response> {
    PH_RETURN_IF_ERROR(d.docs.Delete(req.Param("code")));
    Response res;
    res.status = 204;
    return res;
  });
}

Result<Response> GetFile(Deps& d, Request& req) { return FileRoute(d, req, false); }

Result<Response> GetThumb(Deps& d, Request& req) { return ThumbRoute(d, req, false); }

Result<Response> GetPages(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto f, Readable(d, req));
  PH_ASSIGN_OR_RETURN(auto pages, d.docs.PagesOf(f.version));
  json items = json::array();
  for (const auto& p : pages)
    items.push_back({{"page", p.page}, {"text", p.text}, {"needs_ocr", p.needs_ocr}});
  return JsonReply({{"pages", items}});
}

Result<Response> GetHtml(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto f, Readable(d, req));
  PH_ASSIGN_OR_RETURN(auto pages, d.docs.PagesOf(f.version));
  return JsonReply({{"html", TextToHtml(f.version.kind, pages)}, {"kind", ToString(f.version.kind)}});
}

Result<Response> GetQr(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(Document doc, d.docs.Get(req.Param("code")));
  // The same answer as the document itself: no existence oracle.
  PH_RETURN_IF_ERROR(MayOpen(d, req, doc));
  PH_ASSIGN_OR_RETURN(auto m, qr::Encode(d.public_url() + "/d/" + doc.code));
  Response res;
  std::string format = req.Query("format").value_or("svg");
  if (format == "png") {
    PH_ASSIGN_OR_RETURN(res.body, qr::ToPng(m, 10));
    res.content_type = "image/png";
    res.compressible = false;
  } else if (format == "svg") {
    res.body = qr::ToSvg(m);
    res.content_type = "image/svg+xml";
  } else {
    return Status::InvalidArgument("Định dạng (format) phải là svg hoặc png");
  }
  res.AddHeader("Cache-Control", "no-cache");
  return res;
}

Result<Response> GetOcrProgress(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto p, d.docs.Ocr(req.Param("slug")));
  return JsonReply({{"pending_pages", p.pending_pages}, {"done_pages", p.done_pages}});
}

Result<Response> GetPaperSavings(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(auto s, d.docs.Savings(req.Param("slug")));
  return JsonReply(ToJson(s));
}

// Printable QR sheets (labels, posters, badges): typeset off the network
// threads.
Result<Response> QrSheet(Deps& d, Request& req) {
  auto kind = print::ParseSheetKind(req.Query("kind").value_or("labels"));
  if (!kind) return Status::InvalidArgument("Loại tờ in (kind) phải là labels, posters hoặc badges");
  return DeferredReply([&d, slug = std::string(req.Param("slug")), k = *kind]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(std::string pdf, print::BuildCongressSheet(k, slug, d.congresses, d.docs, d.public_url()));
    Response out;
    out.body = std::move(pdf);
    out.content_type = "application/pdf";
    out.compressible = false;
    const char* name = k == print::SheetKind::kLabels ? "ma-qr-tai-lieu"
                       : k == print::SheetKind::kPosters ? "ma-qr-chuong-trinh" : "the-dai-bieu";
    out.AddHeader("Content-Disposition", std::string("inline; filename=\"") + name + "-" + slug + ".pdf\"");
    out.AddHeader("Cache-Control", "no-store");
    return out;
  });
}

}  // namespace

bool IsUploadPath(Verb method, std::string_view path) {
  if (method != Verb::post) return false;
  // /api/v1/congresses/{slug}/documents and /api/v1/documents/{code}/versions
  return (path.rfind("/api/v1/congresses/", 0) == 0 && EndsWith(path, "/documents")) ||
         (path.rfind("/api/v1/documents/", 0) == 0 && EndsWith(path, "/versions"));
}

void RegisterDocumentRoutes(Router& r, DocumentRouteDeps deps) {
  const Access open = Access::Public(), staff = Access::Staff();
  AddRoutes<Deps>(r, std::make_shared<Deps>(std::move(deps)), {
      {Verb::get, "/api/v1/document-categories", open, ListCategories},
      {Verb::post, "/api/v1/congresses/{slug}/documents", staff, UploadDocument},
      {Verb::post, "/api/v1/documents/{code}/versions", staff, UploadVersion},
      {Verb::get, "/api/v1/congresses/{slug}/documents", open, ListDocuments},
      {Verb::get, "/api/v1/documents/{code}", open, GetDocument},
      {Verb::patch, "/api/v1/documents/{code}", staff, UpdateDocument},
      {Verb::delete_, "/api/v1/documents/{code}", staff, DeleteDocument},
      {Verb::get, "/api/v1/documents/{code}/file", open, GetFile},
      {Verb::get, "/api/v1/documents/{code}/pages", open, GetPages},
      {Verb::get, "/api/v1/documents/{code}/html", open, GetHtml},
      {Verb::get, "/api/v1/documents/{code}/pages/{page}/thumb", open, GetThumb},
      {Verb::get, "/api/v1/documents/{code}/qr", open, GetQr},
      {Verb::get, "/api/v1/congresses/{slug}/ocr", open, GetOcrProgress},
      {Verb::get, "/api/v1/congresses/{slug}/paper-savings", open, GetPaperSavings},
      {Verb::get, "/api/v1/congresses/{slug}/qr-sheet", staff, QrSheet},
  });
}

}  // namespace phonghop::http
