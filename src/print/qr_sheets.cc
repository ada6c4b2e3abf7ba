#include "print/qr_sheets.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "qr/qr_code.h"

namespace phonghop::print {

namespace {

constexpr double kMm = 72.0 / 25.4;  // PDF points per millimetre

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A PDF being drawn into memory.
class Pdf {
 public:
  Pdf(double w_mm, double h_mm) {
    surface_ = cairo_pdf_surface_create_for_stream(Append, &bytes_, w_mm * kMm, h_mm * kMm);
    cr_ = cairo_create(surface_);
    cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "phonghop");
  }
  ~Pdf() {
    if (cr_) cairo_destroy(cr_);
    if (surface_) cairo_surface_destroy(surface_);
  }
  cairo_t* cr() { return cr_; }
  void NewPage() { cairo_show_page(cr_); }
  Result<std::string> Finish() {
    cairo_destroy(cr_);
    cr_ = nullptr;
    cairo_surface_finish(surface_);
    cairo_status_t st = cairo_surface_status(surface_);
    cairo_surface_destroy(surface_);
    surface_ = nullptr;
    if (st != CAIRO_STATUS_SUCCESS) return Status::Internal("không tạo được PDF");
    return std::move(bytes_);
  }

 private:
  std::string bytes_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
};

// Draws wrapped text in a box; returns the height used (mm).
double Text(cairo_t* cr, const std::string& text, double x_mm, double y_mm, double w_mm,
            const char* font, int max_lines, bool center = false, double grey = 0.0) {
  if (text.empty()) return 0;
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* fd = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout, fd);
  pango_font_description_free(fd);
  pango_layout_set_width(layout, static_cast<int>(w_mm * kMm * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height(layout, -max_lines);
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  if (center) pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER);
  pango_layout_set_text(layout, text.c_str(), -1);
  cairo_set_source_rgb(cr, grey, grey, grey);
  cairo_move_to(cr, x_mm * kMm, y_mm * kMm);
  pango_cairo_show_layout(cr, layout);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE / kMm;
}

Status Qr(cairo_t* cr, const std::string& url, double x_mm, double y_mm, double size_mm) {
  PH_ASSIGN_OR_RETURN(auto m, qr::Encode(url));
  double module = size_mm / (m.size + 8);  // 4-module quiet zone each side
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x_mm * kMm, y_mm * kMm, size_mm * kMm, size_mm * kMm);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x)
      if (m.At(x, y))
        cairo_rectangle(cr, (x_mm + (x + 4) * module) * kMm, (y_mm + (y + 4) * module) * kMm,
                        module * kMm + 0.01, module * kMm + 0.01);
  cairo_fill(cr);
  return Status::Ok();
}

void Line(cairo_t* cr, double x1, double y1, double x2, double y2, double grey = 0.75) {
  cairo_set_source_rgb(cr, grey, grey, grey);
  cairo_set_line_width(cr, 0.3);
  cairo_move_to(cr, x1 * kMm, y1 * kMm);
  cairo_line_to(cr, x2 * kMm, y2 * kMm);
  cairo_stroke(cr);
}

}  // namespace

Result<std::string> RenderLabels(const SheetHeader& h, const std::vector<DocLabel>& labels) {
  if (labels.empty()) return Status::InvalidArgument("chưa có tài liệu nào để in mã QR");
  Pdf pdf(210, 297);
  cairo_t* cr = pdf.cr();
  const int cols = 2, rows = 4;
  const double lw = 105, lh = 74.25;
  for (size_t i = 0; i < labels.size(); ++i) {
    size_t slot = i % (cols * rows);
    if (i > 0 && slot == 0) pdf.NewPage();
    if (slot == 0) {  // cutting guides
      for (int c = 1; c < cols; ++c) Line(cr, c * lw, 0, c * lw, 297);
      for (int r = 1; r < rows; ++r) Line(cr, 0, r * lh, 210, r * lh);
    }
    double x = (slot % cols) * lw, y = (slot / cols) * lh;
    const DocLabel& l = labels[i];
    PH_RETURN_IF_ERROR(Qr(cr, l.url, x + 4, y + 6, 42));
    Text(cr, l.code, x + 4, y + 49, 42, "Noto Sans Mono 8", 1, true, 0.3);
    Text(cr, "Quét để đọc tài liệu", x + 4, y + 54, 42, "Noto Sans 7", 1, true, 0.4);
    double ty = y + 8;
    ty += Text(cr, h.organization, x + 49, ty, 52, "Noto Sans 6.5", 2, false, 0.45) + 1;
    if (!l.category.empty()) ty += Text(cr, l.category, x + 49, ty, 52, "Noto Sans Bold 7.5", 1, false, 0.35) + 1;
    ty += Text(cr, l.title, x + 49, ty, 52, "Noto Sans Bold 10.5", 6) + 1.5;
    if (!l.number.empty()) Text(cr, "Số: " + l.number, x + 49, ty, 52, "Noto Sans 8", 2, false, 0.25);
  }
  return pdf.Finish();
}

