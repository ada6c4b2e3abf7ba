// Congress documents (tài liệu): a document has a stable short code (its QR
// link) and a history of versions; each version is one stored file with its
// text extracted per page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace phonghop::documents {

// What a file really is, decided from its bytes (never from its name).
enum class FileKind { kPdf, kDocx, kOdt, kDoc, kMarkdown, kText, kJpeg, kPng, kUnknown };

enum class Visibility { kPublic, kDelegates, kRoles };

enum class TextStatus { kDone, kOcrPending, kFailed };

struct PageText {
  int page = 0;  // 1-based
  std::string text;
  bool needs_ocr = false;  // no text layer found
};

struct DocumentVersion {
  int64_t id = 0;
  int64_t document_id = 0;
  int number = 0;        // 1, 2, 3 ...
  std::string label;     // "Dự thảo lần 2"
  std::string sha256;    // blob
  std::string file_name; // as uploaded
  FileKind kind = FileKind::kUnknown;
  uint64_t size = 0;
  int page_count = 0;
  TextStatus text_status = TextStatus::kDone;
  int64_t created_at = 0;
};

struct Document {
  int64_t id = 0;
  int64_t congress_id = 0;
  std::string code;       // short unguessable code in the QR URL (/d/CODE)
  std::string title;
  std::string number;     // số hiệu, e.g. "01-BC/TĐTN"
  std::string category;   // see Categories()
  int64_t agenda_item_id = 0;  // 0 = none
  int position = 0;
  Visibility visibility = Visibility::kPublic;
  std::vector<std::string> roles;  // for kRoles
  int64_t created_at = 0;
  int64_t updated_at = 0;
  DocumentVersion current;  // filled on reads
};

struct Category {
  const char* id;
  const char* label_vi;
  const char* label_en;
};
const std::vector<Category>& Categories();
bool IsCategory(std::string_view id);

const char* ToString(FileKind k);
const char* MimeType(FileKind k);
std::optional<FileKind> ParseFileKind(std::string_view s);
const char* ToString(Visibility v);
std::optional<Visibility> ParseVisibility(std::string_view s);
const char* ToString(TextStatus s);
std::optional<TextStatus> ParseTextStatus(std::string_view s);

// Printing the congress on paper, as it would have been.
struct PaperSavings {
  int documents = 0;
  int pages = 0;          // pages of the current version of every document
  int copies = 0;         // delegates + extra copies (guests, secretariat)
  int64_t pages_printed = 0;
  int64_t sheets = 0;     // duplex: ceil(pages / 2) per document per copy
  double reams = 0;       // 500 sheets
  int64_t cost_per_page_vnd = 0;
  int64_t money_vnd = 0;
};

}  // namespace phonghop::documents
