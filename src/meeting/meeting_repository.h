// Storage port of announcements, notes and province pages (migration 7).
#pragma once

#include <vector>

#include "common/status.h"
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

  // Empty text deletes the note.
  virtual Status SaveNote(const Note& n) = 0;
  virtual Result<Note> GetNote(const std::string& owner, const std::string& code) = 0;  // kNotFound

  virtual Result<std::vector<ProvincePage>> ListPages(int64_t congress_id, bool published_only) = 0;
  virtual Result<ProvincePage> GetPage(int64_t congress_id, const std::string& slug) = 0;  // kNotFound
  // Inserts or updates by (congress, slug); kConflict never (slug is the key).
  virtual Result<ProvincePage> SavePage(const ProvincePage& p) = 0;
  virtual Status DeletePage(int64_t congress_id, const std::string& slug) = 0;
};

}  // namespace phonghop::meeting
