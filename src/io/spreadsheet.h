// Reads a delegate spreadsheet whatever its format, decided by content
// (a ZIP signature means XLSX), never by the file name.
#pragma once

#include <string_view>

#include "common/status.h"
#include "common/table.h"

namespace phonghop::io {

enum class SheetFormat { kCsv, kXlsx, kUnknown };

SheetFormat SniffSheetFormat(std::string_view data);

// kInvalidArgument for an empty file, an old binary .xls, or a file that is
// neither CSV (UTF-8 text) nor XLSX.
Result<Table> ParseSpreadsheet(std::string_view data);

}  // namespace phonghop::io
