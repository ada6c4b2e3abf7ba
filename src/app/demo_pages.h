// Loads the demo congress's province pages (Yên Bái: places, culture,
// people, cuisine, festivals), written by the team.
#pragma once

#include "common/status.h"
#include "meeting/meeting_service.h"

namespace phonghop::app {

// Parses a page file: "---\nkey: value\n...---\n" then Markdown.
// kInvalidArgument when the front matter is missing or incomplete.
Result<meeting::ProvincePage> ParsePageFile(const std::string& slug, const std::string& text);

// Stores every demo page, published, in congress `slug`. Returns how many.
Result<int> LoadDemoPages(meeting::MeetingService& meeting, const std::string& slug);

}  // namespace phonghop::app
