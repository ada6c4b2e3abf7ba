// The face domain without models: gallery decisions, quality gates, the
// image header guard, and the attendance use cases (with a fake engine and
// a real SQLite store).
#include <gtest/gtest.h>

#include <thread>

#include "app/demo_congress.h"
#include "attendance/attendance_service.h"
#include "common/event_publisher.h"
#include "face/gallery.h"
#include "face/image_header.h"
#include "face/liveness.h"
#include "face/quality.h"
#include "storage/sqlite/sqlite_attendance_repository.h"
#include "storage/sqlite/sqlite_audit_log.h"
#include "storage/sqlite/sqlite_congress_repository.h"
#include "test_db.h"
#include "test_files.h"

namespace phonghop {
namespace {

face::Embedding Unit(int dim, std::initializer_list<std::pair<int, float>> parts) {
  face::Embedding e(dim, 0.f);
  for (auto [i, v] : parts) e[i] = v;
  face::Normalize(e);
  return e;
}

TEST(FaceGalleryTest, BestAndRunnerUpAreDifferentDelegates) {
  face::FaceGallery g(4);
  g.Add(1, 10, Unit(4, {{0, 1}}));
  g.Add(1, 10, Unit(4, {{0, 1}, {1, 0.3f}}));  // a second photo of 10
  g.Add(1, 20, Unit(4, {{1, 1}}));
  g.Add(2, 30, Unit(4, {{0, 1}}));  // another congress
  auto m = g.Identify(1, Unit(4, {{0, 1}, {1, 0.1f}}));
  EXPECT_EQ(m.delegate_id, 10);
  EXPECT_GT(m.score, 0.99f);
  // The runner-up is delegate 20, not delegate 10's other photo.
  EXPECT_LT(m.second, 0.2f);
  EXPECT_EQ(g.Size(1), 3u);
  g.RemoveDelegate(1, 10);
  EXPECT_EQ(g.Identify(1, Unit(4, {{0, 1}})).delegate_id, 20);
  EXPECT_FALSE(g.HasDelegate(1, 10));
  EXPECT_EQ(g.Verify(2, 30, Unit(4, {{0, 1}})), 1.0f);
  g.Clear(1);
  EXPECT_EQ(g.Identify(1, Unit(4, {{0, 1}})).delegate_id, 0);
  // A probe of the wrong size never matches.
  EXPECT_EQ(g.Identify(2, face::Embedding(3, 1.f)).delegate_id, 0);
}

TEST(FaceQualityTest, GatesSayWhatIsWrong) {
  face::FaceReading r;
  EXPECT_EQ(face::CheckQuality(r, face::EnrolmentPolicy()), face::FaceProblem::kNoFace);
  r.faces = 1;
  r.embedding = {1.f};
  r.box = {0, 0, 120, 150, 0.9f};
  r.sharpness = 100;
  EXPECT_EQ(face::CheckQuality(r, face::EnrolmentPolicy()), face::FaceProblem::kNone);
  r.yaw = 0.6f;
  EXPECT_EQ(face::CheckQuality(r, face::EnrolmentPolicy()), face::FaceProblem::kTurnedAway);
  r.yaw = 0;
  r.sharpness = 5;
  EXPECT_EQ(face::CheckQuality(r, face::KioskPolicy()), face::FaceProblem::kBlurred);
  r.sharpness = 100;
  r.box.w = 30;
  EXPECT_EQ(face::CheckQuality(r, face::KioskPolicy()), face::FaceProblem::kTooSmall);
  r.box.w = 120;
  // Someone far behind in the queue is fine at the kiosk, not in an enrolment photo.
  r.others.push_back({300, 0, 70, 80, 0.9f});
  EXPECT_EQ(face::CheckQuality(r, face::KioskPolicy()), face::FaceProblem::kNone);
  EXPECT_EQ(face::CheckQuality(r, face::EnrolmentPolicy()), face::FaceProblem::kSeveralFaces);
  EXPECT_FALSE(face::ProblemMessage(face::FaceProblem::kSeveralFaces).empty());
}

TEST(ImageHeaderTest, ReadsSizesAndRefusesTheRest) {
  auto png = face::ReadImageHeader(testing::MakePng(640, 480));
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(png->kind, face::ImageHeader::Kind::kPng);
  EXPECT_EQ(png->width, 640);
  EXPECT_EQ(png->height, 480);
  // A JPEG: SOI, an APP0 segment, then SOF0 with 7000×5000.
  std::string jpeg = "\xFF\xD8\xFF\xE0";
  jpeg += std::string("\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 16);
  jpeg += std::string("\xFF\xC0\x00\x11\x08\x13\x88\x1B\x58\x03", 10);
  auto j = face::ReadImageHeader(jpeg);
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ(j->width, 7000);
  EXPECT_EQ(j->height, 5000);
  for (std::string bad : {std::string(), std::string("GIF89a"), std::string("\xFF\xD8\xFF"),
                          jpeg.substr(0, 24), std::string("\x89PNG\r\n\x1a\n", 8)})
    EXPECT_FALSE(face::ReadImageHeader(bad).ok());
}

TEST(EmbeddingTest, BytesRoundTrip) {
  face::Embedding e = Unit(8, {{1, 0.5f}, {7, -2}});
  auto back = face::FromBytes(face::ToBytes(e));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, e);
  EXPECT_FALSE(face::FromBytes("abc").ok());
  EXPECT_NEAR(face::Cosine(e, e), 1.0f, 1e-6);
}

// "face:N" is a camera frame of person N (a unit vector on axis N);
// "print:N" a printed photo of person N held up to the camera (same face,
// not live); "noface" has none.
class FakeEngine : public face::FaceEngine {
 public:
  Result<face::FaceReading> Read(std::string_view img) override {
    face::FaceReading r;
    const bool face = img.rfind("face:", 0) == 0, print = img.rfind("print:", 0) == 0;
    if (!face && !print) {
      if (img == "noface") return r;
      return Status::InvalidArgument("not an image");
    }
    r.faces = 1;
    r.box = {10, 10, 150, 180, 0.99f};
    r.sharpness = 200;
    r.embedding = Unit(16, {{std::stoi(std::string(img.substr(face ? 5 : 6))), 1}});
    return r;
  }
  int dimension() const override { return 16; }
  std::string_view model_id() const override { return "fake"; }
};

// The liveness port faked: prints score 0.02, camera frames 0.97.
class FakeLiveness : public face::LivenessDetector {
 public:
  Result<float> LiveProbability(std::string_view img, const face::FaceBox& box) override {
    ++calls;
    if (box.w <= 0) return Status::InvalidArgument("no box");
    return img.rfind("print:", 0) == 0 ? 0.02f : 0.97f;
  }
  std::string_view model_id() const override { return "fake-liveness"; }
  int calls = 0;
};

class AttendanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenTestDb(dir_);
    congresses_ = std::make_unique<storage::SqliteCongressRepository>(*db_);
    repo_ = std::make_unique<storage::SqliteAttendanceRepository>(*db_);
    audit_ = std::make_unique<storage::SqliteAuditLog>(*db_);
    ASSERT_TRUE(congresses_->CreateBundle(app::MakeDemoCongress(clock_.NowUnix())).ok());
    svc_ = std::make_unique<attendance::AttendanceService>(*congresses_, *repo_, &engine_, gallery_, *audit_,
                                                           clock_, events_, attendance::MatchPolicy{},
                                                           &liveness_, face::LivenessPolicy{});
  }
  using Kind = attendance::CheckInOutcome::Kind;
  Kind FaceCheckIn(std::vector<std::string_view> frames) {
    auto o = svc_->CheckInByFace("demo", 0, frames, door_);
    EXPECT_TRUE(o.ok()) << o.status().message();
    return o.ok() ? o->kind : Kind::kUnknown;
  }
  testing::TempDir dir_;
  FixedClock clock_{1764374400};
  NullPublisher events_;
  FakeEngine engine_;
  FakeLiveness liveness_;
  face::FaceGallery gallery_{16};
  std::unique_ptr<storage::SqliteDatabase> db_;
  std::unique_ptr<storage::SqliteCongressRepository> congresses_;
  std::unique_ptr<storage::SqliteAttendanceRepository> repo_;
  std::unique_ptr<storage::SqliteAuditLog> audit_;
  std::unique_ptr<attendance::AttendanceService> svc_;
  attendance::Actor door_{"op (checkin)", "10.0.0.5", "Cửa A", ""};
};

