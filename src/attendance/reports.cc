#include "attendance/reports.h"
#include "common/numbers.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "common/utf8.h"

namespace phonghop::attendance {
namespace {

using congress::Delegate;

std::string ViDate(const std::string& iso) {
  if (iso.size() != 10) return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string Upper(const std::string& s) {
  // Vietnamese capitals for the organisation line: enough for the letters
  // such names use (ASCII and the precomposed vowels via a small table).
  static const std::vector<std::pair<std::string, std::string>> k = {
      {"đ", "Đ"}, {"á", "Á"}, {"à", "À"}, {"ả", "Ả"}, {"ã", "Ã"}, {"ạ", "Ạ"}, {"ă", "Ă"}, {"ắ", "Ắ"},
      {"ằ", "Ằ"}, {"ẳ", "Ẳ"}, {"ẵ", "Ẵ"}, {"ặ", "Ặ"}, {"â", "Â"}, {"ấ", "Ấ"}, {"ầ", "Ầ"}, {"ẩ", "Ẩ"},
      {"ẫ", "Ẫ"}, {"ậ", "Ậ"}, {"é", "É"}, {"è", "È"}, {"ẻ", "Ẻ"}, {"ẽ", "Ẽ"}, {"ẹ", "Ẹ"}, {"ê", "Ê"},
      {"ế", "Ế"}, {"ề", "Ề"}, {"ể", "Ể"}, {"ễ", "Ễ"}, {"ệ", "Ệ"}, {"í", "Í"}, {"ì", "Ì"}, {"ỉ", "Ỉ"},
      {"ĩ", "Ĩ"}, {"ị", "Ị"}, {"ó", "Ó"}, {"ò", "Ò"}, {"ỏ", "Ỏ"}, {"õ", "Õ"}, {"ọ", "Ọ"}, {"ô", "Ô"},
      {"ố", "Ố"}, {"ồ", "Ồ"}, {"ổ", "Ổ"}, {"ỗ", "Ỗ"}, {"ộ", "Ộ"}, {"ơ", "Ơ"}, {"ớ", "Ớ"}, {"ờ", "Ờ"},
      {"ở", "Ở"}, {"ỡ", "Ỡ"}, {"ợ", "Ợ"}, {"ú", "Ú"}, {"ù", "Ù"}, {"ủ", "Ủ"}, {"ũ", "Ũ"}, {"ụ", "Ụ"},
      {"ư", "Ư"}, {"ứ", "Ứ"}, {"ừ", "Ừ"}, {"ử", "Ử"}, {"ữ", "Ữ"}, {"ự", "Ự"}, {"ý", "Ý"}, {"ỳ", "Ỳ"},
      {"ỷ", "Ỷ"}, {"ỹ", "Ỹ"}, {"ỵ", "Ỵ"}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool done = false;
    for (const auto& [lo, up] : k) {
      if (s.compare(i, lo.size(), lo) == 0) {
        out += up;
        i += lo.size();
        done = true;
        break;
      }
    }
    if (done) continue;
    char ch = s[i++];
    out += (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  return out;
}

std::string Gender(const Delegate& d) {
  return d.gender == congress::Gender::kMale ? "Nam" : d.gender == congress::Gender::kFemale ? "Nữ" : "";
}
std::string Kind(const Delegate& d) {
  return d.kind == congress::DelegateKind::kOfficial  ? "Chính thức"
         : d.kind == congress::DelegateKind::kInvited ? "Khách mời"
                                                      : "Dự khuyết";
}
std::string Party(const Delegate& d) { return !d.party_member ? "" : *d.party_member ? "Đảng viên" : ""; }
std::string Born(const Delegate& d) {
  if (!d.birth_date.empty()) return ViDate(d.birth_date);
  return d.birth_year ? std::to_string(*d.birth_year) : "";
}

std::string Percent(int n, int total) {
  if (total <= 0) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * n / total);
  std::string s(buf);
  for (char& ch : s)
    if (ch == '.') ch = ',';
  return s;
}

std::string SessionLine(const congress::Session& s) {
  std::string line = s.name;
  if (!s.date.empty()) line += ", ngày " + ViDate(s.date);
  if (!s.starts_at.empty()) line += ", " + s.starts_at + (s.ends_at.empty() ? "" : " – " + s.ends_at);
  return line;
}

// Delegates grouped by delegation in the congress's order (none last).
std::vector<std::pair<std::string, std::vector<const Delegate*>>> Grouped(
    const std::vector<Delegate>& delegates) {
  std::vector<std::pair<std::string, std::vector<const Delegate*>>> groups;
  std::map<int64_t, size_t> index;
  for (const auto& d : delegates) {
    int64_t key = d.delegation_id;
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, groups.size()).first;
      groups.push_back({d.delegation_id ? d.delegation_name : "Không thuộc đoàn nào", {}});
    }
    groups[it->second].second.push_back(&d);
  }
  // Delegations without a name ("none") go last.
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
    return (a.first == "Không thuộc đoàn nào") < (b.first == "Không thuộc đoàn nào");
  });
  return groups;
}

