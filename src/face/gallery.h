// The enrolled faces of each congress, in memory, for 1:N identification.
// Embeddings sit in one contiguous matrix per congress and are scanned
// linearly (100,000 × 512 floats is a few milliseconds; see BENCHMARKS.md).
#pragma once

#include <cstdint>
#include <map>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "face/embedding.h"

namespace phonghop::face {

struct GalleryMatch {
  int64_t delegate_id = 0;  // 0 = nobody enrolled
  float score = -1;         // best cosine
  float second = -1;        // best cosine of any *other* delegate
};

// Thread-safe: many readers, one writer.
class FaceGallery {
 public:
  explicit FaceGallery(int dimension) : dim_(dimension) {}

  // Replaces what is held for the congress.
  void Load(int64_t congress_id, const std::vector<std::pair<int64_t, Embedding>>& faces);
  void Add(int64_t congress_id, int64_t delegate_id, const Embedding& e);
  void RemoveDelegate(int64_t congress_id, int64_t delegate_id);
  void Clear(int64_t congress_id);

  // The best-matching delegate and the runner-up (a delegate with several
  // enrolled photos counts once, by their best photo).
  GalleryMatch Identify(int64_t congress_id, const Embedding& probe) const;
  // Best score of one delegate's photos (1:1 after a badge scan); -1 when
  // the delegate has none.
  float Verify(int64_t congress_id, int64_t delegate_id, const Embedding& probe) const;
  size_t Size(int64_t congress_id) const;
  bool HasDelegate(int64_t congress_id, int64_t delegate_id) const;

 private:
  struct Set {
    std::vector<int64_t> owners;  // delegate per row
    std::vector<float> rows;      // owners.size() × dim
  };
  const int dim_;
  mutable std::shared_mutex mu_;
  std::map<int64_t, Set> sets_;
};

}  // namespace phonghop::face
