// Use cases of congress documents: upload, new versions, metadata, deletion,
// listing, and the paper-saved figures.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/event_publisher.h"
#include "common/random.h"
#include "common/status.h"
#include "common/unit_of_work.h"
#include "congress/congress_repository.h"
#include "documents/model.h"
#include "documents/ports.h"

namespace phonghop::documents {

struct UploadInput {
  std::string temp_path;  // the service takes the file over (moved or removed)
  std::string file_name;  // as the user named it (display and Markdown hint only)
  std::string title;      // empty = from the file's metadata or first heading
  std::string number;
  std::string category = "khac";
  std::string visibility = "public";
  std::vector<std::string> roles;
  int64_t agenda_item_id = 0;
  int position = 0;
  std::string version_label;  // e.g. "Dự thảo lần 2"
};

// Metadata changes; absent fields stay as they are.
struct MetaPatch {
  std::optional<std::string> title, number, category, visibility;
  std::optional<std::vector<std::string>> roles;
  std::optional<int64_t> agenda_item_id;
  std::optional<int> position;
};

class DocumentService {
 public:
  DocumentService(DocumentRepository& docs, congress::CongressRepository& congresses,
                  BlobStore& blobs, FileSniffer& sniffer, TextExtractor& extractor,
                  const Clock& clock, IdGenerator& ids, EventPublisher& events)
      : docs_(docs), congresses_(congresses), blobs_(blobs), sniffer_(sniffer),
        extractor_(extractor), clock_(clock), ids_(ids), events_(events) {}

  // Stores a new document. kInvalidArgument for an empty file, an unknown
  // type, a file that fails to parse (with the reason) or bad metadata;
  // kConflict ("đã tải lên") when the same file is already a current
  // document of this congress. Nothing is stored on failure.
  Result<Document> Upload(std::string_view slug, UploadInput in);
  // Adds a new version to the document with `code`; the code (and QR) stay.
  Result<Document> AddVersion(std::string_view code, UploadInput in);

  Result<Document> Get(std::string_view code) { return docs_.GetByCode(code); }
  Result<std::vector<Document>> List(std::string_view slug);
  Result<std::vector<DocumentVersion>> Versions(std::string_view code);
  // Page texts of version `number` (0 = current).
  Result<std::vector<PageText>> Pages(std::string_view code, int number);
  // Page texts of a version already looked up with File().
  Result<std::vector<PageText>> PagesOf(const DocumentVersion& v) { return docs_.Pages(v.id); }
  // The file of version `number` (0 = current), with what decides who may
  // read it. Cached until anything changes (every PDF.js Range request
  // lands here). No network I/O: `path` is "" when the file is not on this
  // machine's disk (an S3 store's cache miss, or a missing file); then call
  // FetchBlob off the network threads.
  struct FileRef {
    std::string path;
    DocumentVersion version;
    Visibility visibility = Visibility::kPublic;
    std::vector<std::string> roles;
    int64_t congress_id = 0;
  };
  Result<FileRef> File(std::string_view code, int number);
  // The local path of a version's file, copied from the blob store first
  // if needed (may take network time: blocking pool). kNotFound when the
  // file is missing from the store, kUnavailable when the store is down.
  Result<std::string> FetchBlob(const std::string& sha256) { return blobs_.PathOf(sha256); }
  Result<Document> Update(std::string_view code, const MetaPatch& patch);
  // Removes the document, its versions, and blobs no longer used.
  Status Delete(std::string_view code);
  Result<PaperSavings> Savings(std::string_view slug);

  // OCRs up to `max_pages` pages that have no text layer. Returns how many
  // were done; a page whose OCR fails gets empty text (and is not retried).
  Result<int> RunOcr(OcrEngine& engine, int max_pages);
  Result<OcrProgress> Ocr(std::string_view slug);

  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // Something changed that this service did not see (another node's change,
  // heard as a live event): what callers derived from the data is stale.
  void DataChangedElsewhere() { generation_.fetch_add(1, std::memory_order_acq_rel); }

  // The store's unit of work (decision 553): the rows of a change and its
  // live event commit together. The slow part of an upload (hashing,
  // parsing, the blob store) happens before, outside it; a blob is removed
  // only after the rows that named it are gone for good. Set before serving.
  void SetUnitOfWork(UnitOfWork* units) { units_ = units; }

 private:
  struct Prepared {
    DocumentVersion version;
    Extracted text;
  };
  // Sniffs, hashes, parses and stores the blob. On failure removes the temp
  // file and leaves no blob behind.
  Result<Prepared> Prepare(UploadInput& in, int64_t congress_id, bool check_duplicate);
  Status ValidateMeta(const Document& d, int64_t congress_id);
  // Inside the change's unit: moves the generation on at the commit and
  // publishes `event` for the document `code`.
  void Changed(const std::string& slug, std::string_view event, const std::string& code);
  // Runs `change` and, with the congress of `congress_id` found, publishes
  // `event` for `code`, in one unit.
  Status Commit(int64_t congress_id, std::string_view event, const std::string& code,
                const std::function<Status()>& change);
  UnitOfWork& Units() { return units_ ? *units_ : direct_; }

  DocumentRepository& docs_;
  congress::CongressRepository& congresses_;
  BlobStore& blobs_;
  FileSniffer& sniffer_;
  TextExtractor& extractor_;
  const Clock& clock_;
  IdGenerator& ids_;
  EventPublisher& events_;
  UnitOfWork* units_ = nullptr;
  DirectUnitOfWork direct_;
  std::atomic<uint64_t> generation_{0};
  // File() is on the hot path (every PDF.js Range request): remember the
  // answer until anything changes.
  struct FileEntry {
    uint64_t generation;
    FileRef ref;
  };
  std::mutex file_cache_mu_;
  std::unordered_map<std::string, FileEntry> file_cache_;
};

}  // namespace phonghop::documents
