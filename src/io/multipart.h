// multipart/form-data (RFC 7578) parsed as a stream from a file on disk:
// file parts are written to their own temp files, never held in memory.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace phonghop::io {

struct MultipartFile {
  std::string field;      // form field name ("file")
  std::string file_name;  // as sent by the browser (not trusted for type)
  std::string path;       // temp file holding the content
  uint64_t size = 0;
};

struct MultipartForm {
  std::map<std::string, std::string> fields;  // text fields (UTF-8 checked)
  std::vector<MultipartFile> files;
};

struct MultipartLimits {
  size_t max_fields = 100;
  size_t max_field_bytes = 64 * 1024;
  size_t max_files = 20;
  size_t max_header_bytes = 8 * 1024;
};

// Extracts the boundary from a Content-Type header; kInvalidArgument if it
// is not multipart/form-data or has no valid boundary.
Result<std::string> BoundaryOf(std::string_view content_type);

// Parses the body in `body_path`. File parts go to new files in `tmp_dir`
// (removed again on failure). kInvalidArgument for malformed input (with
// the reason); nothing is left behind on failure.
Result<MultipartForm> ParseMultipartFile(const std::string& body_path, const std::string& boundary,
                                         const std::string& tmp_dir,
                                         const MultipartLimits& limits = {});

// The same over an in-memory body (for tests and fuzzing).
Result<MultipartForm> ParseMultipart(std::string_view body, const std::string& boundary,
                                     const std::string& tmp_dir,
                                     const MultipartLimits& limits = {});

}  // namespace phonghop::io
