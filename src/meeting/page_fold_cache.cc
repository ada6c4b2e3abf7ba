#include "meeting/page_fold_cache.h"

#include "common/utf8.h"

namespace phonghop::meeting {

std::string PagePlainText(const std::string& md) {
  std::string out;
  out.reserve(md.size());
  for (size_t i = 0; i < md.size(); ++i) {
    char c = md[i];
    if (c == '!' && i + 1 < md.size() && md[i + 1] == '[') continue;
    if (c == ']' && i + 1 < md.size() && md[i + 1] == '(') {
      size_t close = md.find(')', i);
      if (close != std::string::npos) { i = close; continue; }
    }
    if (c == '#' || c == '*' || c == '_' || c == '[' || c == '>' || c == '`') continue;
    out += (c == '\n') ? ' ' : c;
  }
  return out;
}

std::shared_ptr<const FoldedPage> PageFoldCache::Get(const ProvincePage& page) {
  {
    std::lock_guard lock(mu_);
    auto it = by_id_.find(page.id);
    if (it != by_id_.end() && it->second.title == page.title && it->second.summary == page.summary &&
        it->second.body_md == page.body_md)
      return it->second.folded;
  }
  // Folded outside the lock: two searches may fold the same page at once;
  // both results are equal and the last one stays.
  auto folded = std::make_shared<FoldedPage>();
  folded->plain = PagePlainText(page.body_md);
  folded->title = utf8::Fold(page.title);
  folded->body = utf8::Fold(page.summary + " " + folded->plain);
  std::lock_guard lock(mu_);
  ++folds_;
  if (by_id_.size() >= max_pages_ && !by_id_.count(page.id)) by_id_.clear();
  by_id_[page.id] = Entry{page.title, page.summary, page.body_md, folded};
  return folded;
}

size_t PageFoldCache::folds() const {
  std::lock_guard lock(mu_);
  return folds_;
}

}  // namespace phonghop::meeting
