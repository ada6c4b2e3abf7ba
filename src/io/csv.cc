#include "io/csv.h"

#include <string_view>

#include "common/utf8.h"

namespace phonghop::io {
namespace {

// Picks the separator that occurs most often outside quotes on the first
// line: Excel in some locales saves ';'.
char DetectSeparator(std::string_view data) {
  size_t commas = 0, semis = 0, tabs = 0;
  bool quoted = false;
  for (char c : data) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') break;
    if (c == ',') ++commas;
    if (c == ';') ++semis;
    if (c == '\t') ++tabs;
  }
  if (semis > commas && semis >= tabs) return ';';
  if (tabs > commas && tabs > semis) return '\t';
  return ',';
}

}  // namespace

Result<Table> ParseCsv(std::string_view data, size_t max_rows) {
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  if (!utf8::IsValid(data))
    return Status::InvalidArgument(
        "tệp CSV không phải mã UTF-8: trong Excel hãy chọn Lưu thành \"CSV UTF-8\"");
  const char sep = DetectSeparator(data);
  Table table;
  TableRow row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  int record = 1;
  auto end_field = [&] {
    row.cells.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_row = [&]() -> bool {
    end_field();
    row.line = record++;
    table.rows.push_back(std::move(row));
    row = TableRow{};
    return table.rows.size() <= max_rows;
  };
  size_t i = 0;
  while (i < data.size()) {
    char c = data[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < data.size() && data[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      ++i;
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == sep) {
      end_field();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < data.size() && data[i + 1] == '\n') ++i;
      if (!end_row())
        return Status::InvalidArgument("tệp có quá nhiều dòng (tối đa " +
                                       std::to_string(max_rows) + ")");
    } else {
      field += c;
      field_started = true;
    }
    ++i;
  }
  if (quoted)
    return Status::InvalidArgument("dòng " + std::to_string(record) +
                                   ": dấu ngoặc kép không được đóng");
  if (field_started || !field.empty() || !row.cells.empty()) {
    if (!end_row())
      return Status::InvalidArgument("tệp có quá nhiều dòng");
  }
  return table;
}

namespace {
// "-12", "-3.5", "-1.234,5": digits with at most dots and commas after a sign.
bool IsPlainNumber(std::string_view s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (!(c >= '0' && c <= '9') && c != '.' && c != ',') return false;
  }
  return true;
}
}  // namespace

std::string WriteCsv(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (const auto& r : rows) {
    for (size_t i = 0; i < r.size(); ++i) {
      if (i) out += ',';
      const std::string& f = r[i];
      bool needs_quotes = f.find_first_of(",;\"\r\n\t") != std::string::npos ||
                          (!f.empty() && (f.front() == ' ' || f.back() == ' '));
      // A leading '=', '+', '-', '@', TAB or CR would run as a formula in
      // Excel or LibreOffice (CSV injection): prefix it with an apostrophe.
      // A negative number stays a number only when the whole field is one
      // ("-2+3+cmd|…" starts with a digit after '-' and is still a formula).
      std::string safe = f;
      if (!safe.empty() && (safe[0] == '=' || safe[0] == '+' || safe[0] == '@' || safe[0] == '\t' ||
                            safe[0] == '\r' || (safe[0] == '-' && !IsPlainNumber(safe))))
        safe = "'" + safe;
      if (needs_quotes) {
        out += '"';
        for (char c : safe) {
          if (c == '"') out += '"';
          out += c;
        }
        out += '"';
      } else {
        out += safe;
      }
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace phonghop::io
