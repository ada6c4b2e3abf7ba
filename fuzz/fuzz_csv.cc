// Delegate spreadsheets as CSV, through the import rules.
#include "congress/delegate_import.h"
#include "io/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto t = phonghop::io::ParseCsv(std::string_view(reinterpret_cast<const char*>(data), size), 5000);
  if (t.ok()) (void)phonghop::congress::PlanDelegateImport(*t, {}, {});
  return 0;
}
