#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <unistd.h>

#include <memory>

#include "common/random.h"
#include "extract/extract.h"

namespace phonghop::extract {

Result<std::string> OcrFile(const std::string& path, documents::FileKind kind, int page,
                            const std::string& scratch_dir) {
  std::string image = path;
  std::string rendered;
  if (kind == documents::FileKind::kPdf) {
    rendered = scratch_dir + "/ocr-" + RandomHex(8) + ".png";
    // ~300 dpi for an A4 page: what Tesseract is tuned for.
    PH_RETURN_IF_ERROR(RenderPdfPage(path, page, 2480, rendered));
    image = rendered;
  } else if (kind != documents::FileKind::kPng && kind != documents::FileKind::kJpeg) {
    return Status::InvalidArgument("OCR chỉ cho PDF scan và ảnh");
  }
  struct Cleanup {
    std::string p;
    ~Cleanup() {
      if (!p.empty()) ::unlink(p.c_str());
    }
  } cleanup{rendered};
  tesseract::TessBaseAPI api;
  if (api.Init(nullptr, "vie+eng", tesseract::OEM_LSTM_ONLY) != 0 &&
      api.Init(nullptr, "vie") != 0)
    return Status::Unavailable("thiếu dữ liệu OCR tiếng Việt (gói tesseract-ocr-vie)");
  Pix* pix = pixRead(image.c_str());
  if (!pix) return Status::InvalidArgument("không đọc được ảnh để nhận dạng chữ");
  api.SetImage(pix);
  api.SetSourceResolution(300);
  std::unique_ptr<char[]> text(api.GetUTF8Text());
  pixDestroy(&pix);
  api.End();
  return text ? std::string(text.get()) : std::string();
}

}  // namespace phonghop::extract
