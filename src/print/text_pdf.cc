#include "print/text_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <vector>

namespace phonghop::print {

namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kPageW = 210 * kMm, kPageH = 297 * kMm, kMargin = 22 * kMm;

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

// **bold** and *italic* → Pango markup (after escaping).
std::string Inline(const std::string& text) {
  std::string s = Escape(text), out;
  bool bold = false, italic = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 2, "**") == 0) {
      out += bold ? "</b>" : "<b>";
      bold = !bold;
      ++i;
    } else if (s[i] == '*') {
      out += italic ? "</i>" : "<i>";
      italic = !italic;
    } else {
      out += s[i];
    }
  }
  if (italic) out += "</i>";
  if (bold) out += "</b>";
  return out;
}

struct Block {
  std::string markup;
  const char* font;
  double space_before;  // points
  double indent;        // points
  bool center;
};

std::vector<Block> Parse(const std::string& md) {
  std::vector<Block> blocks;
  std::string para;
  auto flush = [&] {
    if (!para.empty()) blocks.push_back({Inline(para), "Noto Serif 11.5", 6, 0, false});
    para.clear();
  };
  size_t start = 0;
  while (start <= md.size()) {
    size_t nl = md.find('\n', start);
    if (nl == std::string::npos) nl = md.size();
    std::string line = md.substr(start, nl - start);
    start = nl + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty()) {
      flush();
    } else if (line.rfind("# ", 0) == 0) {
      flush();
      blocks.push_back({Inline(line.substr(2)), "Noto Sans Bold 15", 4, 0, true});
    } else if (line.rfind("## ", 0) == 0) {
      flush();
      blocks.push_back({Inline(line.substr(3)), "Noto Sans Bold 12.5", 14, 0, false});
    } else if (line.rfind("### ", 0) == 0) {
      flush();
      blocks.push_back({Inline(line.substr(4)), "Noto Sans Bold 11.5", 10, 0, false});
    } else if (line.rfind("- ", 0) == 0) {
      flush();
      blocks.push_back({"• " + Inline(line.substr(2)), "Noto Serif 11.5", 3, 14, false});
    } else if (line.size() > 2 && std::isdigit(static_cast<unsigned char>(line[0])) &&
               line.find(". ") != std::string::npos && line.find(". ") < 4) {
      flush();
      blocks.push_back({Inline(line), "Noto Serif 11.5", 3, 14, false});
    } else {
      if (!para.empty()) para += ' ';
      para += line;
    }
    if (nl == md.size()) break;
  }
  flush();
  return blocks;
}

}  // namespace

Result<std::string> MarkdownToPdf(const std::string& markdown, const std::string& header_line) {
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &bytes, kPageW, kPageH);
  size_t title_end = markdown.find('\n');
  if (markdown.rfind("# ", 0) == 0) {
    std::string title = markdown.substr(2, title_end == std::string::npos ? std::string::npos : title_end - 2);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "phonghop");
  cairo_t* cr = cairo_create(surface);
  const double width = kPageW - 2 * kMargin;
  double y = kMargin;
  int page = 1;
  auto footer = [&] {
    PangoLayout* l = pango_cairo_create_layout(cr);
    PangoFontDescription* fd = pango_font_description_from_string("Noto Sans 8");
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    std::string text = (header_line.empty() ? "" : header_line + "  ·  ") + "Trang " + std::to_string(page);
    pango_layout_set_text(l, text.c_str(), -1);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    cairo_move_to(cr, kMargin, kPageH - 14 * kMm);
    pango_cairo_show_layout(cr, l);
    g_object_unref(l);
  };
  for (const Block& b : Parse(markdown)) {
    PangoLayout* l = pango_cairo_create_layout(cr);
    PangoFontDescription* fd = pango_font_description_from_string(b.font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, static_cast<int>((width - b.indent) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_spacing(l, static_cast<int>(2.5 * PANGO_SCALE));
    if (b.center) pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    else pango_layout_set_justify(l, TRUE);
    pango_layout_set_markup(l, b.markup.c_str(), -1);
    // Break long paragraphs across pages line by line.
    PangoLayoutIter* it = pango_layout_get_iter(l);
    y += b.space_before;
    double base_y = y;
    int first_line_y = -1;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      double line_top = static_cast<double>(logical.y) / PANGO_SCALE;
      double line_h = static_cast<double>(logical.height) / PANGO_SCALE;
      if (first_line_y < 0) first_line_y = logical.y;
      if (base_y + line_top + line_h > kPageH - kMargin - 6 * kMm) {
        footer();
        cairo_show_page(cr);
        ++page;
        base_y = kMargin - line_top;
      }
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it);
      int baseline = pango_layout_iter_get_baseline(it);
      cairo_set_source_rgb(cr, 0.08, 0.08, 0.08);
      double x = kMargin + b.indent + static_cast<double>(logical.x) / PANGO_SCALE;
      cairo_move_to(cr, x, base_y + static_cast<double>(baseline) / PANGO_SCALE);
      pango_cairo_show_layout_line(cr, line);
      y = base_y + line_top + line_h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    g_object_unref(l);
  }
  footer();
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) return Status::Internal("không tạo được PDF");
  return bytes;
}

}  // namespace phonghop::print