ReportTable Base(const congress::Congress& c, std::string title) {
  ReportTable t;
  t.organization = Upper(c.organization);
  t.title = std::move(title);
  t.subtitle.push_back(c.name + (c.ordinal.empty() ? "" : " " + c.ordinal) +
                       (c.term.empty() ? "" : ", nhiệm kỳ " + c.term));
  return t;
}

void Row(ReportTable& t, std::vector<std::string> cells, bool emphasis = false) {
  t.rows.push_back(std::move(cells));
  t.emphasis.push_back(emphasis);
}

}  // namespace

ReportTable AttendanceList(const congress::Congress& c, const Roll& roll,
                           const std::vector<Delegate>& delegates) {
  ReportTable t = Base(c, "DANH SÁCH ĐẠI BIỂU DỰ PHIÊN HỌP");
  t.subtitle.push_back(SessionLine(roll.session));
  t.header = {"STT", "Số thẻ", "Họ và tên", "Chức vụ", "Loại", "Có mặt", "Ký tên"};
  t.widths = {10, 12, 40, 48, 20, 13, 30};
  t.signatures = true;
  t.file_name = "danh-sach-du-hop-" + c.slug;
  std::set<int64_t> present;
  for (const auto& [ci, d] : roll.present_list) present.insert(d.id);
  int n = 0, total_present = 0;
  for (const auto& [name, list] : Grouped(delegates)) {
    Row(t, {"", "", name, "", "", "", ""}, true);
    int here = 0;
    for (const Delegate* d : list) {
      bool p = present.count(d->id) > 0;
      here += p;
      Row(t, {std::to_string(++n), d->badge, d->full_name, d->position_title, Kind(*d), p ? "x" : "", ""});
    }
    total_present += here;
    Row(t, {"", "", "Cộng " + name, "", "", std::to_string(here) + "/" + std::to_string(list.size()), ""}, true);
  }
  Row(t, {"", "", "TỔNG CỘNG", "", "", std::to_string(total_present) + "/" + std::to_string(delegates.size()), ""},
      true);
  t.notes.push_back("Có mặt: " + std::to_string(total_present) + " / " + std::to_string(delegates.size()) +
                    " đại biểu được triệu tập; đại biểu chính thức có mặt " +
                    std::to_string(roll.official_present) + " / " + std::to_string(roll.official_expected) +
                    " (" + Percent(roll.official_present, roll.official_expected) + ").");
  return t;
}

