// The contract of attendance::AttendanceRepository and
// meeting::MeetingRepository on every back-end. Check-in is the one write
// many kiosks (on several nodes) make at once: exactly one row per delegate
// and session, whoever comes first.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fixture.h"

namespace phonghop::contract {
namespace {

using attendance::CheckIn;
using AttendanceContract = CongressWorld;
using MeetingContract = CongressWorld;

CheckIn At(int64_t cid, int64_t sid, int64_t did, int64_t at, const std::string& kiosk) {
  CheckIn c;
  c.congress_id = cid;
  c.session_id = sid;
  c.delegate_id = did;
  c.method = attendance::Method::kFace;
  c.at = at;
  c.kiosk = kiosk;
  c.score = 0.8125;
  return c;
}

using How = attendance::RecordedCheckIn::How;

audit::Entry AuditOf(const std::string& action) {
  audit::Entry e;
  e.at = 100;
  e.actor = "kiosk (checkin_operator)";
  e.action = action;
  e.outcome = "present";
  e.address = "10.0.0.9";
  return e;
}

int AuditRows(Backend& b, const std::string& action) {
  auto list = b.audit().List(1000, 0);
  EXPECT_TRUE(list.ok());
  int n = 0;
  for (const auto& e : *list) n += e.action == action;
  return n;
}

TEST_P(AttendanceContract, FirstCheckInWinsAndTheRetryGetsIt) {
  auto& a = backend().attendance();
  auto first = a.RecordCheckIn(At(cid_, sid_, delegates_[0], 100, "Cửa A"), AuditOf("check-in 1"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->how, How::kInserted);
  auto again = a.RecordCheckIn(At(cid_, sid_, delegates_[0], 105, "Cửa B"), AuditOf("check-in 1"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->how, How::kAlready);
  EXPECT_EQ(again->record.id, first->record.id);
  EXPECT_EQ(again->record.kiosk, "Cửa A");
  EXPECT_EQ(again->record.at, 100);
  EXPECT_DOUBLE_EQ(again->record.score, 0.8125);
  // The audit entry was written with the check-in, once.
  EXPECT_EQ(AuditRows(backend(), "check-in 1"), 1);
  // Another session is another check-in.
  ASSERT_EQ(a.RecordCheckIn(At(cid_, sid2_, delegates_[0], 200, "Cửa A"), AuditOf("x"))->how, How::kInserted);
  ASSERT_EQ(a.RecordCheckIn(At(cid_, sid_, delegates_[1], 90, "Cửa C"), AuditOf("x"))->how, How::kInserted);
  auto list = a.ListCheckIns(sid_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].delegate_id, delegates_[1]);  // by time
  EXPECT_EQ((*list)[0].method, attendance::Method::kFace);
}

// A kiosk whose reply was lost (the node died after COMMIT) sends the same
// attempt again with its idempotency key: it gets the first answer, and no
// second row or audit entry is written (decision 530).
TEST_P(AttendanceContract, RetryWithTheSameKeyReplaysTheFirstAnswer) {
  auto& a = backend().attendance();
  CheckIn c = At(cid_, sid_, delegates_[0], 100, "Cửa A");
  c.idempotency_key = "k-7f3a";
  auto first = a.RecordCheckIn(c, AuditOf("check-in keyed"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->how, How::kInserted);
  EXPECT_EQ(first->record.idempotency_key, "k-7f3a");
  c.at = 130;
  auto retry = a.RecordCheckIn(c, AuditOf("check-in keyed"));
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->how, How::kReplayed);
  EXPECT_EQ(retry->record.id, first->record.id);
  EXPECT_EQ(retry->record.at, 100);
  EXPECT_EQ(AuditRows(backend(), "check-in keyed"), 1);
  EXPECT_EQ(a.ListCheckIns(sid_)->size(), 1u);
  // Another attempt (another key) for the same person: "already present".
  CheckIn other = c;
  other.idempotency_key = "k-other";
  EXPECT_EQ(a.RecordCheckIn(other, AuditOf("check-in keyed"))->how, How::kAlready);
  // The key belongs to its congress's check-ins only: a new key checks in
  // someone else.
  CheckIn next = At(cid_, sid_, delegates_[1], 140, "Cửa A");
  next.idempotency_key = "k-next";
  EXPECT_EQ(a.RecordCheckIn(next, AuditOf("check-in next"))->how, How::kInserted);
}

// Eight retries of one attempt racing each other (a kiosk on a flaky link,
// requests spread over nodes): one row, one audit entry, every caller told
// "checked in".
TEST_P(AttendanceContract, ConcurrentRetriesOfOneKeyStoreOnce) {
  auto& a = backend().attendance();
  std::atomic<int> inserted{0}, replayed{0}, failed{0};
  std::vector<std::thread> kiosks;
  for (int k = 0; k < 8; ++k)
    kiosks.emplace_back([&] {
      CheckIn c = At(cid_, sid_, delegates_[1], 100, "Cửa A");
      c.idempotency_key = "same-attempt";
      auto r = a.RecordCheckIn(c, AuditOf("check-in raced"));
      if (!r.ok()) ++failed;
      else if (r->how == How::kInserted) ++inserted;
      else if (r->how == How::kReplayed) ++replayed;
    });
  for (auto& t : kiosks) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(inserted.load(), 1);
  EXPECT_EQ(replayed.load(), 7);
  EXPECT_EQ(a.ListCheckIns(sid_)->size(), 1u);
  EXPECT_EQ(AuditRows(backend(), "check-in raced"), 1);
}

TEST_P(AttendanceContract, ConcurrentKiosksStoreExactlyOneCheckIn) {
  auto& a = backend().attendance();
  std::atomic<int> inserted{0}, failed{0};
  std::vector<std::thread> kiosks;
  for (int k = 0; k < 8; ++k)
    kiosks.emplace_back([&, k] {
      auto r = a.RecordCheckIn(At(cid_, sid_, delegates_[1], 100 + k, "Cửa " + std::to_string(k)),
                               AuditOf("check-in concurrent"));
      if (!r.ok()) ++failed;
      else if (r->how == How::kInserted) ++inserted;
    });
  for (auto& t : kiosks) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(inserted.load(), 1);
  EXPECT_EQ(a.ListCheckIns(sid_)->size(), 1u);
  EXPECT_EQ(AuditRows(backend(), "check-in concurrent"), 1);
}

TEST_P(AttendanceContract, FacesConsentAndDeletion) {
  auto& a = backend().attendance();
  std::string emb(2048, '\0');
  for (size_t i = 0; i < emb.size(); ++i) emb[i] = static_cast<char>(i * 7);  // every byte value, NULs too
  attendance::FaceRecord f{delegates_[0], emb, "sface-2021dec", "\xff\xd8jpeg\x00bytes", 300, "thu-ky", false};
  ASSERT_TRUE(a.AddFace(cid_, f).ok());
  f.photo_jpeg.clear();
  ASSERT_TRUE(a.AddFace(cid_, f).ok());
  auto faces = a.ListFaces(cid_, "sface-2021dec");
  ASSERT_TRUE(faces.ok());
  ASSERT_EQ(faces->size(), 2u);
  EXPECT_EQ((*faces)[0].first, delegates_[0]);
  EXPECT_EQ((*faces)[0].second, emb);
  EXPECT_TRUE(a.ListFaces(cid_, "other-model")->empty());
  EXPECT_EQ(*a.FacePhoto(delegates_[0]), std::string("\xff\xd8jpeg\x00bytes", 11));
  EXPECT_EQ(a.FacePhoto(delegates_[1]).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(a.SetConsent(delegates_[1], attendance::Consent::kRefused, "thu-ky", 310).ok());
  auto bio = a.Biometrics(cid_);
  ASSERT_TRUE(bio.ok());
  EXPECT_EQ(bio->at(delegates_[0]).consent, attendance::Consent::kGiven);
  EXPECT_EQ(bio->at(delegates_[0]).faces, 2);
  EXPECT_TRUE(bio->at(delegates_[0]).photo);
  EXPECT_EQ(bio->at(delegates_[1]).consent, attendance::Consent::kRefused);
  EXPECT_EQ(bio->at(delegates_[1]).consent_by, "thu-ky");
  EXPECT_EQ(bio->at(delegates_[2]).consent, attendance::Consent::kUnknown);
  auto gone = a.DeleteFaces(delegates_[0]);
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(*gone, 2);
  EXPECT_TRUE(a.ListFaces(cid_, "sface-2021dec")->empty());
  EXPECT_EQ(a.FacePhoto(delegates_[0]).status().code(), StatusCode::kNotFound);
}

TEST_P(MeetingContract, AnnouncementsNotesAndPages) {
  auto& m = backend().meeting();
  auto a1 = m.AddAnnouncement({0, cid_, "Nghỉ giải lao 15 phút", false, 100, "thu-ky"});
  auto a2 = m.AddAnnouncement({0, cid_, "Đổi phòng họp", true, 110, "thu-ky"});
  ASSERT_TRUE(a1.ok() && a2.ok());
  auto list = *m.ListAnnouncements(cid_, 10);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].text, "Đổi phòng họp");  // newest first
  EXPECT_TRUE(list[0].important);
  EXPECT_EQ(m.ListAnnouncements(cid_, 1)->size(), 1u);
  ASSERT_TRUE(m.DeleteAnnouncement(cid_, *a1).ok());
  EXPECT_EQ(m.DeleteAnnouncement(cid_, *a1).code(), StatusCode::kNotFound);
  ASSERT_TRUE(m.SaveNote({"d:1", "AB12", "Hỏi về ngân sách", 120}).ok());
  ASSERT_TRUE(m.SaveNote({"d:1", "AB12", "Hỏi về ngân sách xã", 130}).ok());
  EXPECT_EQ(m.GetNote("d:1", "AB12")->text, "Hỏi về ngân sách xã");
  EXPECT_EQ(m.GetNote("d:2", "AB12").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(m.SaveNote({"d:1", "AB12", "", 140}).ok());  // empty clears, the version stays
  EXPECT_EQ(m.GetNote("d:1", "AB12")->text, "");
  EXPECT_EQ(m.GetNote("d:1", "AB12")->version, 3);
  // A conditional save: only over the version the writer read.
  EXPECT_EQ(m.SaveNote({"d:1", "AB12", "cũ", 150}, 2).status().code(), StatusCode::kConflict);
  EXPECT_EQ(m.GetNote("d:1", "AB12")->text, "");
  EXPECT_EQ(*m.SaveNote({"d:1", "AB12", "mới", 150}, 3), 4);
  EXPECT_EQ(m.SaveNote({"d:1", "ZZ99", "đầu", 150}, 1).status().code(), StatusCode::kConflict);
  EXPECT_EQ(*m.SaveNote({"d:1", "ZZ99", "đầu", 150}, 0), 1);
  meeting::ProvincePage p;
  p.congress_id = cid_;
  p.slug = "ruong-bac-thang";
  p.title = "Ruộng bậc thang";
  p.category = "dia-danh";
  p.updated_at = 150;
  auto saved = m.SavePage(p);
  ASSERT_TRUE(saved.ok());
  EXPECT_GT(saved->id, 0);
  EXPECT_TRUE(m.ListPages(cid_, true)->empty());  // a draft
  p.status = meeting::PageStatus::kPublished;
  p.title = "Ruộng bậc thang Mù Cang Chải";
  auto again = m.SavePage(p);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, saved->id);
  auto pub = *m.ListPages(cid_, true);
  ASSERT_EQ(pub.size(), 1u);
  EXPECT_EQ(pub[0].title, "Ruộng bậc thang Mù Cang Chải");
  ASSERT_TRUE(m.DeletePage(cid_, "ruong-bac-thang").ok());
  EXPECT_EQ(m.GetPage(cid_, "ruong-bac-thang").status().code(), StatusCode::kNotFound);
}

// Screen tokens (decision 413): found by hash while live, listed without
// the hash, revoked once, scoped to their congress.
TEST_P(MeetingContract, ScreenTokensLiveUntilRevokedOrExpired) {
  auto& a = backend().auth();
  auth::ScreenToken t;
  t.congress_id = cid_;
  t.label = "Máy chiếu hội trường";
  t.created_by = "thu-ky (secretariat)";
  t.created_at = 100;
  t.expires_at = 1000;
  auto id = a.CreateScreen(t, "hash-1");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(a.CreateScreen(t, "hash-1").status().code(), StatusCode::kConflict);
  auto found = a.FindScreen("hash-1", 500);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->label, "Máy chiếu hội trường");
  EXPECT_EQ(found->congress_id, cid_);
  EXPECT_EQ(a.FindScreen("hash-1", 1000).status().code(), StatusCode::kNotFound);  // expired
  EXPECT_EQ(a.FindScreen("hash-2", 500).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(a.RevokeScreen(cid_ + 1000, *id, 600).status().code(), StatusCode::kNotFound);
  auto revoked = a.RevokeScreen(cid_, *id, 600);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(revoked->revoked_at, 600);
  EXPECT_EQ(a.RevokeScreen(cid_, *id, 700)->revoked_at, 600);  // the first time stays
  EXPECT_EQ(a.FindScreen("hash-1", 650).status().code(), StatusCode::kNotFound);
  auto list = *a.ListScreens(cid_);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].revoked_at, 600);
  EXPECT_TRUE(a.ListScreens(cid_ + 1000)->empty());
}

