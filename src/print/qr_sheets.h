// Printable PDFs with QR codes (cairo + pango, Noto fonts for Vietnamese):
// an A4 sheet of document labels, an A4 poster per agenda item, and A6
// delegate badges.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace phonghop::print {

struct SheetHeader {
  std::string organization;  // "Tỉnh đoàn Yên Bái"
  std::string congress;      // "Đại hội đại biểu ... lần thứ XV"
  std::string term;          // "Nhiệm kỳ 2022 - 2027"
};

struct DocLabel {
  std::string url;  // what the QR holds
  std::string title;
  std::string number;    // số hiệu
  std::string category;  // label text
  std::string code;      // short code printed under the QR for manual entry
};

struct AgendaPoster {
  std::string heading;  // "08:45 · Báo cáo chính trị trình Đại hội"
  std::string session;  // "Phiên chính thức — buổi sáng"
  std::vector<DocLabel> documents;
};

struct Badge {
  std::string url;  // personal check-in / sign-in QR
  std::string full_name;
  std::string delegation;
  std::string position;
  std::string seat;
  std::string badge;
  std::string kind;  // "ĐẠI BIỂU CHÍNH THỨC" ...
};

// A4, 2 × 4 labels per page (105 × 74 mm), each with a 40 mm QR.
Result<std::string> RenderLabels(const SheetHeader& h, const std::vector<DocLabel>& labels);
// One A4 page per agenda item (continued on more pages if long).
Result<std::string> RenderPosters(const SheetHeader& h, const std::vector<AgendaPoster>& posters);
// One A6 page (105 × 148 mm) per delegate.
Result<std::string> RenderBadges(const SheetHeader& h, const std::vector<Badge>& badges);

}  // namespace phonghop::print
