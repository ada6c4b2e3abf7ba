// Typesets simple Markdown (headings, paragraphs, lists, **bold**,
// *italic*) into an A4 PDF with Noto fonts: used for the demo congress's
// documents and printable notices.
#pragma once

#include <string>

#include "common/status.h"

namespace phonghop::print {

// Returns the PDF bytes; the first "# " heading is also the PDF's title.
Result<std::string> MarkdownToPdf(const std::string& markdown, const std::string& header_line = "");

}  // namespace phonghop::print
