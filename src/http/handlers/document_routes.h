// Routes of congress documents: upload, versions, files, text, QR codes,
// printable sheets, paper saved.
#pragma once

#include <functional>
#include <string>

#include "congress/congress_service.h"
#include "documents/document_service.h"
#include "http/router.h"

namespace phonghop::http {

class ReplyCache;

struct DocumentRouteDeps {
  documents::DocumentService& docs;
  congress::CongressService& congresses;
  ReplyCache& cache;
  std::function<std::string()> public_url;  // base of QR links, no trailing '/'
  std::string tmp_dir;                      // for multipart parts (same FS as blobs)
  std::string thumb_dir;                    // rendered page thumbnails
  // Renders a PDF page to PNG (sandboxed).
  std::function<Status(const std::string& pdf, int page, int width, const std::string& out)> render;
  // The code presented now in a congress (by id), "" if none: what a hall
  // screen may open beyond public documents (decision 413). May be empty.
  std::function<std::string(int64_t congress_id)> presented = {};
};

void RegisterDocumentRoutes(Router& r, DocumentRouteDeps deps);

// Paths whose request body is streamed to disk, and their limit.
bool IsUploadPath(Verb method, std::string_view path);

}  // namespace phonghop::http
