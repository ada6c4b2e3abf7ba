// CSV reading and writing (RFC 4180), the way Excel saves and opens it:
// UTF-8 with or without BOM, comma, semicolon or tab separated, quoted
// fields with embedded separators, quotes and newlines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/table.h"

namespace phonghop::io {

// Parses `data`. Row `line` numbers count records from 1 (the header is
// line 1), matching the row numbers Excel shows. kInvalidArgument when the
// text is not UTF-8 (with a hint to re-save as "CSV UTF-8"), when a quoted
// field never closes, or when there are more than `max_rows` records.
Result<Table> ParseCsv(std::string_view data, size_t max_rows = 200000);

// Writes rows as CSV with a UTF-8 BOM (so Excel shows Vietnamese correctly),
// CRLF line ends, quoting fields that need it.
std::string WriteCsv(const std::vector<std::vector<std::string>>& rows);

}  // namespace phonghop::io
