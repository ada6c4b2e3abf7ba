#include "storage/s3/s3_blob_store.h"

#include <unistd.h>

#include "common/files.h"
#include "common/sha256.h"

namespace phonghop::storage::s3 {

namespace {

bool IsHexSha(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// A download cut by the store (an OSD or a gateway restarting) resumes
// from the bytes already received, a few times.
constexpr int kFetchAttempts = 4;

}  // namespace

S3BlobStore::S3BlobStore(std::shared_ptr<S3Client> client, std::string cache_root, std::string key_prefix,
                         std::shared_ptr<CacheBudget> budget)
    : client_(std::move(client)), cache_(cache_root), prefix_(std::move(key_prefix)), budget_(std::move(budget)) {
  if (budget_) {
    budget_->AddExisting(cache_root);
    budget_->Evict();
  }
}

void S3BlobStore::Used(const std::string& path, bool added) const {
  if (!budget_) return;
  budget_->Touch(path);
  if (added) budget_->Evict();
}

std::string S3BlobStore::KeyFor(const std::string& sha) const {
  return prefix_ + sha.substr(0, 2) + "/" + sha;
}

Result<std::string> S3BlobStore::Put(const std::string& temp_path, const std::string& sha) {
  if (!IsHexSha(sha)) return Status::InvalidArgument("mã băm không hợp lệ");
  // Identical content is stored once: a document shared by many congresses
  // is sent to the store the first time only.
  auto head = client_->Head(KeyFor(sha));
  if (!head.ok() && head.status().code() != StatusCode::kNotFound) return head.status();
  if (!head.ok()) PH_RETURN_IF_ERROR(client_->PutFile(KeyFor(sha), temp_path, sha));
  // In the bucket now; keep this node's copy for sendfile.
  auto put = cache_.Put(temp_path, sha);
  if (put.ok()) Used(*put, true);
  return put;
}

std::string S3BlobStore::LocalPath(const std::string& sha) const {
  auto p = cache_.PathOf(sha);
  if (!p.ok()) return std::string();
  Used(*p, false);
  return *p;
}

Result<std::string> S3BlobStore::PathOf(const std::string& sha) const {
  if (!IsHexSha(sha)) return Status::NotFound("không có tệp");
  if (auto cached = cache_.PathOf(sha); cached.ok()) {
    Used(*cached, false);
    return cached;
  }
  PH_ASSIGN_OR_RETURN(TempFile tmp, TempFile::Create(cache_.TempDir(), "fetch-"));
  uint64_t received = 0;
  Status st;
  for (int attempt = 0; attempt < kFetchAttempts; ++attempt) {
    const uint64_t before = received;
    st = client_->GetToFd(KeyFor(sha), tmp.fd(), received, &received);
    if (st.ok()) break;
    if (st.code() == StatusCode::kNotFound)
      return Status::NotFound("tệp của tài liệu bị thiếu trong kho");
    if (received == before) break;  // nothing moved: the store is down
  }
  if (!st.ok()) return st;
  std::string path = tmp.Release();
  // Never serve bytes that are not the ones this key names.
  auto hashed = Sha256File(path);
  if (!hashed.ok() || hashed->first != sha) {
    ::unlink(path.c_str());
    return Status::Internal("tệp tải từ kho S3 không khớp mã SHA-256 " + sha);
  }
  auto put = cache_.Put(path, sha);
  if (!put.ok()) ::unlink(path.c_str());
  else Used(*put, true);
  return put;
}

Status S3BlobStore::Remove(const std::string& sha) {
  if (!IsHexSha(sha)) return Status::InvalidArgument("mã băm không hợp lệ");
  PH_RETURN_IF_ERROR(client_->Delete(KeyFor(sha)));
  if (budget_)
    if (auto p = cache_.PathOf(sha); p.ok()) budget_->Forget(*p);
  return cache_.Remove(sha);
}

}  // namespace phonghop::storage::s3
