#include "meeting/model.h"

namespace phonghop::meeting {

const char* ToString(PageStatus s) { return s == PageStatus::kPublished ? "published" : "draft"; }

std::optional<PageStatus> ParsePageStatus(std::string_view s) {
  if (s == "published") return PageStatus::kPublished;
  if (s == "draft") return PageStatus::kDraft;
  return std::nullopt;
}

namespace {
struct Cat {
  const char* id;
  const char* label;
};
constexpr Cat kCats[] = {{"dia-danh", "Địa danh"}, {"van-hoa", "Văn hóa"}, {"con-nguoi", "Con người"},
                         {"am-thuc", "Ẩm thực"}, {"le-hoi", "Lễ hội"}};
}  // namespace

bool IsValidPageCategory(std::string_view c) {
  for (const auto& x : kCats)
    if (c == x.id) return true;
  return false;
}

const char* PageCategoryLabel(std::string_view c) {
  for (const auto& x : kCats)
    if (c == x.id) return x.label;
  return "";
}

}  // namespace phonghop::meeting
