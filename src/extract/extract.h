// Parsers of untrusted document files: text per page and a title. Run them
// only inside the sandboxed child (`phonghop extract`), never in the server.
#pragma once

#include <string>

#include "common/status.h"
#include "documents/model.h"
#include "documents/ports.h"

namespace phonghop::extract {

struct Limits {
  int max_pages = 5000;
  size_t max_text_bytes = 64u << 20;
};

// Text of each page of the file. kInvalidArgument with a Vietnamese reason
// for a file that is corrupt, encrypted or of the wrong type.
Result<documents::Extracted> ExtractFile(const std::string& path, documents::FileKind kind,
                                         const Limits& limits = {});

// Splits long flowing text (Markdown, TXT, DOCX without page marks) into
// pages of about `chars_per_page` characters at paragraph boundaries.
std::vector<std::string> Paginate(const std::string& text, size_t chars_per_page = 3000);

// Renders page `page` (1-based) of a PDF as a PNG `width` pixels wide.
Status RenderPdfPage(const std::string& pdf, int page, int width, const std::string& out_png);

// Tesseract OCR (Vietnamese + English) of an image file, or of page
// `page` of a PDF rendered at 300 dpi.
Result<std::string> OcrFile(const std::string& path, documents::FileKind kind, int page,
                            const std::string& scratch_dir);

// Converts an old .doc to PDF with LibreOffice if installed; kUnavailable
// with a clear message if not.
Result<std::string> ConvertDocToPdf(const std::string& doc_path, const std::string& out_dir);

}  // namespace phonghop::extract
