// Files the minutes of a published poll as a congress document: typesets
// the Markdown with print::MarkdownToPdf (as GET …/minutes.pdf does) and
// uploads the PDF through the document service, which gives it its QR code
// and puts it in search and the archive.
#pragma once

#include <string>

#include "documents/document_service.h"
#include "voting/minutes_filer.h"

namespace phonghop::app {

class DocumentMinutesFiler : public voting::MinutesFiler {
 public:
  DocumentMinutesFiler(documents::DocumentService& docs, std::string tmp_dir)
      : docs_(docs), tmp_dir_(std::move(tmp_dir)) {}
  Result<std::string> File(std::string_view slug, const voting::Poll& p, const std::string& markdown) override;

 private:
  documents::DocumentService& docs_;
  std::string tmp_dir_;
};

}  // namespace phonghop::app