ReportTable CredentialsReport(const congress::Congress& c, const Roll& roll,
                              const std::vector<Delegate>& delegates) {
  ReportTable t = Base(c, "BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU");
  t.subtitle.push_back("Số liệu tại " + SessionLine(roll.session));
  t.header = {"Nội dung", "Triệu tập", "Có mặt", "Tỉ lệ có mặt"};
  t.widths = {80, 25, 25, 30};
  t.signatures = true;
  t.file_name = "tham-tra-tu-cach-" + c.slug;
  std::set<int64_t> present;
  for (const auto& [ci, d] : roll.present_list) present.insert(d.id);

  // Counts of the official delegates (those with voting rights) by a key.
  std::vector<const Delegate*> official;
  for (const auto& d : delegates)
    if (d.kind == congress::DelegateKind::kOfficial) official.push_back(&d);
  int summoned = static_cast<int>(official.size());
  int here = 0;
  for (const Delegate* d : official) here += present.count(d->id) > 0;
  auto line = [&](const std::string& label, int s, int p, bool emph = false) {
    Row(t, {label, std::to_string(s), std::to_string(p), Percent(p, s)}, emph);
  };
  line("Tổng số đại biểu chính thức được triệu tập", summoned, here, true);
  int absent = summoned - here;
  Row(t, {"Vắng mặt", std::to_string(absent), "", Percent(absent, summoned)});

  auto breakdown = [&](const std::string& heading, const std::vector<const Delegate*>& list,
                       const std::function<std::string(const Delegate&)>& key,
                       std::vector<std::string> fixed = {}) {
    Row(t, {heading, "", "", ""}, true);
    std::vector<std::string> order;
    std::map<std::string, std::pair<int, int>> counts;
    for (const Delegate* d : list) {
      std::string k = key(*d);
      if (k.empty()) k = "Chưa ghi";
      if (!counts.count(k)) order.push_back(k);
      auto& [s, p] = counts[k];
      ++s;
      p += present.count(d->id) > 0;
    }
    if (!fixed.empty()) {
      // Groups with a natural order (age) keep it; unknown ones go last.
      std::vector<std::string> sorted;
      for (const auto& k : fixed)
        if (counts.count(k)) sorted.push_back(k);
      for (const auto& k : order)
        if (std::find(fixed.begin(), fixed.end(), k) == fixed.end()) sorted.push_back(k);
      order = std::move(sorted);
    }
    for (const auto& k : order) line("  " + k, counts[k].first, counts[k].second);
  };
  std::vector<const Delegate*> everyone;
  for (const auto& d : delegates) everyone.push_back(&d);
  breakdown("Theo loại đại biểu (mọi đại biểu)", everyone, Kind);
  breakdown("Theo đoàn đại biểu", official,
            [](const Delegate& d) { return d.delegation_id ? d.delegation_name : std::string(); });
  breakdown("Theo giới tính", official, Gender);
  int year = c.start_date.size() >= 4 ? ParseNumber<int>(std::string_view(c.start_date).substr(0, 4)).value_or(0) : 0;
  breakdown("Theo độ tuổi" + (year ? " (tính đến năm " + std::to_string(year) + ")" : std::string()),
            official, [year](const Delegate& d) -> std::string {
              if (!d.birth_year || !year) return "";
              int age = year - *d.birth_year;
              if (age < 30) return "Dưới 30 tuổi";
              if (age < 40) return "Từ 30 đến 39 tuổi";
              if (age < 50) return "Từ 40 đến 49 tuổi";
              return "Từ 50 tuổi trở lên";
            },
            {"Dưới 30 tuổi", "Từ 30 đến 39 tuổi", "Từ 40 đến 49 tuổi", "Từ 50 tuổi trở lên"});
  breakdown("Theo dân tộc", official, [](const Delegate& d) { return d.ethnicity; });
  breakdown("Đảng viên", official, [](const Delegate& d) -> std::string {
    return !d.party_member ? "" : *d.party_member ? "Đảng viên" : "Chưa là đảng viên";
  });
  t.notes.push_back("Số đại biểu chính thức có mặt " + std::to_string(here) + "/" + std::to_string(summoned) +
                    (roll.quorum_met ? ", đủ" : ", chưa đủ") + " tỉ lệ cần có mặt (" +
                    std::to_string(roll.quorum_needed) + " đại biểu) để đại hội tiến hành.");
  return t;
}

ReportTable DelegatesByDelegation(const congress::Congress& c, const std::vector<Delegate>& delegates) {
  ReportTable t = Base(c, "DANH SÁCH ĐẠI BIỂU THEO ĐOÀN");
  t.header = {"STT", "Số thẻ", "Họ và tên", "Chức vụ", "Giới tính", "Ngày sinh", "Dân tộc", "Đảng viên", "Ghế"};
  t.widths = {10, 12, 40, 46, 14, 20, 14, 18, 12};
  t.file_name = "dai-bieu-theo-doan-" + c.slug;
  int n = 0;
  for (const auto& [name, list] : Grouped(delegates)) {
    Row(t, {"", "", name + " (" + std::to_string(list.size()) + " đại biểu)", "", "", "", "", "", ""}, true);
    for (const Delegate* d : list)
      Row(t, {std::to_string(++n), d->badge, d->full_name, d->position_title, Gender(*d), Born(*d), d->ethnicity,
              Party(*d), d->seat});
  }
  t.notes.push_back("Tổng số: " + std::to_string(delegates.size()) + " đại biểu.");
  return t;
}

}  // namespace phonghop::attendance