TEST_F(AttendanceTest, FaceCheckInIsIdempotentAndStrangersAreRefused) {
  ASSERT_TRUE(svc_->Enrol("demo", "001", "face:1", true, false, door_).ok());
  ASSERT_TRUE(svc_->Enrol("demo", "002", "face:2", true, false, door_).ok());
  EXPECT_FALSE(svc_->Enrol("demo", "003", "face:3", /*consent=*/false, false, door_).ok());
  EXPECT_EQ(svc_->Enrol("demo", "003", "face:1", true, false, door_).status().code(), StatusCode::kConflict);
  auto first = svc_->CheckInByFace("demo", 0, "face:2", door_);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->kind, attendance::CheckInOutcome::Kind::kCheckedIn);
  EXPECT_EQ(first->delegate.badge, "002");
  EXPECT_EQ(first->record.kiosk, "Cửa A");
  clock_.Set(clock_.NowUnix() + 60);
  auto again = svc_->CheckInByFace("demo", 0, "face:2", door_);
  EXPECT_EQ(again->kind, attendance::CheckInOutcome::Kind::kAlready);
  EXPECT_EQ(again->record.at, first->record.at);
  EXPECT_EQ(svc_->CheckInByFace("demo", 0, "face:9", door_)->kind, attendance::CheckInOutcome::Kind::kUnknown);
  EXPECT_EQ(svc_->CheckInByFace("demo", 0, "noface", door_)->kind, attendance::CheckInOutcome::Kind::kBadFrame);
  EXPECT_FALSE(svc_->CheckInByFace("demo", 0, "garbage", door_).ok());
  auto roll = svc_->RollCall("demo", 0);
  ASSERT_TRUE(roll.ok());
  EXPECT_EQ(roll->present, 1);
  EXPECT_EQ(roll->by_face, 1);
  // Deleting the delegate's biometrics: no longer recognised.
  EXPECT_EQ(*svc_->DeleteBiometrics("demo", "001", door_), 1);
  EXPECT_EQ(svc_->CheckInByFace("demo", 0, "face:1", door_)->kind, attendance::CheckInOutcome::Kind::kUnknown);
}

