#include "extract/extract.h"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/utf8.h"

namespace phonghop::extract {

Result<documents::Extracted> ExtractPdf(const std::string& path, const Limits& limits);
Result<documents::Extracted> ExtractDocx(const std::string& data);
Result<documents::Extracted> ExtractOdt(const std::string& data);

namespace {

Result<std::string> Slurp(const std::string& path, size_t max) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Status::NotFound("không đọc được tệp");
  if (size > max) return Status::InvalidArgument("tệp quá lớn để đọc chữ");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Width and height from a PNG or JPEG header without decoding the image.
Status CheckImageDimensions(const std::string& path, documents::FileKind kind) {
  std::ifstream in(path, std::ios::binary);
  std::string head(1 << 16, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  auto u8 = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(head[i])); };
  uint32_t w = 0, h = 0;
  if (kind == documents::FileKind::kPng) {
    if (head.size() < 24) return Status::InvalidArgument("tệp PNG bị cắt cụt");
    w = (u8(16) << 24) | (u8(17) << 16) | (u8(18) << 8) | u8(19);
    h = (u8(20) << 24) | (u8(21) << 16) | (u8(22) << 8) | u8(23);
  } else {
    size_t i = 2;
    while (i + 9 < head.size()) {
      if (u8(i) != 0xFF) return Status::InvalidArgument("tệp JPEG bị hỏng");
      uint32_t marker = u8(i + 1);
      uint32_t len = (u8(i + 2) << 8) | u8(i + 3);
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        h = (u8(i + 5) << 8) | u8(i + 6);
        w = (u8(i + 7) << 8) | u8(i + 8);
        break;
      }
      if (len < 2) return Status::InvalidArgument("tệp JPEG bị hỏng");
      i += 2 + len;
    }
  }
  if (w == 0 || h == 0) return Status::InvalidArgument("không đọc được kích thước ảnh");
  if (w > 20000 || h > 20000 || static_cast<uint64_t>(w) * h > 100000000ull)
    return Status::InvalidArgument("ảnh quá lớn (" + std::to_string(w) + "×" + std::to_string(h) +
                                   " điểm ảnh, tối đa 100 megapixel)");
  return Status::Ok();
}

}  // namespace

std::vector<std::string> Paginate(const std::string& text, size_t per_page) {
  std::vector<std::string> pages;
  std::string current;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size() - 1;
    std::string_view para(text.data() + start, nl - start + 1);
    if (!current.empty() && current.size() + para.size() > per_page) {
      pages.push_back(std::move(current));
      current.clear();
    }
    current += para;
    start = nl + 1;
  }
  if (!utf8::Trim(current).empty() || pages.empty()) pages.push_back(std::move(current));
  return pages;
}

Result<std::string> ConvertDocToPdf(const std::string& doc_path, const std::string& out_dir) {
  const char* candidates[] = {"/usr/bin/soffice", "/usr/bin/libreoffice"};
  const char* bin = nullptr;
  for (const char* c : candidates)
    if (::access(c, X_OK) == 0) bin = c;
  if (!bin)
    return Status::Unavailable(
        "tệp .doc (Word 97-2003) cần LibreOffice để đọc: cài gói libreoffice-writer-nogui "
        "hoặc lưu lại tệp thành .docx hay PDF");
  pid_t pid = fork();
  if (pid == 0) {
    std::string home = "-env:UserInstallation=file://" + out_dir + "/lo-profile";
    execl(bin, bin, home.c_str(), "--headless", "--convert-to", "pdf", "--outdir",
          out_dir.c_str(), doc_path.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::string pdf = out_dir + "/" + std::filesystem::path(doc_path).stem().string() + ".pdf";
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !std::filesystem::exists(pdf))
    return Status::InvalidArgument("LibreOffice không đọc được tệp .doc này");
  return pdf;
}

Result<documents::Extracted> ExtractFile(const std::string& path, documents::FileKind kind,
                                         const Limits& limits) {
  using documents::FileKind;
  switch (kind) {
    case FileKind::kPdf:
      return ExtractPdf(path, limits);
    case FileKind::kDocx: {
      PH_ASSIGN_OR_RETURN(std::string data, Slurp(path, 512u << 20));
      return ExtractDocx(data);
    }
    case FileKind::kOdt: {
      PH_ASSIGN_OR_RETURN(std::string data, Slurp(path, 512u << 20));
      return ExtractOdt(data);
    }
    case FileKind::kDoc: {
      std::string dir = std::filesystem::temp_directory_path().string() + "/phonghop-doc-" +
                        std::to_string(::getpid());
      std::filesystem::create_directories(dir);
      auto pdf = ConvertDocToPdf(path, dir);
      Result<documents::Extracted> r = pdf.ok() ? ExtractPdf(*pdf, limits)
                                                : Result<documents::Extracted>(pdf.status());
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
      return r;
    }
    case FileKind::kMarkdown:
    case FileKind::kText: {
      PH_ASSIGN_OR_RETURN(std::string text, Slurp(path, limits.max_text_bytes));
      if (text.substr(0, 3) == "\xEF\xBB\xBF") text.erase(0, 3);
      if (!utf8::IsValid(text)) return Status::InvalidArgument("tệp văn bản không phải UTF-8");
      documents::Extracted out;
      size_t start = 0;
      while (start < text.size()) {  // the first "# " heading is the title
        size_t nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size();
        std::string_view line = utf8::Trim(std::string_view(text).substr(start, nl - start));
        if (kind == FileKind::kMarkdown && line.substr(0, 2) == "# ") {
          out.title = std::string(utf8::Trim(line.substr(2)));
          break;
        }
        if (kind == FileKind::kText && !line.empty()) {
          out.title = std::string(line.substr(0, 300));
          break;
        }
        start = nl + 1;
      }
      int n = 0;
      for (auto& p : Paginate(text)) out.pages.push_back({++n, std::move(p), false});
      return out;
    }
    case FileKind::kJpeg:
    case FileKind::kPng: {
      PH_RETURN_IF_ERROR(CheckImageDimensions(path, kind));
      documents::Extracted out;
      out.pages.push_back({1, "", true});  // a photo of a page: text only by OCR
      return out;
    }
    case FileKind::kUnknown:
      break;
  }
  return Status::InvalidArgument("loại tệp không được hỗ trợ");
}

}  // namespace phonghop::extract
