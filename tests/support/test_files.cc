#include "test_files.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <fstream>
#include <sstream>

#include "io/zip_archive.h"

namespace phonghop::testing {

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

void MakeTextPdf(const std::string& path, const std::vector<std::string>& pages,
                 const std::string& title) {
  cairo_surface_t* s = cairo_pdf_surface_create(path.c_str(), 595, 842);
  if (!title.empty()) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_t* cr = cairo_create(s);
  for (size_t i = 0; i < pages.size(); ++i) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* fd = pango_font_description_from_string("Noto Sans 11");
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(layout, 495 * PANGO_SCALE);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    pango_layout_set_text(layout, pages[i].c_str(), -1);
    cairo_move_to(cr, 50, 50);
    pango_cairo_show_layout(cr, layout);
    g_object_unref(layout);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

void MakeScannedPdf(const std::string& path, const std::string& text) {
  cairo_surface_t* s = cairo_pdf_surface_create(path.c_str(), 595, 842);
  cairo_t* cr = cairo_create(s);
  cairo_set_source_rgb(cr, 0, 0, 0);
  if (text.empty()) {
    for (int y = 80; y < 760; y += 24) {
      cairo_rectangle(cr, 60, y, 470, 3);
    }
    cairo_fill(cr);
  } else {
    // Glyph outlines filled as paths: looks like text, is not text.
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* fd = pango_font_description_from_string("Noto Sans 22");
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(layout, 495 * PANGO_SCALE);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    pango_layout_set_text(layout, text.c_str(), -1);
    cairo_move_to(cr, 50, 60);
    pango_cairo_layout_path(cr, layout);
    cairo_fill(cr);
    g_object_unref(layout);
  }
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
}

namespace {
std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}
}  // namespace

std::string MakeDocx(const std::vector<std::string>& paragraphs, const std::string& title) {
  std::string body;
  for (const auto& p : paragraphs) {
    if (p == "\f") body += R"(<w:p><w:r><w:br w:type="page"/></w:r></w:p>)";
    else body += "<w:p><w:r><w:t xml:space=\"preserve\">" + Escape(p) + "</w:t></w:r></w:p>";
  }
  std::string doc =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)" +
      body + "</w:body></w:document>";
  std::vector<std::pair<std::string, std::string>> entries = {
      {"[Content_Types].xml",
       R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)"},
      {"_rels/.rels",
       R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)"},
      {"word/document.xml", doc},
  };
  if (!title.empty())
    entries.push_back({"docProps/core.xml",
                       R"(<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>)" +
                           Escape(title) + "</dc:title></cp:coreProperties>"});
  return io::WriteZip(entries).value();
}

std::string MakeOdt(const std::string& heading, const std::vector<std::string>& paragraphs) {
  std::string body = "<text:h text:outline-level=\"1\">" + Escape(heading) + "</text:h>";
  for (const auto& p : paragraphs) body += "<text:p>" + Escape(p) + "</text:p>";
  std::string content =
      R"(<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>)" +
      body + "</office:text></office:body></office:document-content>";
  return io::WriteZip({{"mimetype", "application/vnd.oasis.opendocument.text"},
                       {"content.xml", content}})
      .value();
}

namespace {
cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
}  // namespace

std::string MakePng(int width, int height) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
  cairo_t* cr = cairo_create(s);
  cairo_set_source_rgb(cr, 0.9, 0.9, 0.2);
  cairo_paint(cr);
  std::string png;
  cairo_surface_write_to_png_stream(s, Append, &png);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  return png;
}

}  // namespace phonghop::testing