TEST_F(AttendanceTest, PrintedPhotoNeverChecksAnyoneIn) {
  // Enrolment photos are not liveness-checked: the secretariat may upload a scan.
  const int before = liveness_.calls;
  ASSERT_TRUE(svc_->Enrol("demo", "001", "print:1", true, false, door_).ok());
  EXPECT_EQ(liveness_.calls, before);
  // Three frames of a print of delegate 001: refused, counted, nobody present.
  auto o = svc_->CheckInByFace("demo", 0, std::vector<std::string_view>{"print:1", "print:1", "print:1"}, door_);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kNotLive);
  EXPECT_EQ(std::string(attendance::ToString(o->kind)), "not_live");
  EXPECT_EQ(o->suspected_attacks, 1);
  EXPECT_TRUE(o->delegate.badge.empty());  // not even told whose face it is
  EXPECT_EQ(FaceCheckIn({"print:1"}), Kind::kNotLive);  // a single frame too
  EXPECT_EQ(svc_->SuspectedAttacks("demo"), 2);
  EXPECT_EQ(svc_->RollCall("demo", 0)->present, 0);
  // The audit log says "suspected photo", with no picture.
  auto log = audit_->List(10, 0);
  ASSERT_TRUE(log.ok());
  ASSERT_FALSE(log->empty());
  EXPECT_NE(log->front().action.find("suspected photo"), std::string::npos);
  EXPECT_EQ(log->front().outcome, "not_live");
  // One bad frame out of three neither refuses a person nor admits a print.
  EXPECT_EQ(FaceCheckIn({"print:1", "face:1", "print:1"}), Kind::kNotLive);
  EXPECT_EQ(svc_->RollCall("demo", 0)->present, 0);
  EXPECT_EQ(FaceCheckIn({"face:1", "print:1", "face:1"}), Kind::kCheckedIn);
  EXPECT_EQ(svc_->RollCall("demo", 0)->present, 1);
}

