// The documents module's ports: storage of records and of file bytes, and
// the (untrusted-input) parsers that run in a sandboxed child process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "documents/model.h"

namespace phonghop::documents {

// Content-addressed file store. Thread-safe.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Moves the file at `temp_path` into the store under its SHA-256 (given),
  // durably (fsync of file and directory) before returning. If the blob
  // exists already the temp file is removed. Returns the blob's path.
  virtual Result<std::string> Put(const std::string& temp_path, const std::string& sha256) = 0;
  // Path of a stored blob on this machine's disk; kNotFound if absent.
  // A store whose bytes live elsewhere (S3) copies the blob into its local
  // cache first: that may take network time (kUnavailable when the store
  // can't be reached), so network threads call LocalPath instead.
  virtual Result<std::string> PathOf(const std::string& sha256) const = 0;
  // The blob's path if it is on this machine's disk now, else "" (absent,
  // or to be fetched with PathOf off the network threads). No network I/O.
  virtual std::string LocalPath(const std::string& sha256) const {
    auto p = PathOf(sha256);
    return p.ok() ? *p : std::string();
  }
  virtual Status Remove(const std::string& sha256) = 0;
};

// Decides what a file is from its content (and, only to tell Markdown from
// plain text, its name).
class FileSniffer {
 public:
  virtual ~FileSniffer() = default;
  virtual FileKind Sniff(const std::string& path, const std::string& file_name) const = 0;
};

struct Extracted {
  std::string title;  // from metadata or the first heading; may be empty
  std::vector<PageText> pages;
};

// Extracts text per page. Runs the parser in a child process with memory and
// time limits: a hostile or broken file fails with kInvalidArgument and a
// reason, never takes the server down.
class TextExtractor {
 public:
  virtual ~TextExtractor() = default;
  virtual Result<Extracted> Extract(const std::string& path, FileKind kind) = 0;
};

// Reads the text of a scanned page or a photo (Tesseract, Vietnamese).
class OcrEngine {
 public:
  virtual ~OcrEngine() = default;
  // `page` is 1-based for PDFs and ignored for images.
  virtual Result<std::string> Recognize(const std::string& path, FileKind kind, int page) = 0;
};

struct OcrTask {
  int64_t version_id = 0;
  int64_t congress_id = 0;
  int page = 0;
  std::string sha256;
  FileKind kind = FileKind::kUnknown;
  std::string code;
};

struct OcrProgress {
  int pending_pages = 0;
  int done_pages = 0;
};

class DocumentRepository {
 public:
  virtual ~DocumentRepository() = default;
  // Inserts the document and its first version (with page texts) in one
  // transaction. kConflict if the code is taken. Returns {doc id, version id}.
  virtual Result<std::pair<int64_t, int64_t>> Create(const Document& doc,
                                                     const DocumentVersion& v,
                                                     const std::vector<PageText>& pages) = 0;
  // Adds a version and makes it current, in one transaction.
  virtual Result<int64_t> AddVersion(int64_t document_id, const DocumentVersion& v,
                                     const std::vector<PageText>& pages) = 0;
  virtual Result<Document> GetByCode(std::string_view code) = 0;
  virtual Result<std::vector<Document>> List(int64_t congress_id) = 0;
  virtual Result<std::vector<DocumentVersion>> Versions(int64_t document_id) = 0;
  virtual Result<std::vector<PageText>> Pages(int64_t version_id) = 0;
  virtual Status UpdateMeta(const Document& doc) = 0;
  // Deletes the document and its versions; returns the blob hashes that no
  // other version (of any document) still uses.
  virtual Result<std::vector<std::string>> Delete(int64_t document_id) = 0;
  // The current version of a document of this congress with this blob, if any.
  virtual Result<std::optional<Document>> FindByBlob(int64_t congress_id,
                                                      const std::string& sha256) = 0;
  // Pages still waiting for OCR, oldest first.
  virtual Result<std::vector<OcrTask>> PendingOcr(int limit) = 0;
  // Stores OCR'd text for a page; when no page of the version waits any
  // more, marks the version's text done. One transaction.
  virtual Status SetOcrText(int64_t version_id, int page, const std::string& text) = 0;
  virtual Result<OcrProgress> Ocr(int64_t congress_id) = 0;
};

}  // namespace phonghop::documents
