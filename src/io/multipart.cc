#include "io/multipart.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

#include "common/random.h"
#include "common/utf8.h"

namespace phonghop::io {

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Value of a parameter in a header like: form-data; name="file"; filename="a.pdf"
std::optional<std::string> Param(std::string_view header, std::string_view name) {
  size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    while (pos < header.size() && header[pos] == ' ') ++pos;
    size_t eq = header.find('=', pos);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string key = Lower(utf8::Trim(header.substr(pos, eq - pos)));
    size_t vstart = eq + 1;
    std::string value;
    size_t end;
    if (vstart < header.size() && header[vstart] == '"') {
      end = vstart + 1;
      while (end < header.size() && header[end] != '"') {
        if (header[end] == '\\' && end + 1 < header.size()) ++end;
        value += header[end++];
      }
      ++end;
    } else {
      end = header.find(';', vstart);
      if (end == std::string_view::npos) end = header.size();
      value = std::string(utf8::Trim(header.substr(vstart, end - vstart)));
    }
    if (key == name) return value;
    pos = end;
  }
  return std::nullopt;
}

// Streaming state machine over the body bytes.
class Parser {
 public:
  Parser(const std::string& boundary, const std::string& tmp_dir, const MultipartLimits& limits)
      : delim_("\r\n--" + boundary), tmp_dir_(tmp_dir), limits_(limits) {}
  ~Parser() {
    if (fd_ >= 0) ::close(fd_);
    if (!ok_)
      for (auto& f : form_.files) ::unlink(f.path.c_str());
  }

  Status Feed(std::string_view data) {
    buf_.append(data);
    return Process(false);
  }
  Result<MultipartForm> Finish() {
    PH_RETURN_IF_ERROR(Process(true));
    if (state_ != State::kDone)
      return Status::InvalidArgument("dữ liệu multipart bị cắt cụt (thiếu ranh giới kết thúc)");
    ok_ = true;
    return std::move(form_);
  }

 private:
  enum class State { kPreamble, kHeaders, kBody, kAfterBoundary, kDone };

  Status Process(bool eof) {
    for (;;) {
      switch (state_) {
        case State::kPreamble: {
          // The body starts with "--boundary" (no leading CRLF).
          std::string first = delim_.substr(2);
          size_t at = buf_.find(first);
          if (at == std::string::npos) {
            if (buf_.size() > 64 * 1024) return Status::InvalidArgument("không tìm thấy ranh giới multipart");
            return Status::Ok();
          }
          buf_.erase(0, at + first.size());
          state_ = State::kAfterBoundary;
          break;
        }
        case State::kAfterBoundary: {
          if (buf_.size() < 2) return eof ? Status::InvalidArgument("multipart bị cắt cụt") : Status::Ok();
          if (buf_.compare(0, 2, "--") == 0) {
            state_ = State::kDone;
            return Status::Ok();
          }
          if (buf_.compare(0, 2, "\r\n") != 0) return Status::InvalidArgument("ranh giới multipart sai định dạng");
          buf_.erase(0, 2);
          state_ = State::kHeaders;
          break;
        }
        case State::kHeaders: {
          size_t end = buf_.find("\r\n\r\n");
          if (end == std::string::npos) {
            if (buf_.size() > limits_.max_header_bytes) return Status::InvalidArgument("phần đầu multipart quá lớn");
            return eof ? Status::InvalidArgument("multipart bị cắt cụt") : Status::Ok();
          }
          PH_RETURN_IF_ERROR(StartPart(std::string_view(buf_).substr(0, end)));
          buf_.erase(0, end + 4);
          state_ = State::kBody;
          break;
        }
        case State::kBody: {
          size_t at = buf_.find(delim_);
          if (at == std::string::npos) {
            // Keep the tail that might be the start of a boundary.
            if (buf_.size() > delim_.size()) {
              size_t keep = delim_.size();
              PH_RETURN_IF_ERROR(Emit(std::string_view(buf_).substr(0, buf_.size() - keep)));
              buf_.erase(0, buf_.size() - keep);
            }
            return eof ? Status::InvalidArgument("multipart bị cắt cụt") : Status::Ok();
          }
          PH_RETURN_IF_ERROR(Emit(std::string_view(buf_).substr(0, at)));
          PH_RETURN_IF_ERROR(EndPart());
          buf_.erase(0, at + delim_.size());
          state_ = State::kAfterBoundary;
          break;
        }
        case State::kDone:
          return Status::Ok();
      }
    }
  }

