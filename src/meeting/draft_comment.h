// Comments on drafts ("góp ý dự thảo văn kiện", #17 item 14, decision 414):
// a delegate, alone or for their delegation, comments on a page and a quoted
// passage of a draft; the drafting team reads them per document, marks them
// handled and exports them. Plain values, no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace phonghop::meeting {

struct DraftComment {
  int64_t id = 0;
  int64_t congress_id = 0;
  int64_t document_id = 0;
  std::string document_code;   // filled on reads
  std::string document_title;  // filled on reads
  int version = 0;             // the document version the delegate read
  int page = 1;
  std::string quote;           // the passage commented on ("" = the page)
  std::string text;
  int64_t delegate_id = 0;     // 0 once the delegate was deleted
  std::string author;          // the delegate's name, kept
  int64_t delegation_id = 0;   // set for a group comment
  std::string group_name;      // "" = personal; else the delegation's name
  int64_t created_at = 0;
  int64_t handled_at = 0;      // 0 = not handled yet
  std::string handled_by;
};

// Which comments to list, within one congress.
struct CommentFilter {
  int64_t congress_id = 0;
  int64_t document_id = 0;    // 0 = every document
  // For a delegate: their own comments and their delegation's group ones.
  int64_t delegate_id = 0;    // 0 = everyone's (staff)
  int64_t delegation_id = 0;
};

// The document a comment is about, as the caller found it.
struct CommentTarget {
  int64_t document_id = 0;
  int64_t congress_id = 0;
  std::string category;
  std::vector<int> page_counts;  // of versions 1, 2, … (0 = unknown)
};

// What a delegate sends.
struct CommentInput {
  int version = 0;             // 0 = the current (highest) version
  int page = 1;
  std::string quote;
  std::string text;
  bool for_group = false;      // on behalf of the delegate's delegation
};

// Categories of documents that take comments: drafts of congress documents,
// reports and draft resolutions.
bool TakesComments(std::string_view category);

}  // namespace phonghop::meeting