// Comments on drafts (decision 414): a delegate's own and their
// delegation's group comments; all for the drafting team; handled marks.
TEST_P(MeetingContract, DraftCommentsByDelegateGroupAndDocument) {
  documents::Document d;
  d.congress_id = cid_;
  d.code = "DT01";
  d.title = "Dự thảo nghị quyết";
  d.category = "du-thao-nghi-quyet";
  d.created_at = d.updated_at = 100;
  documents::DocumentVersion v;
  v.number = 1;
  v.sha256 = "sha-dt";
  v.file_name = "du-thao.pdf";
  v.kind = documents::FileKind::kPdf;
  v.page_count = 3;
  v.created_at = 100;
  auto made = backend().documents().Create(d, v, {});
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  const int64_t doc_id = backend().documents().GetByCode("DT01")->id;
  auto& m = backend().meeting();
  auto delegation = backend().congresses().AddDelegation({0, cid_, 0, "Đoàn Văn Chấn"});
  ASSERT_TRUE(delegation.ok());
  meeting::DraftComment c;
  c.congress_id = cid_;
  c.document_id = doc_id;
  c.version = 1;
  c.page = 2;
  c.quote = "Điều 2";
  c.text = "Bổ sung chỉ tiêu";
  c.delegate_id = delegates_[0];
  c.author = "Lâm Ngọc Ánh";
  c.created_at = 200;
  auto own = m.AddComment(c);
  ASSERT_TRUE(own.ok()) << own.status().ToString();
  c.text = "Ý kiến của đoàn";
  c.delegation_id = *delegation;
  c.group_name = "Đoàn Văn Chấn";
  c.created_at = 210;
  ASSERT_TRUE(m.AddComment(c).ok());
  auto all = *m.ListComments({cid_, doc_id, 0, 0});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].text, "Bổ sung chỉ tiêu");
  EXPECT_EQ(all[0].document_code, "DT01");
  EXPECT_EQ(all[0].document_title, "Dự thảo nghị quyết");
  EXPECT_EQ(all[0].page, 2);
  EXPECT_EQ(all[0].quote, "Điều 2");
  EXPECT_EQ(all[1].group_name, "Đoàn Văn Chấn");
  // Another delegate of the same delegation sees the group's, not the personal one.
  auto other = *m.ListComments({cid_, doc_id, delegates_[1], *delegation});
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].text, "Ý kiến của đoàn");
  EXPECT_TRUE(m.ListComments({cid_, doc_id, delegates_[1], 0})->empty());
  EXPECT_EQ(m.ListComments({cid_, doc_id, delegates_[0], 0})->size(), 2u);
  EXPECT_EQ(m.ListComments({cid_, 0, 0, 0})->size(), 2u);
  auto handled = m.SetCommentHandled(cid_, *own, 300, "thu-ky");
  ASSERT_TRUE(handled.ok());
  EXPECT_EQ(handled->handled_at, 300);
  EXPECT_EQ(handled->handled_by, "thu-ky");
  auto undone = m.SetCommentHandled(cid_, *own, 0, "thu-ky");
  EXPECT_EQ(undone->handled_at, 0);
  EXPECT_EQ(undone->handled_by, "");
  EXPECT_EQ(m.SetCommentHandled(cid_ + 1000, *own, 300, "x").status().code(), StatusCode::kNotFound);

  // Withdrawal (decision 416): only while unhandled, in one statement.
  EXPECT_EQ(m.GetComment(cid_, *own)->text, "Bổ sung chỉ tiêu");
  EXPECT_EQ(m.GetComment(cid_ + 1000, *own).status().code(), StatusCode::kNotFound);
  const int64_t group_id = all[1].id;
  ASSERT_TRUE(m.SetCommentHandled(cid_, group_id, 400, "thu-ky").ok());
  EXPECT_EQ(m.DeleteUnhandledComment(cid_, group_id).code(), StatusCode::kConflict);
  EXPECT_EQ(m.GetComment(cid_, group_id)->handled_at, 400);  // kept
  EXPECT_TRUE(m.DeleteUnhandledComment(cid_, *own).ok());
  EXPECT_EQ(m.DeleteUnhandledComment(cid_, *own).code(), StatusCode::kNotFound);
  EXPECT_EQ(m.ListComments({cid_, doc_id, 0, 0})->size(), 1u);

  // Group secretaries (decision 417): one per delegation, cleared with 0,
  // gone with the delegation.
  EXPECT_TRUE(m.GroupSecretaries(cid_)->empty());
  ASSERT_TRUE(m.SetGroupSecretary(*delegation, delegates_[0]).ok());
  ASSERT_TRUE(m.SetGroupSecretary(*delegation, delegates_[1]).ok());  // replaces
  auto named = *m.GroupSecretaries(cid_);
  ASSERT_EQ(named.size(), 1u);
  EXPECT_EQ(named[*delegation], delegates_[1]);
  ASSERT_TRUE(m.SetGroupSecretary(*delegation, 0).ok());
  EXPECT_TRUE(m.GroupSecretaries(cid_)->empty());
  ASSERT_TRUE(m.SetGroupSecretary(*delegation, delegates_[1]).ok());
  auto gone = backend().congresses().DeleteDelegation(*delegation, std::nullopt,
                                                       [](const congress::Dependents&) -> Result<bool> { return true; });
  ASSERT_TRUE(gone.ok()) << gone.status().ToString();
  EXPECT_TRUE(m.GroupSecretaries(cid_)->empty());

  // What the chair presents (decision 74): nothing at first, then the last
  // one, whole, for this congress only.
  EXPECT_EQ(m.GetPresentation(cid_)->code, "");
  meeting::Presentation shown{"ABCD1234", "Báo cáo chính trị", 3, 500, "chu-toa", "delegates"};
  ASSERT_TRUE(m.SavePresentation(cid_, shown).ok());
  shown.page = 4;
  ASSERT_TRUE(m.SavePresentation(cid_, shown).ok());  // replaces
  auto now = *m.GetPresentation(cid_);
  EXPECT_EQ(now.code, "ABCD1234");
  EXPECT_EQ(now.title, "Báo cáo chính trị");
  EXPECT_EQ(now.page, 4);
  EXPECT_EQ(now.since, 500);
  EXPECT_EQ(now.by, "chu-toa");
  EXPECT_EQ(now.audience, "delegates");
  EXPECT_EQ(m.GetPresentation(cid_ + 1000)->code, "");
}

INSTANTIATE_TEST_SUITE_P(Backends, AttendanceContract, ::testing::Values("sqlite", "postgres"),
                         BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, MeetingContract, ::testing::Values("sqlite", "postgres"),
                         BackendName);

}  // namespace
}  // namespace phonghop::contract
