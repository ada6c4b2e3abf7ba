#include "http/spreadsheet_reply.h"

#include "http/error_mapping.h"
#include "io/csv.h"
#include "io/xlsx.h"

namespace phonghop::http {

Response SpreadsheetReply(const std::vector<std::vector<std::string>>& rows, std::string_view format,
                          const std::string& base_name, std::string_view sheet_name) {
  if (format != "xlsx" && format != "csv") return ErrorResponse(Status::InvalidArgument("Định dạng (format) phải là xlsx hoặc csv"));
  Response res;
  std::string name = base_name;
  if (format == "csv") {
    res.body = io::WriteCsv(rows);
    res.content_type = "text/csv; charset=utf-8";
    name += ".csv";
  } else {
    auto bytes = io::WriteXlsx(rows, std::string(sheet_name));
    if (!bytes.ok()) return ErrorResponse(bytes.status());
    res.body = std::move(*bytes);
    res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    res.compressible = false;
    name += ".xlsx";
  }
  res.AddHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

}  // namespace phonghop::http
