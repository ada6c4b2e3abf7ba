// Port: files the minutes (biên bản kiểm phiếu) of a published poll as a
// congress document, so that it gets its QR code, is searchable and is
// archived like every other document. Implemented in app/ (typesets the
// Markdown and hands the PDF to the document service).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "voting/model.h"

namespace phonghop::voting {

class MinutesFiler {
 public:
  virtual ~MinutesFiler() = default;
  // Returns the new document's code (its QR code).
  virtual Result<std::string> File(std::string_view slug, const Poll& p, const std::string& markdown) = 0;
};

}  // namespace phonghop::voting
