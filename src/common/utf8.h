// UTF-8 helpers: validation, code point iteration, and the Vietnamese
// folding (diacritics removed, đ→d, lower case) used wherever text typed with
// or without accents must compare equal (spreadsheet headers, search).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace phonghop::utf8 {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValid(std::string_view s);

// Decodes the code point at s[i], advancing i. Returns U+FFFD for an invalid
// sequence (advancing one byte) so callers never loop forever.
char32_t Next(std::string_view s, size_t& i);

// Appends the UTF-8 encoding of `cp` to `out`.
void Append(std::string& out, char32_t cp);

// Maps a code point to its base lower-case letter with every diacritic removed
// ('Ệ'→'e', 'Đ'/'đ'→'d', combining marks → 0 meaning "drop"). Other code
// points are lower-cased where they are ASCII and returned unchanged otherwise.
char32_t FoldChar(char32_t cp);

// Lower case, remove Vietnamese (and common Latin) diacritics, đ→d, accepting
// both precomposed (NFC) and decomposed (NFD) input.
std::string Fold(std::string_view s);

// Lower-cases Vietnamese letters keeping their diacritics ("ĐẠI" → "đại").
std::string Lower(std::string_view s);

// Trims ASCII whitespace and U+00A0 / U+FEFF from both ends.
std::string_view Trim(std::string_view s);

}  // namespace phonghop::utf8
