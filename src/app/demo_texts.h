// The demo congress's documents, written by the team (src/app/demo/*.md),
// embedded at build time: name → Markdown.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace phonghop::app {
const std::vector<std::pair<std::string, std::string>>& DemoTexts();
// The demo's province pages (src/app/demo/pages/*.md, with a front matter
// of title, category, cover, summary).
const std::vector<std::pair<std::string, std::string>>& DemoPages();
}  // namespace phonghop::app
