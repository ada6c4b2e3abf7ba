// MeetingRepository on PostgreSQL (tables of migration 7).
#pragma once

#include "meeting/meeting_repository.h"
#include "storage/postgres/pg_db.h"

namespace phonghop::storage::pg {

class PgMeetingRepository final : public meeting::MeetingRepository {
 public:
  explicit PgMeetingRepository(PgDatabase& db) : db_(db) {}
  Result<int64_t> AddAnnouncement(const meeting::Announcement& a) override;
  Result<std::vector<meeting::Announcement>> ListAnnouncements(int64_t congress_id, int limit) override;
  Status DeleteAnnouncement(int64_t congress_id, int64_t id) override;
  Result<meeting::Announcement> GetAnnouncement(int64_t congress_id, int64_t id) override;
  Status UpdateAnnouncement(const meeting::Announcement& a) override;
  Result<int64_t> SaveNote(const meeting::Note& n, int64_t expected_version = -1) override;
  Result<meeting::Note> GetNote(const std::string& owner, const std::string& code) override;
  Result<std::vector<meeting::ProvincePage>> ListPages(int64_t congress_id, bool published_only) override;
  Result<meeting::ProvincePage> GetPage(int64_t congress_id, const std::string& slug) override;
  Result<meeting::ProvincePage> SavePage(const meeting::ProvincePage& p) override;
  Status DeletePage(int64_t congress_id, const std::string& slug) override;
  Result<int64_t> AddComment(const meeting::DraftComment& c) override;
  Result<std::vector<meeting::DraftComment>> ListComments(const meeting::CommentFilter& f) override;
  Result<meeting::DraftComment> SetCommentHandled(int64_t congress_id, int64_t id, int64_t handled_at,
                                                  const std::string& by) override;
  Result<meeting::DraftComment> GetComment(int64_t congress_id, int64_t id) override;
  Status DeleteUnhandledComment(int64_t congress_id, int64_t id) override;
  Status SetGroupSecretary(int64_t delegation_id, int64_t delegate_id) override;
  Result<std::map<int64_t, int64_t>> GroupSecretaries(int64_t congress_id) override;
  Status SavePresentation(int64_t congress_id, const meeting::Presentation& p) override;
  Result<meeting::Presentation> GetPresentation(int64_t congress_id) override;

 private:
  PgDatabase& db_;
};

}  // namespace phonghop::storage::pg
