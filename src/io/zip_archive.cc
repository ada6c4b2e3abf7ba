#include "io/zip_archive.h"

#include <zip.h>

#include <cstring>

namespace phonghop::io {

struct ZipReader::Impl {
  zip_t* zip = nullptr;
  ZipLimits limits;
  size_t total_read = 0;
  ~Impl() {
    if (zip) zip_discard(zip);
  }
};

Result<std::unique_ptr<ZipReader>> ZipReader::Open(std::string_view data,
                                                   ZipLimits limits) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(data.data(), data.size(), 0, &err);
  if (!src) {
    zip_error_fini(&err);
    return Status::InvalidArgument("không đọc được tệp nén");
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!z) {
    zip_source_free(src);
    zip_error_fini(&err);
    return Status::InvalidArgument("tệp không phải định dạng ZIP/Office hợp lệ");
  }
  zip_error_fini(&err);
  std::unique_ptr<ZipReader> r(new ZipReader());
  r->impl_ = std::make_unique<Impl>();
  r->impl_->zip = z;
  r->impl_->limits = limits;
  if (static_cast<size_t>(zip_get_num_entries(z, 0)) > limits.max_entries)
    return Status::InvalidArgument("tệp nén có quá nhiều mục");
  return r;
}

ZipReader::~ZipReader() = default;

bool ZipReader::Has(const std::string& name) const {
  return zip_name_locate(impl_->zip, name.c_str(), 0) >= 0;
}

std::vector<std::string> ZipReader::Names() const {
  std::vector<std::string> out;
  zip_int64_t n = zip_get_num_entries(impl_->zip, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(impl_->zip, i, 0);
    if (name) out.emplace_back(name);
  }
  return out;
}

Result<std::string> ZipReader::Read(const std::string& name) {
  zip_int64_t idx = zip_name_locate(impl_->zip, name.c_str(), 0);
  if (idx < 0) return Status::NotFound("thiếu " + name + " trong tệp");
  zip_file_t* f = zip_fopen_index(impl_->zip, idx, 0);
  if (!f) return Status::InvalidArgument("không mở được " + name + " trong tệp nén");
  std::string out;
  char buf[65536];
  // Count what actually inflates: a bomb's header can claim a small size.
  for (;;) {
    zip_int64_t n = zip_fread(f, buf, sizeof buf);
    if (n < 0) {
      zip_fclose(f);
      return Status::InvalidArgument("tệp nén bị hỏng (" + name + ")");
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    impl_->total_read += static_cast<size_t>(n);
    if (out.size() > impl_->limits.max_entry_bytes ||
        impl_->total_read > impl_->limits.max_total_bytes) {
      zip_fclose(f);
      return Status::InvalidArgument("tệp nén giải nén ra quá lớn (nghi là zip bomb)");
    }
  }
  zip_fclose(f);
  return out;
}

Result<std::string> WriteZip(
    const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out_src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!out_src) return Status::Internal("zip: no memory");
  zip_t* z = zip_open_from_source(out_src, ZIP_TRUNCATE, &err);
  if (!z) {
    zip_source_free(out_src);
    return Status::Internal("zip: cannot create");
  }
  zip_source_keep(out_src);  // read the bytes back after zip_close
  for (const auto& [name, content] : entries) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    if (!s || zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s) zip_source_free(s);
      zip_discard(z);
      zip_source_free(out_src);
      return Status::Internal("zip: cannot add " + name);
    }
  }
  if (zip_close(z) < 0) {
    zip_discard(z);
    zip_source_free(out_src);
    return Status::Internal("zip: cannot write");
  }
  std::string bytes;
  if (zip_source_open(out_src) == 0) {
    zip_source_seek(out_src, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(out_src);
    zip_source_seek(out_src, 0, SEEK_SET);
    bytes.resize(static_cast<size_t>(size));
    zip_source_read(out_src, bytes.data(), size);
    zip_source_close(out_src);
  }
  zip_source_free(out_src);
  zip_error_fini(&err);
  return bytes;
}

}  // namespace phonghop::io
