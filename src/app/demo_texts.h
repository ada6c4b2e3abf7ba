// The demo congress's documents, written by the team (src/app/demo/*.md),
// embedded at build time: name → Markdown.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace phonghop::app {
const std::vector<std::pair<std::string, std::string>>& DemoTexts();
}  // namespace phonghop::app
