#include "io/file_sniffer.h"

#include <magic.h>

#include <fstream>
#include <sstream>

#include "common/utf8.h"
#include "io/zip_archive.h"

namespace phonghop::io {

using documents::FileKind;

namespace {

// libmagic handles are not thread-safe: one per thread.
magic_t Handle() {
  thread_local struct Holder {
    magic_t m = nullptr;
    Holder() {
      m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
      if (m && magic_load(m, nullptr) != 0) {
        magic_close(m);
        m = nullptr;
      }
    }
    ~Holder() {
      if (m) magic_close(m);
    }
  } holder;
  return holder.m;
}

std::string Head(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

bool EndsWithCi(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i])
      return false;
  return true;
}

FileKind ZipKind(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string data = ss.str();
  auto zip = ZipReader::Open(data, ZipLimits{1u << 20, 4u << 20, 10000});
  if (!zip.ok()) return FileKind::kUnknown;
  if ((*zip)->Has("word/document.xml")) return FileKind::kDocx;
  if ((*zip)->Has("mimetype")) {
    auto m = (*zip)->Read("mimetype");
    if (m.ok() && *m == "application/vnd.oasis.opendocument.text") return FileKind::kOdt;
  }
  return FileKind::kUnknown;
}

}  // namespace

FileKind MagicSniffer::Sniff(const std::string& path, const std::string& file_name) const {
  std::string head = Head(path, 8192);
  if (head.empty()) return FileKind::kUnknown;
  if (head.rfind("%PDF-", 0) == 0) return FileKind::kPdf;
  if (head.rfind("\x89PNG\r\n\x1a\n", 0) == 0) return FileKind::kPng;
  if (head.rfind("\xFF\xD8\xFF", 0) == 0) return FileKind::kJpeg;
  if (head.rfind("PK\x03\x04", 0) == 0) return ZipKind(path);
  std::string mime;
  if (magic_t m = Handle()) {
    const char* r = magic_file(m, path.c_str());
    if (r) mime = r;
  }
  if (mime == "application/msword" ||
      (mime == "application/CDFV2" && EndsWithCi(file_name, ".doc")) ||
      head.rfind("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 0) == 0)
    return FileKind::kDoc;
  if (mime.rfind("text/", 0) == 0 || mime == "application/octet-stream" || mime.empty()) {
    // Text must be UTF-8 with no NULs; a cut multi-byte char at the end of
    // the sample is fine.
    if (head.find('\0') != std::string::npos) return FileKind::kUnknown;
    std::string sample = head;
    for (int cut = 0; cut < 4 && !utf8::IsValid(sample) && !sample.empty(); ++cut) sample.pop_back();
    if (!utf8::IsValid(sample)) return FileKind::kUnknown;
    if (mime.rfind("text/", 0) != 0 && mime != "application/octet-stream" && !mime.empty())
      return FileKind::kUnknown;
    if (EndsWithCi(file_name, ".md") || EndsWithCi(file_name, ".markdown") ||
        std::string_view(utf8::Trim(sample)).substr(0, 2) == "# ")
      return FileKind::kMarkdown;
    return FileKind::kText;
  }
  return FileKind::kUnknown;
}

}  // namespace phonghop::io