TEST_F(AttendanceTest, FramesOfTwoPeopleAreNotOneCheckIn) {
  ASSERT_TRUE(svc_->Enrol("demo", "001", "face:1", true, false, door_).ok());
  ASSERT_TRUE(svc_->Enrol("demo", "002", "face:2", true, false, door_).ok());
  EXPECT_EQ(FaceCheckIn({"face:1", "face:2", "face:1"}), Kind::kUnknown);
  EXPECT_EQ(FaceCheckIn({"face:1", "noface", "face:1"}), Kind::kBadFrame);
  EXPECT_EQ(svc_->RollCall("demo", 0)->present, 0);
  std::vector<std::string_view> six(6, "face:1");
  EXPECT_EQ(svc_->CheckInByFace("demo", 0, six, door_).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(svc_->CheckInByFace("demo", 0, std::vector<std::string_view>{}, door_).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(FaceCheckIn({"face:2", "face:2", "face:2"}), Kind::kCheckedIn);
}

TEST_F(AttendanceTest, BadgeWithAPrintIsRefusedAndBadgeAloneWorksWithoutAFaceOnFile) {
  ASSERT_TRUE(svc_->Enrol("demo", "001", "face:1", true, false, door_).ok());
  auto o = svc_->CheckInByBadge("demo", 0, "001", "print:1", door_);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->kind, Kind::kNotLive);
  EXPECT_EQ(svc_->RollCall("demo", 0)->present, 0);
  EXPECT_EQ(svc_->CheckInByBadge("demo", 0, "001", "face:1", door_)->kind, Kind::kCheckedIn);
  // Delegate 002 has no face on file: the badge decides, the frame is not compared.
  EXPECT_EQ(svc_->CheckInByBadge("demo", 0, "002", "face:7", door_)->kind, Kind::kCheckedIn);
  EXPECT_EQ(svc_->RollCall("demo", 0)->present, 2);
}

TEST_F(AttendanceTest, WithoutALivenessModelFaceCheckInIsOffNotOpen) {
  attendance::AttendanceService no_live(*congresses_, *repo_, &engine_, gallery_, *audit_, clock_, events_);
  ASSERT_TRUE(no_live.Enrol("demo", "001", "face:1", true, false, door_).ok());
  EXPECT_FALSE(no_live.liveness_available());
  EXPECT_EQ(no_live.CheckInByFace("demo", 0, "print:1", door_).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(no_live.RollCall("demo", 0)->present, 0);
  // Badge and manual check-in still work.
  EXPECT_EQ(no_live.CheckInByBadge("demo", 0, "001", "", door_)->kind, Kind::kCheckedIn);
}

TEST_F(AttendanceTest, QuorumIsTwoThirdsOfOfficialDelegates) {
  auto roll = svc_->RollCall("demo", 0);
  ASSERT_TRUE(roll.ok());
  const int official = roll->official_expected;
  ASSERT_GT(official, 0);
  EXPECT_EQ(roll->quorum_needed, (official * 2 + 2) / 3);
  auto delegates = congresses_->ListDelegates(1);
  int checked = 0;
  for (const auto& d : *delegates) {
    if (d.kind != congress::DelegateKind::kOfficial) continue;
    if (checked == roll->quorum_needed) break;
    ASSERT_TRUE(svc_->CheckInManual("demo", 0, d.badge, "điểm danh giấy", door_).ok());
    ++checked;
    auto r = svc_->RollCall("demo", 0);
    EXPECT_EQ(r->delegates_quorum_met, checked >= roll->quorum_needed);
    // Both halves of R1: the officials and the delegations they represent.
    EXPECT_EQ(r->quorum_met, r->delegates_quorum_met && r->units_present >= r->units_needed);
  }
  EXPECT_TRUE(svc_->RollCall("demo", 0)->delegates_quorum_met);
  EXPECT_EQ(svc_->RollCall("demo", 0)->missing.size(), size_t(roll->expected - checked));
  EXPECT_FALSE(svc_->CheckInManual("demo", 0, "001", "  ", door_).ok());
}

TEST_F(AttendanceTest, ConcurrentKiosksStoreOneRecord) {
  std::vector<std::thread> ts;
  std::atomic<int> inserted{0};
  for (int i = 0; i < 8; ++i)
    ts.emplace_back([&] {
      auto o = svc_->CheckInByBadge("demo", 0, "005", "", door_);
      if (o.ok() && o->kind == attendance::CheckInOutcome::Kind::kCheckedIn) ++inserted;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(inserted.load(), 1);
  EXPECT_EQ(svc_->RollCall("demo", 0)->present, 1);
}

TEST_F(AttendanceTest, CurrentSessionFollowsTheVenueClock) {
  auto sessions = congresses_->ListSessions(1);
  ASSERT_GE(sessions->size(), 2u);
  // Before the congress: the first session; after it: the last.
  clock_.Set(0);
  EXPECT_EQ(svc_->CurrentSession("demo")->id, sessions->front().id);
  clock_.Set(4102444800);  // 2100
  EXPECT_EQ(svc_->CurrentSession("demo")->id, sessions->back().id);
  EXPECT_FALSE(svc_->CurrentSession("demo", 999999).ok());
}

}  // namespace
}  // namespace phonghop
