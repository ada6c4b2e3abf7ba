// The province pages' folded text kept between searches (decision 72): an
// edit is seen by the very next search, whichever node made it.
#include "meeting/page_fold_cache.h"

#include <gtest/gtest.h>

namespace phonghop::meeting {
namespace {

ProvincePage Page(int64_t id, std::string title, std::string body) {
  ProvincePage p;
  p.id = id;
  p.title = std::move(title);
  p.summary = "Tóm tắt";
  p.body_md = std::move(body);
  return p;
}

TEST(PageFoldCacheTest, FoldsOnceAndAgainOnlyAfterAnEdit) {
  PageFoldCache cache;
  ProvincePage p = Page(7, "Chè Shan tuyết", "## Đỉnh **Tây Côn Lĩnh**\n![ảnh](/api/v1/page-images/ab) cây chè cổ thụ");
  auto first = cache.Get(p);
  EXPECT_EQ(first->title, "che shan tuyet");
  EXPECT_EQ(first->plain, " Đỉnh Tây Côn Lĩnh ảnh cây chè cổ thụ") << "marks dropped, alt text kept";
  EXPECT_NE(first->body.find("tay con linh"), std::string::npos);
  EXPECT_EQ(first->body.find("page-images"), std::string::npos) << "image targets are not text";
  EXPECT_EQ(cache.Get(p), first);
  EXPECT_EQ(cache.folds(), 1u);

  // Another node edits the page: the store gives the new body, the same id.
  p.body_md = "Ruộng bậc thang Hoàng Su Phì";
  auto second = cache.Get(p);
  EXPECT_EQ(cache.folds(), 2u);
  EXPECT_NE(second->body.find("ruong bac thang"), std::string::npos);
  EXPECT_EQ(second->body.find("tay con linh"), std::string::npos) << "the old text must not be found any more";
  // A title-only edit refolds too.
  p.title = "Hoàng Su Phì";
  EXPECT_EQ(cache.Get(p)->title, "hoang su phi");
  EXPECT_EQ(cache.folds(), 3u);
}

TEST(PageFoldCacheTest, StaysWithinItsBound) {
  PageFoldCache cache(2);
  for (int64_t id = 1; id <= 5; ++id) EXPECT_EQ(cache.Get(Page(id, "Trang " + std::to_string(id), "nội dung"))->title,
                                                "trang " + std::to_string(id));
  EXPECT_EQ(cache.folds(), 5u);
}

}  // namespace
}  // namespace phonghop::meeting
