#include "qr/qr_code.h"

#include <cairo.h>
#include <qrencode.h>

namespace phonghop::qr {

Result<QrMatrix> Encode(const std::string& text) {
  if (text.empty() || text.size() > 1500) return Status::InvalidArgument("nội dung mã QR không hợp lệ");
  QRcode* code = QRcode_encodeData(static_cast<int>(text.size()),
                                   reinterpret_cast<const unsigned char*>(text.data()), 0,
                                   QR_ECLEVEL_M);
  if (!code) return Status::Internal("không tạo được mã QR");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size) * m.size);
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  QRcode_free(code);
  return m;
}

std::string ToSvg(const QrMatrix& m, int module_px) {
  int quiet = 4, total = m.size + 2 * quiet;
  std::string path;
  for (int y = 0; y < m.size; ++y) {
    for (int x = 0; x < m.size; ++x) {
      if (!m.At(x, y)) continue;
      // Merge horizontal runs: smaller SVG.
      int run = 1;
      while (x + run < m.size && m.At(x + run, y)) ++run;
      path += "M" + std::to_string(x + quiet) + "," + std::to_string(y + quiet) + "h" +
              std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run - 1;
    }
  }
  std::string px = std::to_string(total * module_px);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(total) + " " +
         std::to_string(total) + "\" width=\"" + px + "\" height=\"" + px +
         "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
         "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

namespace {
cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
}  // namespace

Result<std::string> ToPng(const QrMatrix& m, int module_px) {
  int quiet = 4, total = (m.size + 2 * quiet) * module_px;
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, total, total);
  cairo_t* cr = cairo_create(s);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x)
      if (m.At(x, y))
        cairo_rectangle(cr, (x + quiet) * module_px, (y + quiet) * module_px, module_px, module_px);
  cairo_fill(cr);
  std::string png;
  cairo_status_t st = cairo_surface_write_to_png_stream(s, AppendToString, &png);
  cairo_destroy(cr);
  cairo_surface_destroy(s);
  if (st != CAIRO_STATUS_SUCCESS) return Status::Internal("không tạo được ảnh PNG");
  return png;
}

}  // namespace phonghop::qr
