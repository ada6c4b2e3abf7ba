#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <memory>

#include "common/utf8.h"
#include "extract/extract.h"

namespace phonghop::extract {

namespace {
std::string ToUtf8(const poppler::ustring& s) {
  auto bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}
void Quiet(const std::string&, void*) {}  // poppler's warnings are not ours to print
}  // namespace

Result<documents::Extracted> ExtractPdf(const std::string& path, const Limits& limits) {
  poppler::set_debug_error_function(Quiet, nullptr);
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc) return Status::InvalidArgument("tệp PDF bị hỏng hoặc không đọc được");
  if (doc->is_locked()) return Status::InvalidArgument("tệp PDF có mật khẩu: hãy tải lên bản không khóa");
  int n = doc->pages();
  if (n <= 0) return Status::InvalidArgument("tệp PDF không có trang nào");
  if (n > limits.max_pages)
    return Status::InvalidArgument("tệp PDF có quá nhiều trang (" + std::to_string(n) + ")");
  documents::Extracted out;
  out.title = ToUtf8(doc->info_key("Title"));
  if (!utf8::IsValid(out.title)) out.title.clear();
  size_t total = 0;
  for (int i = 0; i < n; ++i) {
    std::unique_ptr<poppler::page> p(doc->create_page(i));
    documents::PageText pt;
    pt.page = i + 1;
    if (p) pt.text = ToUtf8(p->text(p->page_rect(poppler::media_box)));
    if (!utf8::IsValid(pt.text)) pt.text.clear();
    // Fewer than a few visible characters: a scan (OCR will read it).
    size_t visible = 0;
    for (unsigned char c : pt.text) visible += c > 0x20;
    pt.needs_ocr = visible < 4;
    total += pt.text.size();
    if (total > limits.max_text_bytes) return Status::InvalidArgument("tệp PDF có quá nhiều chữ");
    out.pages.push_back(std::move(pt));
  }
  if (out.title.empty()) {
    // The first non-empty line of the first page is usually the title.
    for (const auto& pg : out.pages) {
      size_t start = 0;
      while (start < pg.text.size()) {
        size_t nl = pg.text.find('\n', start);
        if (nl == std::string::npos) nl = pg.text.size();
        std::string_view line = utf8::Trim(std::string_view(pg.text).substr(start, nl - start));
        if (line.size() >= 4) {
          out.title = std::string(line.substr(0, 300));
          break;
        }
        start = nl + 1;
      }
      if (!out.title.empty()) break;
    }
  }
  return out;
}

Status RenderPdfPage(const std::string& pdf, int page, int width, const std::string& out_png) {
  poppler::set_debug_error_function(Quiet, nullptr);
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(pdf));
  if (!doc || doc->is_locked()) return Status::InvalidArgument("không đọc được PDF");
  if (page < 1 || page > doc->pages()) return Status::NotFound("không có trang " + std::to_string(page));
  std::unique_ptr<poppler::page> p(doc->create_page(page - 1));
  if (!p) return Status::InvalidArgument("trang hỏng");
  auto rect = p->page_rect(poppler::media_box);
  double width_pt = rect.width() > 1 ? rect.width() : 595;
  double dpi = width * 72.0 / width_pt;
  if (dpi > 300) dpi = 300;
  poppler::page_renderer r;
  r.set_render_hint(poppler::page_renderer::antialiasing, true);
  r.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  poppler::image img = r.render_page(p.get(), dpi, dpi);
  if (!img.is_valid() || !img.save(out_png, "png")) return Status::Internal("không vẽ được trang");
  return Status::Ok();
}

}  // namespace phonghop::extract
