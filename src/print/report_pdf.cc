#include "print/report_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <numeric>

namespace phonghop::print {
namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageW = 210, kPageH = 297, kMargin = 15, kPad = 1.2;

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

PangoLayout* Layout(cairo_t* cr, const std::string& text, double w_mm, const char* font, PangoAlignment align) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* fd = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout, fd);
  pango_font_description_free(fd);
  pango_layout_set_width(layout, static_cast<int>(w_mm * kMm * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, align);
  pango_layout_set_text(layout, text.c_str(), -1);
  return layout;
}

double Height(cairo_t* cr, const std::string& text, double w_mm, const char* font) {
  PangoLayout* l = Layout(cr, text, w_mm, font, PANGO_ALIGN_LEFT);
  int w = 0, h = 0;
  pango_layout_get_size(l, &w, &h);
  g_object_unref(l);
  return static_cast<double>(h) / PANGO_SCALE / kMm;
}

double Draw(cairo_t* cr, const std::string& text, double x, double y, double w, const char* font,
            PangoAlignment align = PANGO_ALIGN_LEFT) {
  PangoLayout* l = Layout(cr, text, w, font, align);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, x * kMm, y * kMm);
  pango_cairo_show_layout(cr, l);
  int lw = 0, h = 0;
  pango_layout_get_size(l, &lw, &h);
  g_object_unref(l);
  return static_cast<double>(h) / PANGO_SCALE / kMm;
}

void Rect(cairo_t* cr, double x, double y, double w, double h, bool fill) {
  cairo_rectangle(cr, x * kMm, y * kMm, w * kMm, h * kMm);
  if (fill) {
    cairo_set_source_rgb(cr, 0.92, 0.94, 0.97);
    cairo_fill_preserve(cr);
  }
  cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
  cairo_set_line_width(cr, 0.35);
  cairo_stroke(cr);
}

}  // namespace

Result<std::string> RenderReportPdf(const attendance::ReportTable& t, const std::string& place_date) {
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &bytes, kPageW * kMm, kPageH * kMm);
  cairo_t* cr = cairo_create(surface);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, t.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "phonghop");

  const double width = kPageW - 2 * kMargin;
  double total = std::accumulate(t.widths.begin(), t.widths.end(), 0.0);
  std::vector<double> cols;
  for (double w : t.widths) cols.push_back(width * w / (total > 0 ? total : 1));
  const char* kBody = "Noto Sans 8.5";
  const char* kBold = "Noto Sans Bold 8.5";
  int page = 1;
  auto footer = [&] {
    Draw(cr, "Trang " + std::to_string(page), kMargin, kPageH - 10, width, "Noto Sans 7.5", PANGO_ALIGN_RIGHT);
  };
  auto new_page = [&] {
    footer();
    cairo_show_page(cr);
    ++page;
  };
  auto row_height = [&](const std::vector<std::string>& cells, const char* font) {
    double h = 0;
    for (size_t i = 0; i < cols.size() && i < cells.size(); ++i)
      h = std::max(h, Height(cr, cells[i], cols[i] - 2 * kPad, font));
    return h + 2 * kPad;
  };
  auto draw_row = [&](const std::vector<std::string>& cells, double y, double h, const char* font, bool shade) {
    double x = kMargin;
    for (size_t i = 0; i < cols.size(); ++i) {
      Rect(cr, x, y, cols[i], h, shade);
      if (i < cells.size()) Draw(cr, cells[i], x + kPad, y + kPad, cols[i] - 2 * kPad, font);
      x += cols[i];
    }
  };

  // Heading block.
  double y = kMargin;
  Draw(cr, t.organization, kMargin, y, width * 0.55, "Noto Sans Bold 9.5");
  y += 12;
  y += Draw(cr, t.title, kMargin, y, width, "Noto Sans Bold 13", PANGO_ALIGN_CENTER) + 1.5;
  for (const auto& s : t.subtitle) y += Draw(cr, s, kMargin, y, width, "Noto Sans Italic 9.5", PANGO_ALIGN_CENTER) + 0.5;
  y += 4;

  double header_h = row_height(t.header, kBold);
  draw_row(t.header, y, header_h, kBold, true);
  y += header_h;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    bool emph = r < t.emphasis.size() && t.emphasis[r];
    const char* font = emph ? kBold : kBody;
    // A group heading (one filled cell) runs across the whole table.
    int filled = 0;
    std::string only;
    for (const auto& cell : t.rows[r])
      if (!cell.empty()) {
        ++filled;
        only = cell;
      }
    if (emph && filled == 1) {
      double h = Height(cr, only, width - 2 * kPad, font) + 2 * kPad;
      if (y + h > kPageH - 18) {
        new_page();
        y = kMargin;
        draw_row(t.header, y, header_h, kBold, true);
        y += header_h;
      }
      Rect(cr, kMargin, y, width, h, true);
      Draw(cr, only, kMargin + kPad, y + kPad, width - 2 * kPad, font);
      y += h;
      continue;
    }
    double h = row_height(t.rows[r], font);
    if (y + h > kPageH - 18) {
      new_page();
      y = kMargin;
      draw_row(t.header, y, header_h, kBold, true);
      y += header_h;
    }
    draw_row(t.rows[r], y, h, font, false);
    y += h;
  }
  y += 4;
  for (const auto& n : t.notes) {
    double h = Height(cr, n, width, "Noto Sans 9.5");
    if (y + h > kPageH - 18) { new_page(); y = kMargin; }
    y += Draw(cr, n, kMargin, y, width, "Noto Sans 9.5") + 1;
  }
  if (t.signatures) {
    if (y + 40 > kPageH - 18) { new_page(); y = kMargin; }
    y += 4;
    Draw(cr, place_date, kMargin + width / 2, y, width / 2, "Noto Sans Italic 9.5", PANGO_ALIGN_CENTER);
    y += 6;
    Draw(cr, "NGƯỜI LẬP BIỂU", kMargin, y, width / 2, "Noto Sans Bold 9.5", PANGO_ALIGN_CENTER);
    Draw(cr, "TRƯỞNG BAN", kMargin + width / 2, y, width / 2, "Noto Sans Bold 9.5", PANGO_ALIGN_CENTER);
    y += 5;
    Draw(cr, "(ký, ghi rõ họ tên)", kMargin, y, width / 2, "Noto Sans Italic 8", PANGO_ALIGN_CENTER);
    Draw(cr, "(ký, ghi rõ họ tên)", kMargin + width / 2, y, width / 2, "Noto Sans Italic 8", PANGO_ALIGN_CENTER);
  }
  footer();
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) return Status::Internal("không tạo được PDF");
  return bytes;
}

}  // namespace phonghop::print
