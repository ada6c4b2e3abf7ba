// A table as a downloadable spreadsheet reply (XLSX or CSV), for the
// delegate list, the roll call and other exports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace phonghop::http {

// `format` "xlsx" or "csv" (else a 400); `base_name` without extension.
Response SpreadsheetReply(const std::vector<std::vector<std::string>>& rows, std::string_view format,
                          const std::string& base_name, std::string_view sheet_name);

}  // namespace phonghop::http
