// Use cases of the congress in session: announcements to everyone, the
// chair's "present to everyone", personal notes, province pages. Announces
// live changes through the EventPublisher (SSE). No HTTP, no SQL.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/event_publisher.h"
#include "common/status.h"
#include "common/unit_of_work.h"
#include "congress/congress_repository.h"
#include "meeting/draft_comment.h"
#include "meeting/meeting_repository.h"
#include "meeting/model.h"
#include "meeting/page_fold_cache.h"

namespace phonghop::meeting {

class MeetingService {
 public:
  MeetingService(congress::CongressRepository& congresses, MeetingRepository& repo, const Clock& clock,
                 EventPublisher& events)
      : congresses_(congresses), repo_(repo), clock_(clock), events_(events) {}

  // 1–1000 characters of text; kInvalidArgument otherwise. Event "announcement".
  Result<Announcement> Announce(std::string_view slug, std::string text, bool important, const std::string& by);
  Result<std::vector<Announcement>> Announcements(std::string_view slug, int limit = 50);
  // Withdraws one announcement (kNotFound); event "announcement_withdrawn"
  // so phones and the hall drop it at once.
  Status Withdraw(std::string_view slug, int64_t id);
  // Corrects the text and/or the importance (unset = unchanged); the same
  // checks as Announce; kNotFound. Event "announcement_changed".
  Result<Announcement> Edit(std::string_view slug, int64_t id, std::optional<std::string> text,
                            std::optional<bool> important);

  // Shows a document (already checked to exist and be visible by the
  // caller) at a page to everyone following; event "present" (with the
  // title only when `audience` is "public"). kNotFound when the document
  // belongs to another congress (`doc_congress_id`). An empty code stops
  // presenting.
  Result<Presentation> Present(std::string_view slug, const std::string& code, const std::string& title,
                               int page, const std::string& by, int64_t doc_congress_id = 0,
                               const std::string& audience = "public");
  Result<Presentation> CurrentPresentation(std::string_view slug);
  // The code of the document presented now in congress `congress_id`, or
  // "" (what a hall screen may open beyond public documents).
  std::string PresentedCode(int64_t congress_id);

  // Saves a private note; with `expected_version` >= 0 only if the stored
  // version still equals it (kConflict otherwise, nothing changed; 0 = no
  // note yet). Returns the new version. kInvalidArgument over 20,000 bytes.
  Result<int64_t> SaveNote(const std::string& owner, const std::string& code, std::string text,
                           int64_t expected_version = -1);
  Result<Note> GetNote(const std::string& owner, const std::string& code);

  // ---- comments on drafts (meeting/draft_comments.cc, decision 414) ----
  // Delegate `delegate_id` comments on `target`. kPermissionDenied for a
  // delegate of another congress; kInvalidArgument (nothing stored) for a
  // document that takes no comments, a version or page it does not have,
  // an empty or over-long text (4,000 characters) or quote (1,000), or a
  // group comment from a delegate with no delegation; kPermissionDenied
  // for a group comment from a delegate who is not the delegation's group
  // secretary (decision 417). Event "comments_changed" (no content).
  Result<DraftComment> AddComment(const CommentTarget& target, int64_t delegate_id, CommentInput in);
  // The sender withdraws their comment `id` on `target` while it is not
  // handled (decision 416): kNotFound for none on that document,
  // kPermissionDenied for someone else's, kConflict once handled (nothing
  // deleted). Event "comments_changed".
  Status WithdrawComment(const CommentTarget& target, int64_t delegate_id, int64_t id);
  // What a delegate may do for their delegation: its name ("" = none) and
  // whether they are its group secretary.
  struct GroupRole {
    std::string delegation;
    bool secretary = false;
  };
  Result<GroupRole> GroupRoleOf(int64_t delegate_id);
  // Each delegation of the congress with its group secretary (0 = none).
  struct GroupSecretary {
    int64_t delegation_id = 0;
    std::string delegation;
    int64_t delegate_id = 0;
    std::string name;
  };
  Result<std::vector<GroupSecretary>> GroupSecretaries(std::string_view slug);
  // Names delegate `delegate_id` (0 = nobody) the group secretary of
  // delegation `delegation_id`: kNotFound for a delegation of another
  // congress, kInvalidArgument for a delegate not in that delegation.
  Result<GroupSecretary> SetGroupSecretary(std::string_view slug, int64_t delegation_id, int64_t delegate_id);
  // A delegate's own comments on a document and their delegation's group
  // comments, oldest first.
  Result<std::vector<DraftComment>> CommentsOf(const CommentTarget& target, int64_t delegate_id);
  // Every comment on one document (for the drafting team).
  Result<std::vector<DraftComment>> CommentsOfDocument(const CommentTarget& target) {
    return repo_.ListComments({target.congress_id, target.document_id, 0, 0});
  }
  // Every comment of a congress (one document's with `document_id` ≠ 0),
  // oldest first; for the drafting team.
  Result<std::vector<DraftComment>> Comments(std::string_view slug, int64_t document_id = 0);
  // Marks a comment handled (or not); kNotFound. Event "comments_changed".
  Result<DraftComment> MarkComment(std::string_view slug, int64_t id, bool handled, const std::string& by);

  Result<std::vector<ProvincePage>> Pages(std::string_view slug, bool include_drafts);
  Result<ProvincePage> Page(std::string_view slug, const std::string& page_slug, bool include_drafts);
  // Validates slug, title, category, size; event "pages_changed" when published.
  Result<ProvincePage> SavePage(std::string_view slug, ProvincePage p);
  Status DeletePage(std::string_view slug, const std::string& page_slug);

  // Published pages whose title, summary or text hold every word of
  // `text` (with or without diacritics), best first.
  struct PageHit {
    ProvincePage page;
    std::string snippet;  // plain text around the first match
    double score = 0;
  };
  Result<std::vector<PageHit>> SearchPages(std::string_view slug, std::string_view text, int limit = 5);

  // The store's unit of work (decision 552): an announcement's change and
  // its live event commit together. Not owned; null = none (tests).
  void SetUnitOfWork(UnitOfWork* units) { units_ = units; }

 private:
  UnitOfWork& Units() { return units_ ? *units_ : direct_; }
  UnitOfWork* units_ = nullptr;
  DirectUnitOfWork direct_;
  congress::CongressRepository& congresses_;
  MeetingRepository& repo_;
  const Clock& clock_;
  EventPublisher& events_;
  // Publishes "comments_changed" on congress `congress_id`'s stream.
  void Changed(int64_t congress_id);
  PageFoldCache folds_;  // province pages' folded text, for SearchPages
};

}  // namespace phonghop::meeting
