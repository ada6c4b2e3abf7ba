// The Vietnamese normaliser and tokenizer on arbitrary bytes (NFC, NFD,
// invalid UTF-8, mixed scripts).
#include "common/utf8.h"
#include "search/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  (void)phonghop::utf8::IsValid(s);
  std::string f = phonghop::utf8::Fold(s);
  (void)phonghop::utf8::Lower(s);
  (void)phonghop::utf8::Trim(s);
  for (const auto& t : phonghop::search::Tokenize(s)) {
    if (t.end > s.size() || t.start > t.end) __builtin_trap();
  }
  (void)phonghop::search::FoldWord(f);
  return 0;
}
