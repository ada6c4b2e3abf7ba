// The folded text of each province page, kept between searches (decision
// 72). A congress search also looks through the congress's published
// province pages (MeetingService::SearchPages); folding a long Markdown
// body (diacritics off, lower case) on every search cost more than the
// comparison itself. The pages are still read from the store on every
// search, so an edit on any node is seen at once: an entry is reused only
// while the page's title, summary and body are byte-for-byte the ones it
// was folded from, which needs no invalidation across nodes.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "meeting/model.h"

namespace phonghop::meeting {

struct FoldedPage {
  std::string plain;  // the body as plain text (Markdown marks and link targets dropped), for snippets
  std::string title;  // folded title
  std::string body;   // folded summary + " " + plain
};

// Markdown to plain-ish text: drops image/link targets and marks.
std::string PagePlainText(const std::string& md);

// Thread-safe. Holds at most `max_pages` entries; past that it starts over
// (a rare refold, not an error).
class PageFoldCache {
 public:
  explicit PageFoldCache(size_t max_pages = 10000) : max_pages_(max_pages) {}
  std::shared_ptr<const FoldedPage> Get(const ProvincePage& page);
  size_t folds() const;  // how many times a page was folded (tests)

 private:
  struct Entry {
    std::string title, summary, body_md;  // what `folded` was made from
    std::shared_ptr<const FoldedPage> folded;
  };
  size_t max_pages_;
  mutable std::mutex mu_;
  std::unordered_map<int64_t, Entry> by_id_;
  size_t folds_ = 0;
};

}  // namespace phonghop::meeting
