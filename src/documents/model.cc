#include "documents/model.h"

namespace phonghop::documents {

const std::vector<Category>& Categories() {
  static const std::vector<Category> k = {
      {"van-kien", "Văn kiện", "Congress document"},
      {"bao-cao", "Báo cáo", "Report"},
      {"du-thao-nghi-quyet", "Dự thảo nghị quyết", "Draft resolution"},
      {"tham-luan", "Tham luận", "Contribution"},
      {"chuong-trinh", "Chương trình, quy chế", "Programme and rules"},
      {"danh-sach", "Danh sách", "List"},
      {"tai-lieu-tham-khao", "Tài liệu tham khảo", "Reference"},
      {"khac", "Khác", "Other"},
  };
  return k;
}

bool IsCategory(std::string_view id) {
  for (const auto& c : Categories())
    if (id == c.id) return true;
  return false;
}

const char* ToString(FileKind k) {
  switch (k) {
    case FileKind::kPdf: return "pdf";
    case FileKind::kDocx: return "docx";
    case FileKind::kOdt: return "odt";
    case FileKind::kDoc: return "doc";
    case FileKind::kMarkdown: return "markdown";
    case FileKind::kText: return "text";
    case FileKind::kJpeg: return "jpeg";
    case FileKind::kPng: return "png";
    case FileKind::kUnknown: return "unknown";
  }
  return "unknown";
}

const char* MimeType(FileKind k) {
  switch (k) {
    case FileKind::kPdf: return "application/pdf";
    case FileKind::kDocx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case FileKind::kOdt: return "application/vnd.oasis.opendocument.text";
    case FileKind::kDoc: return "application/msword";
    case FileKind::kMarkdown: return "text/markdown; charset=utf-8";
    case FileKind::kText: return "text/plain; charset=utf-8";
    case FileKind::kJpeg: return "image/jpeg";
    case FileKind::kPng: return "image/png";
    case FileKind::kUnknown: return "application/octet-stream";
  }
  return "application/octet-stream";
}

std::optional<FileKind> ParseFileKind(std::string_view s) {
  for (FileKind k : {FileKind::kPdf, FileKind::kDocx, FileKind::kOdt, FileKind::kDoc,
                     FileKind::kMarkdown, FileKind::kText, FileKind::kJpeg, FileKind::kPng})
    if (s == ToString(k)) return k;
  return std::nullopt;
}

const char* ToString(Visibility v) {
  switch (v) {
    case Visibility::kPublic: return "public";
    case Visibility::kDelegates: return "delegates";
    case Visibility::kRoles: return "roles";
  }
  return "public";
}

std::optional<Visibility> ParseVisibility(std::string_view s) {
  if (s == "public") return Visibility::kPublic;
  if (s == "delegates") return Visibility::kDelegates;
  if (s == "roles") return Visibility::kRoles;
  return std::nullopt;
}

const char* ToString(TextStatus s) {
  switch (s) {
    case TextStatus::kDone: return "done";
    case TextStatus::kOcrPending: return "ocr_pending";
    case TextStatus::kFailed: return "failed";
  }
  return "done";
}

std::optional<TextStatus> ParseTextStatus(std::string_view s) {
  if (s == "done") return TextStatus::kDone;
  if (s == "ocr_pending") return TextStatus::kOcrPending;
  if (s == "failed") return TextStatus::kFailed;
  return std::nullopt;
}

}  // namespace phonghop::documents
