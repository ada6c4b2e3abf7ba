// A spreadsheet as read from CSV or XLSX: the interface between the file
// readers (io/) and the import logic (congress/), which knows no file format.
#pragma once

#include <string>
#include <vector>

namespace phonghop {

struct TableRow {
  int line = 0;  // 1-based row number as the user sees it in Excel
  std::vector<std::string> cells;
};

struct Table {
  std::vector<TableRow> rows;  // rows[0] is normally the header row
};

}  // namespace phonghop
