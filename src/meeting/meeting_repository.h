// Storage port of announcements, notes and province pages (migration 7).
#pragma once

#include <map>
#include <vector>

#include "common/status.h"
#include "meeting/draft_comment.h"
#include "meeting/model.h"

namespace phonghop::meeting {

class MeetingRepository {
 public:
  virtual ~MeetingRepository() = default;

  virtual Result<int64_t> AddAnnouncement(const Announcement& a) = 0;
  virtual Result<std::vector<Announcement>> ListAnnouncements(int64_t congress_id, int limit) = 0;
  virtual Status DeleteAnnouncement(int64_t congress_id, int64_t id) = 0;  // kNotFound
  virtual Result<Announcement> GetAnnouncement(int64_t congress_id, int64_t id) = 0;  // kNotFound
  // Rewrites text and importance of (a.congress_id, a.id); kNotFound.
  virtual Status UpdateAnnouncement(const Announcement& a) = 0;

  // Saves n.text (empty clears the note but keeps its row and version, so
  // a conditional save after a clear is still checked). With
  // `expected_version` >= 0 the save happens only if the stored version
  // (0 for no note) equals it, else kConflict and nothing changes (decision
  // 415). Returns the new version.
  virtual Result<int64_t> SaveNote(const Note& n, int64_t expected_version = -1) = 0;
  // kNotFound if never saved; a cleared note has text "" and its version.
  virtual Result<Note> GetNote(const std::string& owner, const std::string& code) = 0;

  virtual Result<std::vector<ProvincePage>> ListPages(int64_t congress_id, bool published_only) = 0;
  virtual Result<ProvincePage> GetPage(int64_t congress_id, const std::string& slug) = 0;  // kNotFound
  // Inserts or updates by (congress, slug); kConflict never (slug is the key).
  virtual Result<ProvincePage> SavePage(const ProvincePage& p) = 0;
  virtual Status DeletePage(int64_t congress_id, const std::string& slug) = 0;

  // Comments on drafts (migration 12, decision 414). AddComment stores
  // every field but id, handled_*, document_code/title; returns the id.
  virtual Result<int64_t> AddComment(const DraftComment& c) = 0;
  // Oldest first, with the document's code and title.
  virtual Result<std::vector<DraftComment>> ListComments(const CommentFilter& f) = 0;
  // Marks (handled_at > 0) or unmarks (0) comment `id` of the congress;
  // kNotFound. Returns the comment as stored.
  virtual Result<DraftComment> SetCommentHandled(int64_t congress_id, int64_t id, int64_t handled_at,
                                                 const std::string& by) = 0;
  // One comment of the congress, with the document's code and title;
  // kNotFound.
  virtual Result<DraftComment> GetComment(int64_t congress_id, int64_t id) = 0;
  // Deletes comment `id` of the congress only while it is unhandled, in one
  // statement (a "handled" mark landing at the same moment wins): kNotFound
  // when there is no such comment, kConflict when it is handled (nothing
  // deleted). Decision 416.
  virtual Status DeleteUnhandledComment(int64_t congress_id, int64_t id) = 0;
  // Group secretaries (migration 15, decision 417): the one delegate per
  // delegation who sends comments on its behalf. `delegate_id` 0 clears.
  // The caller checks the delegate belongs to the delegation.
  virtual Status SetGroupSecretary(int64_t delegation_id, int64_t delegate_id) = 0;
  // delegation id → secretary's delegate id, for the congress's delegations.
  virtual Result<std::map<int64_t, int64_t>> GroupSecretaries(int64_t congress_id) = 0;
  // What the chair presents (migration 17, decision 74): one per congress,
  // replaced by each Present. Get gives an empty Presentation (no code)
  // when nothing was ever presented.
  virtual Status SavePresentation(int64_t congress_id, const Presentation& p) = 0;
  virtual Result<Presentation> GetPresentation(int64_t congress_id) = 0;
};

}  // namespace phonghop::meeting
