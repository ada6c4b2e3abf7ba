#include "documents/document_service.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "common/sha256.h"
#include "common/utf8.h"

namespace phonghop::documents {

namespace {

constexpr size_t kCodeLength = 8;  // 62^8 ≈ 2·10^14: not guessable by scanning

void RemoveTemp(const std::string& path) {
  if (!path.empty()) ::unlink(path.c_str());
}

// "Bao-cao_chinh-tri.v2.pdf" → "Bao-cao_chinh-tri.v2"
std::string StemOf(const std::string& file_name) {
  std::string base = file_name.substr(file_name.find_last_of("/\\") + 1);
  size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base;
}

Status CheckText(const char* field, const std::string& v, bool required, size_t max) {
  if (!utf8::IsValid(v)) return Status::InvalidArgument(std::string(field) + ": không phải UTF-8 hợp lệ");
  if (required && utf8::Trim(v).empty())
    return Status::InvalidArgument(std::string(field) + ": không được để trống");
  if (v.size() > max) return Status::InvalidArgument(std::string(field) + ": quá dài");
  return Status::Ok();
}

}  // namespace

Status DocumentService::ValidateMeta(const Document& d, int64_t congress_id) {
  PH_RETURN_IF_ERROR(CheckText("title", d.title, true, 500));
  PH_RETURN_IF_ERROR(CheckText("number", d.number, false, 100));
  if (!IsCategory(d.category))
    return Status::InvalidArgument("category: không có loại tài liệu \"" + d.category + "\"");
  if (d.visibility == Visibility::kRoles && d.roles.empty())
    return Status::InvalidArgument("roles: cần ít nhất một vai trò khi visibility = roles");
  for (const auto& r : d.roles)
    if (r != "admin" && r != "secretariat" && r != "chair" && r != "checkin" && r != "delegate")
      return Status::InvalidArgument("roles: vai trò \"" + r + "\" không tồn tại");
  if (d.agenda_item_id != 0) {
    PH_ASSIGN_OR_RETURN(auto agenda, congresses_.ListAgenda(congress_id));
    bool found = std::any_of(agenda.begin(), agenda.end(),
                             [&](const auto& a) { return a.id == d.agenda_item_id; });
    if (!found) return Status::InvalidArgument("agenda_item_id: mục chương trình không thuộc đại hội này");
  }
  return Status::Ok();
}

Result<DocumentService::Prepared> DocumentService::Prepare(UploadInput& in, int64_t congress_id,
                                                           bool check_duplicate) {
  struct TempGuard {
    std::string& path;
    ~TempGuard() { RemoveTemp(path); }
  } guard{in.temp_path};
  if (!utf8::IsValid(in.file_name) || in.file_name.size() > 255)
    return Status::InvalidArgument("tên tệp không hợp lệ");
  // Control characters (CR, LF, TAB, NUL…) in a name from a scripted upload
  // or a folder received from outside have no place in a file name and would
  // otherwise reach headers and printed sheets: they become spaces.
  for (char& c : in.file_name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  PH_ASSIGN_OR_RETURN(auto hashed, Sha256File(in.temp_path));
  auto [sha, size] = hashed;
  if (size == 0) return Status::InvalidArgument("tệp rỗng (0 byte)");
  FileKind kind = sniffer_.Sniff(in.temp_path, in.file_name);
  if (kind == FileKind::kUnknown)
    return Status::InvalidArgument(
        "không nhận dạng được loại tệp: chỉ nhận PDF, DOCX, ODT, DOC, Markdown, TXT, JPEG, PNG");
  if (check_duplicate) {
    PH_ASSIGN_OR_RETURN(auto dup, docs_.FindByBlob(congress_id, sha));
    if (dup)
      return Status::Conflict("tệp này đã được tải lên: \"" + dup->title + "\" (/d/" + dup->code + ")");
  }
  PH_ASSIGN_OR_RETURN(Extracted text, extractor_.Extract(in.temp_path, kind));
  Prepared p;
  p.version.sha256 = sha;
  p.version.size = size;
  p.version.kind = kind;
  p.version.file_name = in.file_name.substr(in.file_name.find_last_of("/\\") + 1);
  p.version.label = in.version_label;
  p.version.page_count = static_cast<int>(text.pages.size());
  p.version.created_at = clock_.NowUnix();
  bool any_ocr = std::any_of(text.pages.begin(), text.pages.end(),
                             [](const PageText& pt) { return pt.needs_ocr; });
  p.version.text_status = any_ocr ? TextStatus::kOcrPending : TextStatus::kDone;
  p.text = std::move(text);
  // The blob is durable before any row refers to it.
  PH_RETURN_IF_ERROR(blobs_.Put(in.temp_path, sha).status());
  in.temp_path.clear();
  return p;
}

Result<Document> DocumentService::Upload(std::string_view slug, UploadInput in) {
  auto congress = congresses_.GetCongress(slug);
  if (!congress.ok()) {
    RemoveTemp(in.temp_path);
    return congress.status();
  }
  Document d;
  d.congress_id = congress->id;
  d.number = in.number;
  d.category = in.category.empty() ? "khac" : in.category;
  auto vis = ParseVisibility(in.visibility.empty() ? "public" : in.visibility);
  if (!vis) {
    RemoveTemp(in.temp_path);
    return Status::InvalidArgument("Quyền xem phải là công khai (public), chỉ đại biểu (delegates) hoặc theo vai trò (roles)");
  }
  d.visibility = *vis;
  d.roles = in.roles;
  d.agenda_item_id = in.agenda_item_id;
  d.position = in.position;
  d.title = in.title.empty() ? "(chưa có tiêu đề)" : in.title;  // checked again below
  if (Status st = ValidateMeta(d, d.congress_id); !st.ok()) {
    RemoveTemp(in.temp_path);
    return st;
  }
  PH_ASSIGN_OR_RETURN(Prepared p, Prepare(in, d.congress_id, /*check_duplicate=*/true));
  if (in.title.empty()) {
    std::string t(utf8::Trim(p.text.title));
    d.title = !t.empty() && utf8::IsValid(t) ? t.substr(0, 500) : StemOf(p.version.file_name);
  }
  d.created_at = d.updated_at = clock_.NowUnix();
  p.version.number = 1;
  // A fresh random code; a clash (astronomically rare) just draws again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    d.code = ids_.NewCode(kCodeLength);
    // The rows and the event in one unit (decision 553); the blob is
    // already durable, so the unit holds no slow work.
    Status done = Units().Run([&]() -> Status {
      PH_ASSIGN_OR_RETURN(auto ids, docs_.Create(d, p.version, p.text.pages));
      d.id = ids.first;
      Changed(congress->slug, "documents_changed", d.code);
      return Status::Ok();
    });
    if (done.ok()) return docs_.GetByCode(d.code);
    if (done.code() != StatusCode::kConflict) {
      // Keep the store tidy: the blob may now be unreferenced.
      auto still = docs_.FindByBlob(d.congress_id, p.version.sha256);
      if (still.ok() && !*still) (void)blobs_.Remove(p.version.sha256);
      return done;
    }
  }
  return Status::Internal("không tạo được mã tài liệu");
}

Result<Document> DocumentService::AddVersion(std::string_view code, UploadInput in) {
  auto doc = docs_.GetByCode(code);
  if (!doc.ok()) {
    RemoveTemp(in.temp_path);
    return doc.status();
  }
  PH_ASSIGN_OR_RETURN(Prepared p, Prepare(in, doc->congress_id, /*check_duplicate=*/false));
  if (p.version.sha256 == doc->current.sha256)
    return Status::Conflict("phiên bản mới giống hệt phiên bản hiện tại");
  p.version.number = doc->current.number + 1;
  if (p.version.label.empty()) p.version.label = "Phiên bản " + std::to_string(p.version.number);
  PH_RETURN_IF_ERROR(Commit(doc->congress_id, "document_version", doc->code,
                            [&] { return docs_.AddVersion(doc->id, p.version, p.text.pages).status(); }));
  return docs_.GetByCode(code);
}

Result<std::vector<Document>> DocumentService::List(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return docs_.List(c.id);
}

Result<std::vector<DocumentVersion>> DocumentService::Versions(std::string_view code) {
  PH_ASSIGN_OR_RETURN(auto d, docs_.GetByCode(code));
  return docs_.Versions(d.id);
}

Result<DocumentService::FileRef> DocumentService::File(std::string_view code, int number) {
  const uint64_t gen = generation();
  std::string key = std::string(code) + "#" + std::to_string(number);
  {
    std::lock_guard<std::mutex> lock(file_cache_mu_);
    auto it = file_cache_.find(key);
    if (it != file_cache_.end() && it->second.generation == gen) return it->second.ref;
  }
  PH_ASSIGN_OR_RETURN(auto d, docs_.GetByCode(code));
  DocumentVersion v = d.current;
  if (number != 0 && number != v.number) {
    PH_ASSIGN_OR_RETURN(auto all, docs_.Versions(d.id));
    auto it = std::find_if(all.begin(), all.end(), [&](const auto& x) { return x.number == number; });
    if (it == all.end()) return Status::NotFound("không có phiên bản " + std::to_string(number));
    v = *it;
  }
  FileRef ref{blobs_.LocalPath(v.sha256), v, d.visibility, d.roles, d.congress_id};
  if (ref.path.empty()) return ref;  // fetched by the caller; not cached without it
  {
    std::lock_guard<std::mutex> lock(file_cache_mu_);
    if (file_cache_.size() > 10000) file_cache_.clear();
    file_cache_[key] = {gen, ref};
  }
  return ref;
}

Result<std::vector<PageText>> DocumentService::Pages(std::string_view code, int number) {
  PH_ASSIGN_OR_RETURN(auto f, File(code, number));
  return docs_.Pages(f.version.id);
}

Result<Document> DocumentService::Update(std::string_view code, const MetaPatch& patch) {
  PH_ASSIGN_OR_RETURN(Document d, docs_.GetByCode(code));
  if (patch.title) d.title = *patch.title;
  if (patch.number) d.number = *patch.number;
  if (patch.category) d.category = *patch.category;
  if (patch.visibility) {
    auto v = ParseVisibility(*patch.visibility);
    if (!v) return Status::InvalidArgument("Quyền xem phải là công khai (public), chỉ đại biểu (delegates) hoặc theo vai trò (roles)");
    d.visibility = *v;
  }
  if (patch.roles) d.roles = *patch.roles;
  if (patch.agenda_item_id) d.agenda_item_id = *patch.agenda_item_id;
  if (patch.position) d.position = *patch.position;
  PH_RETURN_IF_ERROR(ValidateMeta(d, d.congress_id));
  d.updated_at = clock_.NowUnix();
  PH_RETURN_IF_ERROR(Commit(d.congress_id, "documents_changed", d.code, [&] { return docs_.UpdateMeta(d); }));
  return docs_.GetByCode(code);
}

Status DocumentService::Delete(std::string_view code) {
  PH_ASSIGN_OR_RETURN(Document d, docs_.GetByCode(code));
  std::vector<std::string> unused;
  Status done = Commit(d.congress_id, "documents_changed", d.code, [&]() -> Status {
    PH_ASSIGN_OR_RETURN(unused, docs_.Delete(d.id));
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  // Only once the rows are gone for good: a rolled-back deletion keeps its files.
  for (const auto& sha : unused) (void)blobs_.Remove(sha);
  return Status::Ok();
}

Result<PaperSavings> DocumentService::Savings(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(auto list, docs_.List(c.id));
  PH_ASSIGN_OR_RETURN(auto counts, congresses_.CountDelegates(c.id));
  PaperSavings s;
  s.documents = static_cast<int>(list.size());
  s.copies = counts.total + c.print_extra_copies;
  s.cost_per_page_vnd = c.cost_per_page_vnd;
  int64_t sheets_per_copy = 0;
  for (const auto& d : list) {
    // Images count as one printed page.
    int pages = std::max(1, d.current.page_count);
    s.pages += pages;
    sheets_per_copy += (pages + 1) / 2;  // each document printed double-sided
  }
  s.pages_printed = static_cast<int64_t>(s.pages) * s.copies;
  s.sheets = sheets_per_copy * s.copies;
  s.reams = std::round(static_cast<double>(s.sheets) / 500.0 * 10.0) / 10.0;
  s.money_vnd = s.pages_printed * s.cost_per_page_vnd;
  return s;
}

Result<int> DocumentService::RunOcr(OcrEngine& engine, int max_pages) {
  PH_ASSIGN_OR_RETURN(auto tasks, docs_.PendingOcr(max_pages));
  int done = 0;
  for (const auto& t : tasks) {
    auto path = blobs_.PathOf(t.sha256);
    std::string text;
    if (path.ok()) {
      auto r = engine.Recognize(*path, t.kind, t.page);
      if (r.ok() && utf8::IsValid(*r)) text = std::move(*r);
    }
    // The recognition above is slow: only the page's text and its event
    // are in the unit.
    PH_RETURN_IF_ERROR(Commit(t.congress_id, "document_text", t.code,
                              [&] { return docs_.SetOcrText(t.version_id, t.page, text); }));
    ++done;
  }
  return done;
}

Result<OcrProgress> DocumentService::Ocr(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return docs_.Ocr(c.id);
}

void DocumentService::Changed(const std::string& slug, std::string_view event,
                              const std::string& code) {
  // At the commit, before the event's own delivery (hooks run in order): a
  // reader between the two never caches the old answer under the new
  // generation (outside a unit: now).
  unit_of_work::AfterCommit([this] { generation_.fetch_add(1, std::memory_order_acq_rel); });
  events_.Publish(slug, event, "{\"code\":\"" + code + "\"}");
}

// The change and its live event are one unit of work (decision 553): a
// node dying before the event is stored leaves neither.
Status DocumentService::Commit(int64_t congress_id, std::string_view event, const std::string& code,
                               const std::function<Status()>& change) {
  return Units().Run([&]() -> Status {
    PH_RETURN_IF_ERROR(change());
    PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongressById(congress_id));
    Changed(c.slug, event, code);
    return Status::Ok();
  });
}

}  // namespace phonghop::documents
