// JSON encoding of documents for the HTTP API (docs/http-api.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "documents/model.h"

namespace phonghop::http {

// `public_url` prefixes the QR link: "<public_url>/d/<code>".
nlohmann::json ToJson(const documents::Document& d, const std::string& public_url);
nlohmann::json ToJson(const documents::DocumentVersion& v);
nlohmann::json ToJson(const documents::PaperSavings& s);
std::string CategoryLabel(const std::string& id);

// Readable HTML of a document's text: Markdown through cmark (raw HTML and
// dangerous links dropped), other text as escaped paragraphs, one <section
// id="page-N"> per page.
std::string TextToHtml(documents::FileKind kind, const std::vector<documents::PageText>& pages);

}  // namespace phonghop::http
