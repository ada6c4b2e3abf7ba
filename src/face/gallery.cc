#include "face/gallery.h"

#include <algorithm>
#include <mutex>

namespace phonghop::face {

void FaceGallery::Load(int64_t congress_id,
                       const std::vector<std::pair<int64_t, Embedding>>& faces) {
  Set s;
  for (const auto& [id, e] : faces) {
    if (int(e.size()) != dim_) continue;
    s.owners.push_back(id);
    s.rows.insert(s.rows.end(), e.begin(), e.end());
  }
  std::unique_lock lock(mu_);
  sets_[congress_id] = std::move(s);
}

void FaceGallery::Add(int64_t congress_id, int64_t delegate_id, const Embedding& e) {
  if (int(e.size()) != dim_) return;
  std::unique_lock lock(mu_);
  Set& s = sets_[congress_id];
  s.owners.push_back(delegate_id);
  s.rows.insert(s.rows.end(), e.begin(), e.end());
}

void FaceGallery::RemoveDelegate(int64_t congress_id, int64_t delegate_id) {
  std::unique_lock lock(mu_);
  auto it = sets_.find(congress_id);
  if (it == sets_.end()) return;
  Set kept;
  const Set& s = it->second;
  for (size_t i = 0; i < s.owners.size(); ++i) {
    if (s.owners[i] == delegate_id) continue;
    kept.owners.push_back(s.owners[i]);
    kept.rows.insert(kept.rows.end(), s.rows.begin() + i * dim_, s.rows.begin() + (i + 1) * dim_);
  }
  it->second = std::move(kept);
}

void FaceGallery::Clear(int64_t congress_id) {
  std::unique_lock lock(mu_);
  sets_.erase(congress_id);
}

namespace {
inline float Dot(const float* a, const float* b, int n) {
  float s = 0;
  for (int i = 0; i < n; ++i) s += a[i] * b[i];
  return s;
}
}  // namespace

GalleryMatch FaceGallery::Identify(int64_t congress_id, const Embedding& probe) const {
  GalleryMatch m;
  if (int(probe.size()) != dim_) return m;
  thread_local std::vector<float> scores;
  std::shared_lock lock(mu_);
  auto it = sets_.find(congress_id);
  if (it == sets_.end()) return m;
  const Set& s = it->second;
  scores.resize(s.owners.size());
  size_t best = 0;
  for (size_t i = 0; i < s.owners.size(); ++i) {
    scores[i] = Dot(s.rows.data() + i * dim_, probe.data(), dim_);
    if (scores[i] > scores[best]) best = i;
  }
  if (s.owners.empty()) return m;
  m.delegate_id = s.owners[best];
  m.score = scores[best];
  for (size_t i = 0; i < s.owners.size(); ++i)
    if (s.owners[i] != m.delegate_id && scores[i] > m.second) m.second = scores[i];
  return m;
}

float FaceGallery::Verify(int64_t congress_id, int64_t delegate_id, const Embedding& probe) const {
  if (int(probe.size()) != dim_) return -1;
  std::shared_lock lock(mu_);
  auto it = sets_.find(congress_id);
  if (it == sets_.end()) return -1;
  float best = -1;
  const Set& s = it->second;
  for (size_t i = 0; i < s.owners.size(); ++i)
    if (s.owners[i] == delegate_id)
      best = std::max(best, Dot(s.rows.data() + i * dim_, probe.data(), dim_));
  return best;
}

size_t FaceGallery::Size(int64_t congress_id) const {
  std::shared_lock lock(mu_);
  auto it = sets_.find(congress_id);
  return it == sets_.end() ? 0 : it->second.owners.size();
}

bool FaceGallery::HasDelegate(int64_t congress_id, int64_t delegate_id) const {
  std::shared_lock lock(mu_);
  auto it = sets_.find(congress_id);
  if (it == sets_.end()) return false;
  for (int64_t o : it->second.owners)
    if (o == delegate_id) return true;
  return false;
}

}  // namespace phonghop::face
