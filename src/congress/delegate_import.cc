#include "congress/delegate_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "common/utf8.h"

namespace phonghop::congress {
namespace {

enum class Field {
  kBadge, kFullName, kDelegation, kPosition, kGender, kBirthYear, kEthnicity,
  kSeat, kPhone, kKind, kOrdinal, kParty
};

// Header aliases, compared after utf8::Fold and collapsing spaces.
const std::vector<std::pair<Field, std::vector<std::string>>>& Aliases() {
  static const std::vector<std::pair<Field, std::vector<std::string>>> k = {
      {Field::kBadge, {"so the", "so the dai bieu", "ma dai bieu", "ma the",
                       "badge", "badge number", "badge no", "so hieu dai bieu"}},
      {Field::kFullName, {"ho va ten", "ho ten", "ho ten dai bieu", "ten dai bieu",
                          "full name", "name", "fullname"}},
      {Field::kDelegation, {"doan", "doan dai bieu", "don vi", "delegation"}},
      {Field::kPosition, {"chuc vu", "chuc danh", "chuc vu don vi cong tac",
                          "position", "title", "chuc vu, don vi cong tac"}},
      {Field::kGender, {"gioi tinh", "gender", "sex"}},
      {Field::kBirthYear, {"nam sinh", "ngay sinh", "birth year", "year of birth",
                           "date of birth", "ngay thang nam sinh"}},
      {Field::kEthnicity, {"dan toc", "ethnicity"}},
      {Field::kSeat, {"ghe", "so ghe", "vi tri ghe", "cho ngoi", "seat"}},
      {Field::kPhone, {"so dien thoai", "dien thoai", "sdt", "phone", "mobile"}},
      {Field::kKind, {"loai dai bieu", "loai", "kind", "delegate kind", "type"}},
      {Field::kOrdinal, {"stt", "tt", "so thu tu", "no", "no."}},
      {Field::kParty, {"dang vien", "la dang vien", "dang vien (x)", "ngay vao dang",
                       "party member", "party membership", "party"}},
  };
  return k;
}

std::string NormalizeHeader(std::string_view h) {
  std::string f = utf8::Fold(utf8::Trim(h));
  std::string out;
  bool space = false;
  for (char c : f) {
    if (c == ' ' || c == '\t' || c == '_' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (c == ':' || c == '*') continue;
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::optional<Field> MatchHeader(std::string_view header) {
  std::string n = NormalizeHeader(header);
  if (n.empty()) return std::nullopt;
  for (const auto& [field, names] : Aliases()) {
    if (std::find(names.begin(), names.end(), n) != names.end()) return field;
  }
  return std::nullopt;
}

bool IsBlank(const TableRow& r) {
  return std::all_of(r.cells.begin(), r.cells.end(), [](const std::string& c) {
    return utf8::Trim(c).empty();
  });
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
}

// Accepts "1995", "12/05/1995", "1995-05-12", and Excel date serials.
std::optional<int> ParseBirthYear(std::string_view raw, int current_year) {
  std::string_view s = utf8::Trim(raw);
  if (s.empty()) return std::nullopt;
  int year = -1;
  if (s.size() == 4 && AllDigits(s)) {
    year = std::stoi(std::string(s));
  } else if (s.size() >= 8 && AllDigits(s.substr(s.size() - 4)) &&
             (s[s.size() - 5] == '/' || s[s.size() - 5] == '-' ||
              s[s.size() - 5] == '.')) {
    year = std::stoi(std::string(s.substr(s.size() - 4)));
  } else if (s.size() >= 10 && AllDigits(s.substr(0, 4)) && s[4] == '-') {
    year = std::stoi(std::string(s.substr(0, 4)));
  } else {
    // An Excel date serial (days since 1899-12-30), possibly with a fraction.
    std::string_view whole = s.substr(0, s.find('.'));
    if (AllDigits(whole) && whole.size() <= 6) {
      long serial = std::stol(std::string(whole));
      if (serial > 366) year = 1900 + static_cast<int>(serial / 365.2425);
    }
  }
  if (year < 1900 || year > current_year) return std::nullopt;
  return year;
}

// "12/05/1995", "12-05-1995", "1995-05-12" → "1995-05-12"; else "".
std::string ParseBirthDate(std::string_view raw) {
  std::string_view s = utf8::Trim(raw);
  auto two = [](std::string_view x) { return x.size() == 1 ? "0" + std::string(x) : std::string(x); };
  if (s.size() == 10 && s[4] == '-' && AllDigits(s.substr(0, 4))) return std::string(s);
  size_t a = s.find_first_of("/-.");
  if (a == std::string_view::npos) return "";
  size_t b = s.find_first_of("/-.", a + 1);
  if (b == std::string_view::npos) return "";
  std::string_view d = s.substr(0, a), m = s.substr(a + 1, b - a - 1), y = s.substr(b + 1);
  if (!AllDigits(d) || !AllDigits(m) || y.size() != 4 || !AllDigits(y) || d.size() > 2 || m.size() > 2)
    return "";
  return std::string(y) + "-" + two(m) + "-" + two(d);
}

// "x", "có", "Đảng viên", a date of joining → yes; "không" → no; "" → not recorded.
std::optional<std::optional<bool>> ParseParty(std::string_view raw) {
  std::string f = utf8::Fold(utf8::Trim(raw));
  if (f.empty()) return std::optional<bool>();
  if (f == "x" || f == "co" || f == "dang vien" || f == "dv" || f == "yes" || f == "1" ||
      f == "true" || !ParseBirthDate(f).empty() || (f.size() == 4 && AllDigits(f)))
    return std::optional<bool>(true);
  if (f == "khong" || f == "no" || f == "0" || f == "false" || f == "-") return std::optional<bool>(false);
  return std::nullopt;
}

// Excel often turns "0912345678" into the number 912345678.
std::string NormalizePhone(std::string_view raw) {
  std::string s(utf8::Trim(raw));
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0") s.resize(s.size() - 2);
  if (s.size() == 9 && AllDigits(s) && s[0] != '0') s = "0" + s;
  return s;
}

// Excel stores a badge typed as 7 as "7" or "7.0".
std::string NormalizeBadge(std::string_view raw) {
  std::string s(utf8::Trim(raw));
  if (s.size() > 2 && s.substr(s.size() - 2) == ".0" &&
      AllDigits(s.substr(0, s.size() - 2)))
    s.resize(s.size() - 2);
  return s;
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : utf8::Trim(s)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

ImportPlan PlanDelegateImport(const Table& table,
                              const std::vector<Delegation>& existing,
                              const ImportOptions& options) {
  ImportPlan plan;
  auto problem = [&](int line, std::string m) {
    plan.problems.push_back({line, std::move(m)});
  };

  // Real lists start with title rows ("DANH SÁCH ĐẠI BIỂU…", the
  // organisation, a date) above the header row: the header is the first of
  // the leading rows that names the full-name column.
  size_t header_index = 0;
  while (header_index < table.rows.size() && IsBlank(table.rows[header_index]))
    ++header_index;
  if (header_index == table.rows.size()) {
    problem(0, "tệp không có dữ liệu (không tìm thấy dòng tiêu đề)");
    return plan;
  }
  constexpr size_t kMaxTitleRows = 15;
  for (size_t i = header_index; i < table.rows.size() && i <= header_index + kMaxTitleRows; ++i) {
    const auto& cells = table.rows[i].cells;
    if (std::any_of(cells.begin(), cells.end(), [](const std::string& c) {
          return MatchHeader(c) == Field::kFullName;
        })) {
      header_index = i;
      break;
    }
  }
  const TableRow& header = table.rows[header_index];
  std::map<Field, size_t> columns;
  for (size_t c = 0; c < header.cells.size(); ++c) {
    auto f = MatchHeader(header.cells[c]);
    if (!f) continue;
    if (columns.count(*f)) {
      problem(header.line, "cột \"" + std::string(utf8::Trim(header.cells[c])) +
                               "\" bị lặp");
      continue;
    }
    columns[*f] = c;
  }
  if (!columns.count(Field::kFullName)) {
    problem(header.line, "không tìm thấy cột \"Họ và tên\" trong 15 dòng đầu của tệp");
    return plan;
  }
  const bool has_badge = columns.count(Field::kBadge) > 0;

  // Delegation names are matched after folding so "Đoàn ĐB huyện Yên Bình"
  // typed with or without accents finds the same delegation.
  std::unordered_map<std::string, int64_t> delegation_by_key;
  std::unordered_map<std::string, std::string> delegation_name_by_key;
  for (const auto& d : existing) {
    delegation_by_key[NormalizeHeader(d.name)] = d.id;
    delegation_name_by_key[NormalizeHeader(d.name)] = d.name;
  }
  std::set<std::string> new_keys;

  std::unordered_map<std::string, int> badge_line;
  int auto_badge = 0;
  auto cell = [&](const TableRow& r, Field f) -> std::string_view {
    auto it = columns.find(f);
    if (it == columns.end() || it->second >= r.cells.size()) return {};
    return utf8::Trim(r.cells[it->second]);
  };

  for (size_t i = header_index + 1; i < table.rows.size(); ++i) {
    const TableRow& row = table.rows[i];
    if (IsBlank(row)) {
      ++plan.skipped_blank_rows;
      continue;
    }
    bool row_ok = true;
    auto bad = [&](std::string m) {
      problem(row.line, std::move(m));
      row_ok = false;
    };
    for (const auto& c : row.cells) {
      if (!utf8::IsValid(c)) {
        bad("chứa ký tự không hợp lệ (không phải UTF-8)");
        break;
      }
    }
    if (!row_ok) continue;

    Delegate d;
    d.full_name = Collapse(cell(row, Field::kFullName));
    if (d.full_name.empty()) bad("thiếu họ tên");
    else if (d.full_name.size() > 200) bad("họ tên quá dài");

    if (has_badge) {
      d.badge = NormalizeBadge(cell(row, Field::kBadge));
      if (d.badge.empty()) bad("thiếu số thẻ đại biểu");
      else if (d.badge.size() > 32) bad("số thẻ quá dài");
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%03d", ++auto_badge);
      d.badge = buf;
    }
    if (!d.badge.empty()) {
      auto [it, inserted] = badge_line.emplace(d.badge, row.line);
      if (!inserted)
        bad("số thẻ " + d.badge + " trùng với dòng " + std::to_string(it->second));
    }

    std::string delegation = Collapse(cell(row, Field::kDelegation));
    if (!delegation.empty()) {
      std::string key = NormalizeHeader(delegation);
      auto it = delegation_by_key.find(key);
      if (it != delegation_by_key.end()) {
        d.delegation_id = it->second;
        d.delegation_name = delegation_name_by_key[key];
      } else if (options.create_delegations) {
        // The first spelling seen names the new delegation.
        if (new_keys.insert(key).second) {
          plan.new_delegations.push_back(delegation);
          delegation_name_by_key[key] = delegation;
        }
        d.delegation_name = delegation_name_by_key[key];
      } else if (new_keys.count(key) == 0) {
        bad("đoàn \"" + delegation + "\" không tồn tại");
      }
    }

    d.position_title = Collapse(cell(row, Field::kPosition));
    if (auto g = ParseGender(cell(row, Field::kGender))) d.gender = *g;
    else bad("giới tính \"" + std::string(cell(row, Field::kGender)) + "\" không hợp lệ (Nam/Nữ)");

    std::string_view by = cell(row, Field::kBirthYear);
    if (!by.empty()) {
      d.birth_year = ParseBirthYear(by, options.current_year);
      if (!d.birth_year) bad("năm sinh \"" + std::string(by) + "\" không hợp lệ");
      std::string full = ParseBirthDate(by);
      if (d.birth_year && !full.empty() && full.substr(0, 4) == std::to_string(*d.birth_year))
        d.birth_date = full;
    }
    std::string_view party = cell(row, Field::kParty);
    if (auto p = ParseParty(party)) d.party_member = *p;
    else bad("cột Đảng viên \"" + std::string(party) + "\" không hiểu được (để trống, \"x\" hoặc \"không\")");
    d.ethnicity = Collapse(cell(row, Field::kEthnicity));
    d.seat = Collapse(cell(row, Field::kSeat));
    d.phone = NormalizePhone(cell(row, Field::kPhone));
    if (auto k = ParseDelegateKind(cell(row, Field::kKind))) d.kind = *k;
    else bad("loại đại biểu \"" + std::string(cell(row, Field::kKind)) +
             "\" không hợp lệ (chính thức / khách mời / dự khuyết)");

    if (row_ok) plan.delegates.push_back(std::move(d));
  }
  if (plan.problems.empty() && plan.delegates.empty())
    problem(0, "tệp không có đại biểu nào");
  if (!plan.problems.empty()) {
    plan.delegates.clear();
    plan.new_delegations.clear();
  }
  return plan;
}

std::string FormatProblems(const std::vector<ImportProblem>& problems,
                           size_t max_listed) {
  std::string out;
  for (size_t i = 0; i < problems.size() && i < max_listed; ++i) {
    if (!out.empty()) out += "; ";
    if (problems[i].line > 0) out += "dòng " + std::to_string(problems[i].line) + ": ";
    out += problems[i].message;
  }
  if (problems.size() > max_listed)
    out += "; … và " + std::to_string(problems.size() - max_listed) + " lỗi khác";
  return out;
}

std::vector<std::string> ExportHeader() {
  return {"Số thẻ", "Họ và tên", "Đoàn", "Chức vụ", "Giới tính", "Năm sinh",
          "Dân tộc", "Ghế", "Điện thoại", "Loại đại biểu", "Đảng viên"};
}

std::vector<std::string> ExportRow(const Delegate& d) {
  const char* gender = d.gender == Gender::kMale     ? "Nam"
                       : d.gender == Gender::kFemale ? "Nữ"
                                                     : "";
  const char* kind = d.kind == DelegateKind::kOfficial  ? "Chính thức"
                     : d.kind == DelegateKind::kInvited ? "Khách mời"
                                                        : "Dự khuyết";
  // The full birth date when known (30/11/1990), else the year.
  std::string born = !d.birth_date.empty()
                         ? d.birth_date.substr(8, 2) + "/" + d.birth_date.substr(5, 2) + "/" +
                               d.birth_date.substr(0, 4)
                     : d.birth_year ? std::to_string(*d.birth_year)
                                    : "";
  return {d.badge, d.full_name, d.delegation_name, d.position_title, gender, born, d.ethnicity,
          d.seat, d.phone, kind,
          !d.party_member ? "" : *d.party_member ? "x" : "không"};
}

}  // namespace phonghop::congress
