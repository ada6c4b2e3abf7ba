// documents::FileSniffer backed by libmagic, with the checks libmagic
// can't make: which Office format a ZIP holds, Markdown versus plain text.
#pragma once

#include "documents/ports.h"

namespace phonghop::io {

class MagicSniffer final : public documents::FileSniffer {
 public:
  documents::FileKind Sniff(const std::string& path, const std::string& file_name) const override;
};

}  // namespace phonghop::io
