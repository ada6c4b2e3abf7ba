// Fills the demo congress with documents: PDFs typeset from the team's
// Markdown texts, Markdown files, a document with two versions, each tied
// to its agenda item.
#pragma once

#include "common/status.h"
#include "congress/congress_service.h"
#include "documents/document_service.h"

namespace phonghop::app {

// `tmp_dir` must be on the blob store's file system. Returns how many
// documents were stored.
Result<int> LoadDemoDocuments(congress::CongressService& congresses,
                              documents::DocumentService& docs, const std::string& tmp_dir);

}  // namespace phonghop::app
