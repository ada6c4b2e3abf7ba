// Makes the document files the tests need (no binary fixtures in the repo):
// PDFs with a text layer or with none (a "scan"), DOCX, ODT, PNG.
#pragma once

#include <string>
#include <vector>

namespace phonghop::testing {

// A PDF whose page i carries pages[i] as real text (cairo + pango).
void MakeTextPdf(const std::string& path, const std::vector<std::string>& pages,
                 const std::string& title = "");
// A PDF with drawn lines only: no text layer, as a scanner produces. When
// `text` is given it is drawn as large glyph outlines (an image of text, for
// OCR), not as text.
void MakeScannedPdf(const std::string& path, const std::string& text = "");
// A minimal DOCX whose paragraphs are `paragraphs`; a "\f" paragraph is a page break.
std::string MakeDocx(const std::vector<std::string>& paragraphs, const std::string& title = "");
// A minimal ODT with a heading and paragraphs.
std::string MakeOdt(const std::string& heading, const std::vector<std::string>& paragraphs);
// A small PNG of the given size (cairo).
std::string MakePng(int width, int height);
void WriteFile(const std::string& path, const std::string& data);
// The bytes of the file at `path`; "" when it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace phonghop::testing
