// What the chair and the secretariat say to the hall while the congress runs,
// what each delegate writes for themselves, and the pages about the
// province: plain values, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace phonghop::meeting {

struct Announcement {
  int64_t id = 0;
  int64_t congress_id = 0;
  std::string text;
  bool important = false;
  int64_t created_at = 0;
  std::string created_by;
};

// The document the chair shows to everyone ("trình chiếu cho tất cả").
struct Presentation {
  std::string code;   // document code; empty = nothing shown
  std::string title;
  int page = 1;
  int64_t since = 0;
  std::string by;
  // Who may open the document: "public", "delegates" or "roles". Its title
  // goes to the anonymous event stream and endpoint only when public.
  std::string audience = "public";
};

// A delegate's (or staff member's) private note on one document.
struct Note {
  std::string owner;  // "d:<delegate id>" or "u:<user id>"
  std::string document_code;
  std::string text;
  int64_t updated_at = 0;
  int64_t version = 0;  // bumped by every save; 0 = never saved (decision 415)
};

enum class PageStatus { kDraft, kPublished };
const char* ToString(PageStatus s);
std::optional<PageStatus> ParsePageStatus(std::string_view s);

// A page about the province: places, culture, people, cuisine, festivals.
struct ProvincePage {
  int64_t id = 0;
  int64_t congress_id = 0;
  std::string slug;      // [a-z0-9-], unique in the congress
  std::string title;
  std::string category;  // dia-danh | van-hoa | con-nguoi | am-thuc | le-hoi
  std::string summary;
  std::string body_md;   // Markdown; images as ![alt](/api/v1/page-images/SHA)
  std::string cover;     // image URL
  PageStatus status = PageStatus::kDraft;
  int position = 0;
  int64_t updated_at = 0;
};

bool IsValidPageCategory(std::string_view c);
const char* PageCategoryLabel(std::string_view c);  // "Địa danh", ...

}  // namespace phonghop::meeting