Result<std::string> RenderPosters(const SheetHeader& h, const std::vector<AgendaPoster>& posters) {
  if (posters.empty()) return Status::InvalidArgument("chưa có mục chương trình nào có tài liệu");
  Pdf pdf(210, 297);
  cairo_t* cr = pdf.cr();
  bool first_page = true;
  for (const auto& p : posters) {
    const size_t per_page = 4;
    for (size_t start = 0; start < std::max<size_t>(p.documents.size(), 1); start += per_page) {
      if (!first_page) pdf.NewPage();
      first_page = false;
      double y = 14;
      y += Text(cr, h.organization, 15, y, 180, "Noto Sans 10", 1, true, 0.4) + 1;
      y += Text(cr, h.congress, 15, y, 180, "Noto Sans Bold 12", 2, true, 0.1) + 1;
      y += Text(cr, h.term, 15, y, 180, "Noto Sans 10", 1, true, 0.4) + 6;
      Line(cr, 15, y, 195, y, 0.2);
      y += 5;
      y += Text(cr, p.session, 15, y, 180, "Noto Sans 11", 1, false, 0.35) + 1;
      y += Text(cr, p.heading + (start > 0 ? " (tiếp)" : ""), 15, y, 180, "Noto Sans Bold 18", 3) + 6;
      for (size_t i = start; i < p.documents.size() && i < start + per_page; ++i) {
        const DocLabel& d = p.documents[i];
        PH_RETURN_IF_ERROR(Qr(cr, d.url, 15, y, 48));
        double ty = y + 6;
        if (!d.category.empty()) ty += Text(cr, d.category, 70, ty, 125, "Noto Sans Bold 10", 1, false, 0.35) + 1;
        ty += Text(cr, d.title, 70, ty, 125, "Noto Sans Bold 14", 4) + 1.5;
        if (!d.number.empty()) ty += Text(cr, "Số: " + d.number, 70, ty, 125, "Noto Sans 10", 1, false, 0.3) + 1;
        Text(cr, d.url, 70, ty + 1, 125, "Noto Sans Mono 9", 1, false, 0.35);
        y += 54;
      }
      if (p.documents.empty())
        Text(cr, "Mục này chưa có tài liệu.", 15, y, 180, "Noto Sans 12", 1, false, 0.4);
      Text(cr, "Dùng camera điện thoại quét mã để đọc tài liệu — không cần cài ứng dụng.", 15, 282,
           180, "Noto Sans 9", 1, true, 0.4);
    }
  }
  return pdf.Finish();
}

Result<std::string> RenderBadges(const SheetHeader& h, const std::vector<Badge>& badges) {
  if (badges.empty()) return Status::InvalidArgument("chưa có đại biểu nào để in thẻ");
  Pdf pdf(105, 148);
  cairo_t* cr = pdf.cr();
  for (size_t i = 0; i < badges.size(); ++i) {
    if (i) pdf.NewPage();
    const Badge& b = badges[i];
    cairo_set_source_rgb(cr, 0.043, 0.36, 0.68);  // the app's blue band
    cairo_rectangle(cr, 0, 0, 105 * kMm, 30 * kMm);
    cairo_fill(cr);
    Text(cr, h.organization, 6, 4, 93, "Noto Sans 8", 1, true, 1.0);
    Text(cr, h.congress, 6, 9, 93, "Noto Sans Bold 9", 3, true, 1.0);
    double y = 34;
    y += Text(cr, b.kind, 6, y, 93, "Noto Sans Bold 9", 1, true, 0.55) + 2;
    y += Text(cr, b.full_name, 6, y, 93, "Noto Sans Bold 17", 2, true) + 1;
    y += Text(cr, b.position, 6, y, 93, "Noto Sans 8.5", 3, true, 0.3) + 1;
    Text(cr, b.delegation, 6, y, 93, "Noto Sans 8.5", 2, true, 0.3);
    PH_RETURN_IF_ERROR(Qr(cr, b.url, 30, 92, 45));
    std::string foot = "Thẻ số " + b.badge + (b.seat.empty() ? "" : "   ·   Ghế " + b.seat);
    Text(cr, foot, 6, 138, 93, "Noto Sans Bold 9", 1, true, 0.2);
  }
  return pdf.Finish();
}

}  // namespace phonghop::print
