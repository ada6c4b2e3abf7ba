// Routes of the congress in session: announcements, the chair's "present to
// everyone", personal notes, province pages and their images.
#pragma once

#include <string>

#include "documents/document_service.h"
#include "meeting/meeting_service.h"
#include "http/router.h"

namespace phonghop::documents {
class BlobStore;
}

namespace phonghop::http {

struct MeetingRouteDeps {
  meeting::MeetingService& meeting;
  documents::DocumentService& docs;
  documents::BlobStore& images;  // page images, content-addressed
  std::string tmp_dir;
};

void RegisterMeetingRoutes(Router& r, MeetingRouteDeps deps);
// Comments on drafts (comment_handlers.cc, decision 414).
void RegisterCommentRoutes(Router& r, MeetingRouteDeps deps);

}  // namespace phonghop::http
