#include "io/spreadsheet.h"

#include "io/csv.h"
#include "io/xlsx.h"

namespace phonghop::io {

SheetFormat SniffSheetFormat(std::string_view d) {
  if (d.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return SheetFormat::kXlsx;
  if (d.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return SheetFormat::kUnknown;  // OLE2: Excel 97-2003 .xls
  if (d.find('\0') != std::string_view::npos) return SheetFormat::kUnknown;
  return SheetFormat::kCsv;
}

Result<Table> ParseSpreadsheet(std::string_view data) {
  if (data.empty()) return Status::InvalidArgument("tệp rỗng");
  switch (SniffSheetFormat(data)) {
    case SheetFormat::kXlsx: return ParseXlsx(data);
    case SheetFormat::kCsv: return ParseCsv(data);
    case SheetFormat::kUnknown: break;
  }
  if (data.substr(0, 4) == std::string_view("\xD0\xCF\x11\xE0", 4))
    return Status::InvalidArgument(
        "tệp .xls (Excel 97-2003) chưa được hỗ trợ: hãy lưu lại thành .xlsx hoặc CSV UTF-8");
  return Status::InvalidArgument("tệp không phải CSV hay XLSX");
}

}  // namespace phonghop::io
