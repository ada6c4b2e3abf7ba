// DOCX and ODT text extraction (what the sandboxed child runs).
#include <string>

#include "documents/ports.h"

namespace phonghop::extract {
Result<documents::Extracted> ExtractDocx(const std::string& data);
Result<documents::Extracted> ExtractOdt(const std::string& data);
}  // namespace phonghop::extract

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)phonghop::extract::ExtractDocx(bytes);
  (void)phonghop::extract::ExtractOdt(bytes);
  return 0;
}
