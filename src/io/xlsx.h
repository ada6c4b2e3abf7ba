// XLSX (Office Open XML spreadsheet) reading of the first worksheet and
// writing of a single-sheet workbook. Enough for the delegate lists the
// secretariat keeps in Excel; formulas are read as their cached values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/table.h"

namespace phonghop::io {

// Reads the first worksheet. Row `line` numbers are Excel's own row numbers.
// kInvalidArgument for a file that is not XLSX, is corrupt, inflates beyond
// the zip limits, or has more than `max_rows` rows.
Result<Table> ParseXlsx(std::string_view data, size_t max_rows = 200000);

// Writes `rows` as a one-sheet workbook named `sheet_name`; every cell is a
// string so leading zeros (badges, phone numbers) survive; the first row is
// bold and frozen.
Result<std::string> WriteXlsx(const std::vector<std::vector<std::string>>& rows,
                              const std::string& sheet_name = "Sheet1");

// Converts a 0-based column index to letters (0 → "A", 27 → "AB") and back.
std::string ColumnName(size_t index);
// Returns the 0-based column of a cell reference like "AB12"; -1 if invalid.
long ColumnIndex(std::string_view cell_ref);

}  // namespace phonghop::io