  Status StartPart(std::string_view headers) {
    std::string disposition;
    size_t pos = 0;
    while (pos < headers.size()) {
      size_t nl = headers.find("\r\n", pos);
      if (nl == std::string_view::npos) nl = headers.size();
      std::string_view line = headers.substr(pos, nl - pos);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos && Lower(utf8::Trim(line.substr(0, colon))) == "content-disposition")
        disposition = std::string(utf8::Trim(line.substr(colon + 1)));
      pos = nl + 2;
    }
    if (Lower(disposition.substr(0, 9)) != "form-data")
      return Status::InvalidArgument("phần multipart thiếu Content-Disposition: form-data");
    auto name = Param(disposition, "name");
    if (!name || name->empty() || !utf8::IsValid(*name))
      return Status::InvalidArgument("phần multipart thiếu tên trường");
    name_ = *name;
    auto file_name = Param(disposition, "filename");
    if (file_name) {
      if (form_.files.size() >= limits_.max_files) return Status::InvalidArgument("quá nhiều tệp trong một lần tải lên");
      if (!utf8::IsValid(*file_name)) return Status::InvalidArgument("tên tệp không phải UTF-8");
      MultipartFile f;
      f.field = name_;
      // Only the last path component: never a path.
      f.file_name = file_name->substr(file_name->find_last_of("/\\") + 1);
      f.path = tmp_dir_ + "/part-" + RandomHex(12);
      fd_ = ::open(f.path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd_ < 0) return Status::Unavailable("không ghi được tệp tạm");
      form_.files.push_back(std::move(f));
      in_file_ = true;
    } else {
      if (form_.fields.size() >= limits_.max_fields) return Status::InvalidArgument("quá nhiều trường");
      in_file_ = false;
      value_.clear();
    }
    return Status::Ok();
  }

  Status Emit(std::string_view data) {
    if (data.empty()) return Status::Ok();
    if (in_file_) {
      size_t off = 0;
      while (off < data.size()) {
        ssize_t n = ::write(fd_, data.data() + off, data.size() - off);
        if (n <= 0) return Status::Unavailable("không ghi được tệp tạm (hết chỗ trên đĩa?)");
        off += static_cast<size_t>(n);
      }
      form_.files.back().size += data.size();
    } else {
      if (value_.size() + data.size() > limits_.max_field_bytes)
        return Status::InvalidArgument("trường \"" + name_ + "\" quá dài");
      value_.append(data);
    }
    return Status::Ok();
  }

  Status EndPart() {
    if (in_file_) {
      ::fsync(fd_);
      ::close(fd_);
      fd_ = -1;
    } else {
      if (!utf8::IsValid(value_)) return Status::InvalidArgument("trường \"" + name_ + "\" không phải UTF-8");
      if (form_.fields.count(name_)) return Status::InvalidArgument("trường \"" + name_ + "\" bị lặp");
      form_.fields[name_] = std::move(value_);
      value_.clear();
    }
    return Status::Ok();
  }

  std::string delim_, tmp_dir_;
  MultipartLimits limits_;
  State state_ = State::kPreamble;
  std::string buf_, name_, value_;
  bool in_file_ = false;
  int fd_ = -1;
  bool ok_ = false;
  MultipartForm form_;
};

bool ValidBoundaryChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("'()+_,-./:=? ", c) != nullptr;
}

}  // namespace

Result<std::string> BoundaryOf(std::string_view content_type) {
  std::string lower = Lower(content_type);
  if (lower.rfind("multipart/form-data", 0) != 0)
    return Status::InvalidArgument("cần Content-Type: multipart/form-data");
  auto b = Param(content_type, "boundary");
  if (!b || b->empty() || b->size() > 70) return Status::InvalidArgument("thiếu boundary trong Content-Type");
  for (char c : *b)
    if (!ValidBoundaryChar(c)) return Status::InvalidArgument("boundary không hợp lệ");
  return *b;
}

Result<MultipartForm> ParseMultipart(std::string_view body, const std::string& boundary,
                                     const std::string& tmp_dir, const MultipartLimits& limits) {
  Parser p(boundary, tmp_dir, limits);
  // Feed in small chunks, as from disk, so boundaries split across reads
  // are exercised the same way.
  for (size_t off = 0; off < body.size(); off += 4096)
    PH_RETURN_IF_ERROR(p.Feed(body.substr(off, 4096)));
  return p.Finish();
}

Result<MultipartForm> ParseMultipartFile(const std::string& body_path, const std::string& boundary,
                                         const std::string& tmp_dir, const MultipartLimits& limits) {
  int fd = ::open(body_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::InvalidArgument("không đọc được nội dung tải lên");
  Parser p(boundary, tmp_dir, limits);
  std::vector<char> chunk(256 * 1024);
  for (;;) {
    ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0) {
      ::close(fd);
      return Status::Unavailable("lỗi đọc nội dung tải lên");
    }
    if (n == 0) break;
    Status st = p.Feed(std::string_view(chunk.data(), static_cast<size_t>(n)));
    if (!st.ok()) {
      ::close(fd);
      return st;
    }
  }
  ::close(fd);
  return p.Finish();
}

}  // namespace phonghop::io
