#include "app/demo_congress.h"

#include <array>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace phonghop::app {

using namespace phonghop::congress;

namespace {

std::string IsoDate(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// Deterministic pseudo-random choices (the demo must be reproducible).
struct Lcg {
  uint32_t s;
  uint32_t Next() { return s = s * 1664525u + 1013904223u; }
  size_t Pick(size_t n) { return (Next() >> 8) % n; }
};

struct NameSet {
  const char* ethnicity;
  std::vector<const char*> surnames;
  std::vector<const char*> male_middle;
  std::vector<const char*> female_middle;
  std::vector<const char*> male_given;
  std::vector<const char*> female_given;
};

const NameSet& Names(int kind) {
  static const std::array<NameSet, 5> k = {{
      {"Kinh",
       {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Đinh", "Lương", "Hà", "Phan"},
       {"Văn", "Đức", "Minh", "Quang", "Xuân", "Mạnh", "Tiến", "Thanh"},
       {"Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Phương", "Thùy"},
       {"Anh", "Hùng", "Tuấn", "Dũng", "Nam", "Hải", "Huy", "Long", "Sơn", "Hiếu", "Trung", "Cường", "Đạt", "Thắng"},
       {"Hương", "Lan", "Hà", "Linh", "Trang", "Phương", "Thảo", "Quỳnh", "Yến", "Giang", "Huyền", "Nhung", "Vân", "Hằng"}},
      {"Mông",
       {"Giàng", "Sùng", "Lý", "Mùa", "Hờ", "Vàng", "Thào", "Hảng", "Lầu", "Chang"},
       {"A"}, {"Thị"},
       {"Sình", "Tủa", "Chư", "Của", "Lầu", "Dế", "Páo", "Chống", "Sử", "Tòng", "Nhè", "Vừ"},
       {"Mỷ", "Dua", "Máy", "Sua", "Dở", "Pà", "Chứ", "Mai", "Lan", "Say"}},
      {"Thái",
       {"Lò", "Lường", "Cầm", "Hoàng", "Điêu", "Hà", "Quàng", "Tòng"},
       {"Văn", "Thanh", "Đức"}, {"Thị", "Thu"},
       {"Puôn", "Chiến", "Thoại", "Khánh", "Tiến", "Duy", "Hiệp", "Tuyên", "Ngọc"},
       {"Thoan", "Hương", "Ánh", "Xuyến", "Hoa", "Nguyệt", "Thương", "Hạnh"}},
      {"Tày",
       {"Hoàng", "Nông", "Ma", "Đinh", "Hà", "Hứa", "Lục", "Bế"},
       {"Văn", "Đức", "Quốc"}, {"Thị", "Thu", "Bích"},
       {"Tiến", "Sơn", "Bình", "Thuận", "Lực", "Kiên", "Tùng", "Hoà"},
       {"Hà", "Liên", "Nhàn", "Duyên", "Thơm", "Hiền", "Mai", "Loan"}},
      {"Dao",
       {"Triệu", "Bàn", "Đặng", "Lý", "Hoàng", "Phùng"},
       {"Văn", "Tiến", "Kim"}, {"Thị", "Mùi"},
       {"Lâm", "Tài", "Quý", "Phú", "Chấn", "Sinh", "Vinh", "Hải"},
       {"Xuân", "Mai", "Nga", "Hoa", "Lý", "Dung", "Thúy", "Sen"}},
  }};
  return k[kind];
}

struct Unit {
  const char* delegation;
  const char* youth_org;     // "Huyện đoàn Lục Yên"
  const char* area;          // "huyện Lục Yên"
  int main_ethnicity;        // index into Names(); mixed with Kinh
  std::vector<const char*> communes;
};

const std::vector<Unit>& Units() {
  static const std::vector<Unit> k = {
      {"Đoàn đại biểu thành phố Yên Bái", "Thành đoàn Yên Bái", "thành phố Yên Bái", 0,
       {"phường Hồng Hà", "phường Nguyễn Thái Học", "phường Yên Ninh", "phường Đồng Tâm", "phường Minh Tân", "xã Tân Thịnh", "xã Văn Phú"}},
      {"Đoàn đại biểu thị xã Nghĩa Lộ", "Thị đoàn Nghĩa Lộ", "thị xã Nghĩa Lộ", 2,
       {"phường Pú Trạng", "phường Tân An", "phường Cầu Thia", "xã Nghĩa Lợi", "xã Nghĩa Phúc", "xã Nghĩa An"}},
      {"Đoàn đại biểu huyện Lục Yên", "Huyện đoàn Lục Yên", "huyện Lục Yên", 3,
       {"thị trấn Yên Thế", "xã Tân Lĩnh", "xã Khánh Hòa", "xã Minh Xuân", "xã Lâm Thượng", "xã Mường Lai"}},
      {"Đoàn đại biểu huyện Văn Yên", "Huyện đoàn Văn Yên", "huyện Văn Yên", 4,
       {"thị trấn Mậu A", "xã Đông Cuông", "xã An Thịnh", "xã Đại Sơn", "xã Viễn Sơn", "xã Mỏ Vàng"}},
      {"Đoàn đại biểu huyện Mù Cang Chải", "Huyện đoàn Mù Cang Chải", "huyện Mù Cang Chải", 1,
       {"thị trấn Mù Cang Chải", "xã La Pán Tẩn", "xã Chế Cu Nha", "xã Khao Mang", "xã Púng Luông", "xã Nậm Khắt"}},
      {"Đoàn đại biểu huyện Trấn Yên", "Huyện đoàn Trấn Yên", "huyện Trấn Yên", 0,
       {"thị trấn Cổ Phúc", "xã Việt Thành", "xã Hòa Cuông", "xã Kiên Thành", "xã Việt Hồng", "xã Báo Đáp"}},
      {"Đoàn đại biểu huyện Trạm Tấu", "Huyện đoàn Trạm Tấu", "huyện Trạm Tấu", 1,
       {"thị trấn Trạm Tấu", "xã Bản Mù", "xã Xà Hồ", "xã Pá Lau", "xã Túc Đán", "xã Phình Hồ"}},
      {"Đoàn đại biểu huyện Văn Chấn", "Huyện đoàn Văn Chấn", "huyện Văn Chấn", 2,
       {"xã Sơn Thịnh", "xã Suối Giàng", "xã Tú Lệ", "xã Cát Thịnh", "xã Sơn Lương", "xã Thượng Bằng La"}},
      {"Đoàn đại biểu huyện Yên Bình", "Huyện đoàn Yên Bình", "huyện Yên Bình", 0,
       {"thị trấn Yên Bình", "thị trấn Thác Bà", "xã Cảm Nhân", "xã Phúc An", "xã Vĩnh Kiên", "xã Đại Đồng"}},
      {"Đoàn đại biểu Đoàn Khối các cơ quan và doanh nghiệp tỉnh", "Đoàn Khối các cơ quan và doanh nghiệp tỉnh", "khối cơ quan tỉnh", 0,
       {"Sở Thông tin và Truyền thông", "Sở Giáo dục và Đào tạo", "Bệnh viện Đa khoa tỉnh", "Công ty Điện lực Yên Bái", "Kho bạc Nhà nước tỉnh", "Báo Yên Bái"}},
      {"Đoàn đại biểu lực lượng vũ trang tỉnh", "Đoàn Thanh niên Công an tỉnh", "lực lượng vũ trang tỉnh", 0,
       {"Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng", "Công an thành phố Yên Bái", "Trung đoàn 743", "Ban Chỉ huy Quân sự huyện Văn Chấn"}},
  };
  return k;
}

std::string MakeName(Lcg& rng, int ethnicity_kind, bool female) {
  const NameSet& n = Names(ethnicity_kind);
  std::string name = n.surnames[rng.Pick(n.surnames.size())];
  const auto& middle = female ? n.female_middle : n.male_middle;
  const auto& given = female ? n.female_given : n.male_given;
  name += ' ';
  name += middle[rng.Pick(middle.size())];
  name += ' ';
  name += given[rng.Pick(given.size())];
  return name;
}

// "thị trấn Yên Thế" → "Yên Thế".
std::string StripPrefix(const std::string& place) {
  for (const char* p : {"thị trấn ", "phường ", "xã "}) {
    std::string pre = p;
    if (place.rfind(pre, 0) == 0) return place.substr(pre.size());
  }
  return place;
}

std::string PositionFor(Lcg& rng, const Unit& u, size_t index, size_t unit_no) {
  const std::string org = u.youth_org;
  const std::string place = u.communes[rng.Pick(u.communes.size())];
  const std::string bare = StripPrefix(place);
  if (unit_no >= 9) {  // provincial agencies and armed forces
    if (index == 0) return "Bí thư " + org;
    if (index == 1) return "Phó Bí thư " + org;
    return "Bí thư Chi đoàn " + place;
  }
  switch (index) {
    case 0: return "Bí thư " + org;
    case 1: return "Phó Bí thư " + org;
    case 2: return std::string("Chủ tịch Hội LHTN Việt Nam ") + u.area;
    default: break;
  }
  switch (rng.Pick(5)) {
    case 0: return "Phó Bí thư Đoàn " + place;
    case 1: return "Giáo viên, Bí thư Đoàn trường THPT " + bare;
    case 2: return "Đoàn viên, Giám đốc HTX nông nghiệp " + bare;
    default: return "Bí thư Đoàn " + place;
  }
}

}  // namespace

CongressBundle MakeDemoCongress(int64_t today_unix) {
  CongressBundle b;
  Congress& c = b.congress;
  c.slug = "demo";
  c.organization = "Tỉnh đoàn Yên Bái";
  c.name = "Đại hội đại biểu Đoàn TNCS Hồ Chí Minh tỉnh Yên Bái";
  c.ordinal = "lần thứ XV";
  c.term = "2022 - 2027";
  c.start_date = IsoDate(today_unix);
  c.end_date = IsoDate(today_unix + 86400);
  c.venue = "Hội trường Trung tâm Hội nghị tỉnh Yên Bái, phường Đồng Tâm, thành phố Yên Bái";
  c.status = CongressStatus::kOngoing;
  c.created_at = today_unix;

  b.sessions = {
      {1, 0, 1, "Phiên trù bị", c.start_date, "14:00", "17:00"},
      {2, 0, 2, "Phiên chính thức — buổi sáng", c.end_date, "07:30", "11:30"},
      {3, 0, 3, "Phiên chính thức — buổi chiều", c.end_date, "13:30", "17:00"},
  };
  auto item = [&](int64_t session, const char* at, const char* title,
                  const char* presenter = "", const char* desc = "") {
    int pos = 1;
    for (const auto& a : b.agenda) pos += a.session_id == session;
    b.agenda.push_back({0, session, pos, at, title, presenter, desc});
  };
  item(1, "14:00", "Đón tiếp đại biểu, điểm danh bằng nhận diện khuôn mặt", "Ban Tổ chức",
       "Đại biểu điểm danh tại cửa hội trường; ai chưa đăng ký khuôn mặt dùng mã QR trên thẻ đại biểu.");
  item(1, "14:30", "Chào cờ; tuyên bố lý do, giới thiệu đại biểu", "Ban Tổ chức");
  item(1, "14:45", "Bầu Đoàn Chủ tịch, Đoàn Thư ký và Ban Thẩm tra tư cách đại biểu", "Đoàn Chủ tịch");
  item(1, "15:00", "Thông qua chương trình và quy chế làm việc của Đại hội", "Đoàn Thư ký");
  item(1, "15:20", "Báo cáo thẩm tra tư cách đại biểu", "Ban Thẩm tra tư cách đại biểu");
  item(1, "15:40", "Thảo luận dự thảo Báo cáo chính trị tại các tổ", "Các tổ thảo luận");
  item(1, "16:40", "Thông qua quy chế bầu cử tại Đại hội", "Đoàn Chủ tịch");
  item(2, "07:30", "Đón tiếp đại biểu, điểm danh", "Ban Tổ chức");
  item(2, "08:00", "Chương trình văn nghệ chào mừng Đại hội", "Đội văn nghệ thanh niên tỉnh");
  item(2, "08:30", "Khai mạc Đại hội", "Đoàn Chủ tịch");
  item(2, "08:45", "Báo cáo chính trị trình Đại hội", "Đồng chí Bí thư Tỉnh đoàn",
       "Kết quả thực hiện Nghị quyết Đại hội khóa XIV và phương hướng nhiệm kỳ 2022 - 2027.");
  item(2, "09:30", "Báo cáo kiểm điểm của Ban Chấp hành Tỉnh đoàn khóa XIV", "Đồng chí Phó Bí thư Tỉnh đoàn");
  item(2, "10:00", "Tham luận tại Đại hội", "Đại biểu các đoàn",
       "Chuyển đổi số trong công tác Đoàn; thanh niên khởi nghiệp ở vùng cao; Tổ chuyển đổi số cộng đồng.");
  item(2, "11:00", "Phát biểu chỉ đạo của đồng chí Bí thư Tỉnh ủy", "Lãnh đạo Tỉnh ủy");
  item(3, "13:30", "Bầu Ban Chấp hành Tỉnh đoàn khóa XV", "Ban Bầu cử");
  item(3, "15:00", "Công bố kết quả bầu cử; Ban Chấp hành khóa XV ra mắt Đại hội", "Ban Bầu cử");
  item(3, "15:30", "Bầu đoàn đại biểu dự Đại hội Đoàn toàn quốc", "Ban Bầu cử");
  item(3, "16:15", "Thông qua Nghị quyết Đại hội", "Đoàn Thư ký");
  item(3, "16:45", "Bế mạc Đại hội", "Đoàn Chủ tịch");

  Lcg rng{20220920u};
  int badge = 0;
  auto add = [&](int64_t delegation, std::string name, bool female, std::string position,
                 const char* ethnicity, DelegateKind kind, std::string seat) {
    Delegate d;
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03d", ++badge);
    d.badge = buf;
    d.full_name = std::move(name);
    d.delegation_id = delegation;
    d.position_title = std::move(position);
    d.gender = female ? Gender::kFemale : Gender::kMale;
    d.birth_year = 1987 + static_cast<int>(rng.Pick(14));
    d.ethnicity = ethnicity;
    d.seat = std::move(seat);
    char phone[16];
    std::snprintf(phone, sizeof phone, "09%08u", rng.Next() % 100000000u);
    d.phone = phone;
    d.kind = kind;
    b.delegates.push_back(std::move(d));
  };

  const auto& units = Units();
  for (size_t u = 0; u < units.size(); ++u) {
    const Unit& unit = units[u];
    int64_t did = static_cast<int64_t>(u + 1);
    b.delegations.push_back({did, 0, static_cast<int>(u + 1), unit.delegation});
    size_t count = u < 9 ? 14 : 12;
    char row = static_cast<char>('A' + u);
    for (size_t i = 0; i < count; ++i) {
      // Mountain districts are mostly of their main ethnic group.
      int eth = (unit.main_ethnicity != 0 && rng.Pick(10) < 7) ? unit.main_ethnicity : 0;
      bool female = rng.Pick(100) < 45;
      std::string name = MakeName(rng, eth, female);
      std::string position = PositionFor(rng, unit, i, u);
      if (u == 8 && i == 5) {  // the delegate quoted in the seed article
        name = "Lâm Ngọc Ánh";
        female = true;
        eth = 0;
        position = "Bí thư Đoàn xã Phúc An";
      }
      DelegateKind kind = i + 1 == count && u % 3 == 0 ? DelegateKind::kAlternate
                                                      : DelegateKind::kOfficial;
      char seat[32];
      std::snprintf(seat, sizeof seat, "%c-%02zu", row, i + 1);
      add(did, name, female, position, Names(eth).ethnicity, kind, seat);
    }
  }
  const std::vector<std::pair<const char*, const char*>> guests = {
      {"Hoàng Minh Tiến", "Giám đốc Sở Thông tin và Truyền thông tỉnh Yên Bái"},
      {"Nguyễn Thị Thanh Huyền", "Phó Chủ tịch UBND tỉnh"},
      {"Trần Văn Lâm", "Trưởng ban Dân vận Tỉnh ủy"},
      {"Đỗ Quang Minh", "Ủy viên Ban Thường vụ Trung ương Đoàn"},
      {"Phạm Thị Hồng Nhung", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh"},
      {"Vũ Đức Long", "Nguyên Bí thư Tỉnh đoàn Yên Bái"},
  };
  int g = 0;
  for (const auto& [name, position] : guests) {
    char seat[32];
    std::snprintf(seat, sizeof seat, "KM-%02d", ++g);
    bool female = std::string(name).find(" Thị ") != std::string::npos;
    add(0, name, female, position, "Kinh", DelegateKind::kInvited, seat);
  }
  return b;
}

}  // namespace phonghop::app
