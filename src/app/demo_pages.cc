#include "app/demo_pages.h"

#include "app/demo_texts.h"

namespace phonghop::app {

Result<meeting::ProvincePage> ParsePageFile(const std::string& slug, const std::string& text) {
  if (text.rfind("---\n", 0) != 0) return Status::InvalidArgument(slug + ": front matter missing");
  const size_t end = text.find("\n---\n", 3);
  if (end == std::string::npos) return Status::InvalidArgument(slug + ": front matter not closed");
  meeting::ProvincePage p;
  p.slug = slug;
  size_t pos = 4;
  while (pos < end) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos || nl > end) nl = end;
    const std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon), value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (key == "title") p.title = value;
    else if (key == "category") p.category = value;
    else if (key == "cover") p.cover = value;
    else if (key == "summary") p.summary = value;
  }
  p.body_md = text.substr(end + 5);
  if (p.title.empty() || p.category.empty()) return Status::InvalidArgument(slug + ": title and category required");
  return p;
}

Result<int> LoadDemoPages(meeting::MeetingService& meeting, const std::string& slug) {
  int n = 0;
  for (const auto& [name, text] : DemoPages()) {
    // "1-ruong-bac-thang-mu-cang-chai" → position 1, slug "ruong-bac-thang-mu-cang-chai"
    const size_t dash = name.find('-');
    const int position = dash == std::string::npos ? n : std::atoi(name.substr(0, dash).c_str());
    PH_ASSIGN_OR_RETURN(meeting::ProvincePage p, ParsePageFile(name.substr(dash + 1), text));
    p.position = position;
    p.status = meeting::PageStatus::kPublished;
    PH_RETURN_IF_ERROR(meeting.SavePage(slug, p).status());
    ++n;
  }
  return n;
}

}  // namespace phonghop::app
