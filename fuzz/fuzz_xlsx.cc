// Delegate spreadsheets as XLSX (ZIP + XML), through the import rules.
#include "congress/delegate_import.h"
#include "io/spreadsheet.h"
#include "io/xlsx.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto t = phonghop::io::ParseSpreadsheet(bytes);
  if (t.ok()) (void)phonghop::congress::PlanDelegateImport(*t, {}, {.create_delegations = true});
  (void)phonghop::io::ParseXlsx(bytes, 1000);
  return 0;
}
