#include "attendance/attendance_service.h"

#include <algorithm>
#include <map>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

#include "attendance/quorum.h"
#include "congress/congress_service.h"

namespace phonghop::attendance {

using congress::Delegate;
using congress::DelegateKind;

const char* ToString(CheckInOutcome::Kind k) {
  switch (k) {
    case CheckInOutcome::Kind::kCheckedIn: return "checked_in";
    case CheckInOutcome::Kind::kAlready: return "already";
    case CheckInOutcome::Kind::kUnknown: return "unknown";
    case CheckInOutcome::Kind::kBadFrame: return "bad_frame";
    case CheckInOutcome::Kind::kMismatch: return "mismatch";
    case CheckInOutcome::Kind::kNotLive: return "not_live";
  }
  return "unknown";
}

AttendanceService::AttendanceService(congress::CongressRepository& congresses,
                                     AttendanceRepository& repo, face::FaceEngine* engine,
                                     face::FaceGallery& gallery, audit::AuditLog& audit,
                                     const Clock& clock, EventPublisher& events, MatchPolicy policy,
                                     face::LivenessDetector* liveness, face::LivenessPolicy live_policy)
    : congresses_(congresses), repo_(repo), engine_(engine), gallery_(gallery), audit_(audit),
      clock_(clock), events_(events), policy_(policy), liveness_(liveness), live_policy_(live_policy) {}

int AttendanceService::SuspectedAttacks(std::string_view slug) const {
  auto c = congresses_.GetCongress(slug);
  if (!c.ok()) return 0;
  std::lock_guard lock(attacks_mu_);
  auto it = attacks_.find(c->id);
  return it == attacks_.end() ? 0 : it->second;
}

namespace {

Status NoEngine() {
  return Status::Unavailable(
      "Chưa cài mô hình nhận diện khuôn mặt (face models not installed: run ./scripts/setup.sh)");
}

Status NoLiveness() {
  return Status::Unavailable(
      "Chưa cài mô hình chống giả mạo khuôn mặt — dùng thẻ hoặc điểm danh thủ công "
      "(liveness model not installed: run ./scripts/setup.sh)");
}

constexpr size_t kMaxFrames = 5;

// Venue time: Vietnam, UTC+7, no daylight saving.
constexpr int64_t kVenueOffset = 7 * 3600;

void VenueDateTime(int64_t unix, std::string* date, std::string* hhmm) {
  time_t t = time_t(unix + kVenueOffset);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char d[48], h[24];
  std::snprintf(d, sizeof d, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  std::snprintf(h, sizeof h, "%02d:%02d", tm.tm_hour, tm.tm_min);
  *date = d;
  *hhmm = h;
}

}  // namespace

Status AttendanceService::LoadGallery() {
  if (!engine_) return Status::Ok();
  PH_ASSIGN_OR_RETURN(auto list, congresses_.ListCongresses());
  for (const auto& c : list) {
    PH_ASSIGN_OR_RETURN(auto rows, repo_.ListFaces(c.id, std::string(engine_->model_id())));
    std::vector<std::pair<int64_t, face::Embedding>> faces;
    for (auto& [id, bytes] : rows) {
      auto e = face::FromBytes(bytes);
      if (e.ok()) faces.emplace_back(id, std::move(e).value());
    }
    gallery_.Load(c.id, faces);
  }
  return Status::Ok();
}

Status AttendanceService::ReloadGallery(std::string_view slug) {
  if (!engine_) return Status::Ok();
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(auto rows, repo_.ListFaces(c.id, std::string(engine_->model_id())));
  std::vector<std::pair<int64_t, face::Embedding>> faces;
  for (auto& [id, bytes] : rows) {
    auto e = face::FromBytes(bytes);
    if (e.ok()) faces.emplace_back(id, std::move(e).value());
  }
  gallery_.Load(c.id, faces);
  return Status::Ok();
}

void AttendanceService::Audit(const Actor& by, const std::string& action, const std::string& outcome) {
  audit::Entry e;
  e.at = clock_.NowUnix();
  e.actor = by.name.empty() ? "anonymous" : by.name;
  e.action = action;
  e.outcome = outcome;
  e.address = by.address.empty() ? "local" : by.address;
  (void)audit_.Append(e);
}

Result<Delegate> AttendanceService::FindDelegate(int64_t congress_id, std::string_view badge) {
  PH_ASSIGN_OR_RETURN(auto all, congresses_.ListDelegates(congress_id));
  for (auto& d : all)
    if (d.badge == badge) return d;
  // Typed at the door without the leading zeros ("1" for badge "001"): the
  // one badge of the same number, if exactly one.
  auto digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 12 && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  auto number = [](std::string_view s) {
    s.remove_prefix(std::min(s.find_first_not_of('0'), s.size()));
    return s;
  };
  if (digits(badge)) {
    const Delegate* hit = nullptr;
    int hits = 0;
    for (const auto& d : all)
      if (digits(d.badge) && number(d.badge) == number(badge)) {
        hit = &d;
        ++hits;
      }
    if (hits == 1) return *hit;
  }
  return Status::NotFound("Không có đại biểu mang thẻ số \"" + std::string(badge) + "\"");
}

Result<face::FaceReading> AttendanceService::ReadFace(std::string_view image) {
  if (!engine_) return NoEngine();
  if (image.empty()) return Status::InvalidArgument("Chưa có ảnh");
  return engine_->Read(image);
}

// ---------------------------------------------------------------- enrolment

Result<EnrolOutcome> AttendanceService::Enrol(std::string_view slug, std::string_view badge,
                                              std::string_view image, bool consent, bool keep_photo,
                                              const Actor& by) {
  if (!engine_) return NoEngine();
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(Delegate d, FindDelegate(c.id, badge));
  if (!consent)
    return Status::InvalidArgument(
        "Cần sự đồng ý của đại biểu trước khi lưu dữ liệu khuôn mặt (Nghị định 13/2023/NĐ-CP)");
  PH_ASSIGN_OR_RETURN(face::FaceReading r, ReadFace(image));
  face::FaceProblem p = face::CheckQuality(r, face::EnrolmentPolicy());
  if (p != face::FaceProblem::kNone)
    return Status::InvalidArgument(face::ProblemMessage(p)).WithReason(face::ProblemCode(p));
  // The same face must not open two badges.
  face::GalleryMatch m = gallery_.Identify(c.id, r.embedding);
  if (m.delegate_id != 0 && m.delegate_id != d.id && m.score >= policy_.threshold) {
    std::string other = "#" + std::to_string(m.delegate_id);
    if (auto all = congresses_.ListDelegates(c.id); all.ok())
      for (auto& x : *all)
        if (x.id == m.delegate_id) other = x.badge + " " + x.full_name;
    return Status::Conflict("Khuôn mặt này đã được đăng ký cho đại biểu " + other);
  }
  FaceRecord f;
  f.delegate_id = d.id;
  f.embedding = face::ToBytes(r.embedding);
  f.model = std::string(engine_->model_id());
  if (keep_photo) f.photo_jpeg = r.face_jpeg;
  f.created_at = clock_.NowUnix();
  f.created_by = by.name;
  PH_RETURN_IF_ERROR(repo_.AddFace(c.id, f).status());
  gallery_.Add(c.id, d.id, r.embedding);
  Audit(by, "enrol face " + d.badge + " " + d.full_name, keep_photo ? "embedding+photo" : "embedding");
  EnrolOutcome o;
  o.delegate = d;
  o.photo_kept = keep_photo && !f.photo_jpeg.empty();
  o.faces_enrolled = 0;
  if (auto b = repo_.Biometrics(c.id); b.ok() && b->count(d.id)) o.faces_enrolled = b->at(d.id).faces;
  o.reading = std::move(r);
  events_.Publish(slug, "biometrics_changed", nlohmann::json{{"badge", d.badge}}.dump());
  return o;
}

Status AttendanceService::RecordRefusal(std::string_view slug, std::string_view badge, const Actor& by) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(Delegate d, FindDelegate(c.id, badge));
  PH_ASSIGN_OR_RETURN(int n, repo_.DeleteFaces(d.id));
  gallery_.RemoveDelegate(c.id, d.id);
  PH_RETURN_IF_ERROR(repo_.SetConsent(d.id, Consent::kRefused, by.name, clock_.NowUnix()));
  Audit(by, "consent refused " + d.badge + " " + d.full_name, std::to_string(n) + " faces deleted");
  return Status::Ok();
}

Result<std::string> AttendanceService::Photo(std::string_view slug, std::string_view badge, const Actor& by) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(Delegate d, FindDelegate(c.id, badge));
  PH_ASSIGN_OR_RETURN(std::string photo, repo_.FacePhoto(d.id));
  // Only a photo actually handed out is a read worth a row.
  // The congress's slug as a word of its own: `move` carries the row along.
  Audit(by, "read face photo " + c.slug + " " + d.badge + " " + d.full_name, "shown");
  return photo;
}

Result<int> AttendanceService::DeleteBiometrics(std::string_view slug, std::string_view badge,
                                                const Actor& by) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(Delegate d, FindDelegate(c.id, badge));
  PH_ASSIGN_OR_RETURN(int n, repo_.DeleteFaces(d.id));
  gallery_.RemoveDelegate(c.id, d.id);
  Audit(by, "delete biometrics " + d.badge + " " + d.full_name, std::to_string(n) + " faces");
  events_.Publish(slug, "biometrics_changed", nlohmann::json{{"badge", d.badge}}.dump());
  return n;
}

Result<int> AttendanceService::DeleteCongressBiometrics(std::string_view slug, const Actor& by) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(int n, repo_.DeleteCongressFaces(c.id));
  gallery_.Clear(c.id);
  Audit(by, "delete biometrics of congress " + c.slug, std::to_string(n) + " faces");
  events_.Publish(slug, "biometrics_changed", "{}");
  return n;
}

Result<std::map<int64_t, BiometricStatus>> AttendanceService::Biometrics(std::string_view slug) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  return repo_.Biometrics(c.id);
}

// ---------------------------------------------------------------- check-in

Result<congress::Session> AttendanceService::CurrentSession(std::string_view slug, int64_t session_id) {
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(auto sessions, congresses_.ListSessions(c.id));
  if (sessions.empty()) return Status::NotFound("Đại hội chưa có phiên họp nào");
  if (session_id != 0) {
    for (auto& s : sessions)
      if (s.id == session_id) return s;
    return Status::NotFound("Không có phiên họp " + std::to_string(session_id));
  }
  std::string today, now;
  VenueDateTime(clock_.NowUnix(), &today, &now);
  auto key = [](const congress::Session& s) { return s.date + " " + s.starts_at; };
  std::sort(sessions.begin(), sessions.end(), [&](auto& a, auto& b) { return key(a) < key(b); });
  for (auto& s : sessions)  // running now (doors open an hour before)
    if (s.date == today && (s.ends_at.empty() || now <= s.ends_at)) return s;
  for (auto& s : sessions)
    if (s.date > today) return s;
  return sessions.back();
}

Result<AttendanceService::Context> AttendanceService::Resolve(std::string_view slug, int64_t session_id) {
  Context ctx;
  PH_ASSIGN_OR_RETURN(ctx.congress, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(ctx.session, CurrentSession(slug, session_id));
  return ctx;
}

Result<CheckInOutcome> AttendanceService::Record(const Context& ctx, const Delegate& d, Method m,
                                                 double score, std::string reason, const Actor& by) {
  CheckIn c;
  c.congress_id = ctx.congress.id;
  c.session_id = ctx.session.id;
  c.delegate_id = d.id;
  c.method = m;
  c.at = clock_.NowUnix();
  c.kiosk = by.kiosk;
  c.operator_name = by.name;
  c.reason = std::move(reason);
  c.score = score;
  c.idempotency_key = by.idempotency_key;
  // The audit entry goes into the check-in's own transaction: a node that
  // dies after COMMIT leaves both or neither (decision 530).
  audit::Entry entry;
  entry.at = c.at;
  entry.actor = by.name.empty() ? "anonymous" : by.name;
  entry.action = std::string("check-in ") + ToString(m) + " " + d.badge + " " + d.full_name + " — " +
                 ctx.session.name + (by.kiosk.empty() ? "" : " @ " + by.kiosk) +
                 (c.reason.empty() ? "" : " (" + c.reason + ")");
  entry.outcome = "present";
  entry.address = by.address.empty() ? "local" : by.address;
  CheckInOutcome o;
  // The check-in, its audit row and the roll's live event are one
  // transaction (decisions 530, 552): a node dying anywhere in between
  // leaves all three or none, and the kiosk's retry settles it.
  Status done = Units().Run([&]() -> Status {
    PH_ASSIGN_OR_RETURN(RecordedCheckIn stored, repo_.RecordCheckIn(c, entry));
    o.kind = stored.how == RecordedCheckIn::How::kAlready ? CheckInOutcome::Kind::kAlready
                                                          : CheckInOutcome::Kind::kCheckedIn;
    o.replayed = stored.how == RecordedCheckIn::How::kReplayed;
    o.delegate = d;
    o.record = stored.record;
    o.score = float(score);
    if (o.replayed && stored.record.delegate_id != d.id) {
      // The first attempt under this key recognised someone else: answer
      // what was stored then.
      PH_ASSIGN_OR_RETURN(auto all, congresses_.ListDelegates(ctx.congress.id));
      for (auto& other : all)
        if (other.id == stored.record.delegate_id) o.delegate = other;
    }
    if (stored.how == RecordedCheckIn::How::kInserted) PublishRoll(ctx, o);
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  return o;
}

void AttendanceService::PublishRoll(const Context& ctx, const CheckInOutcome& o) {
  auto roll = RollCall(ctx.congress.slug, ctx.session.id);
  if (!roll.ok()) return;
  nlohmann::json j = {{"session_id", ctx.session.id},
                      {"present", roll->present},
                      {"expected", roll->expected},
                      {"official_present", roll->official_present},
                      {"quorum_needed", roll->quorum_needed},
                      {"quorum_met", roll->quorum_met},
                      {"units_present", roll->units_present},
                      {"units_expected", roll->units_expected},
                      {"units_needed", roll->units_needed},
                      {"method", ToString(o.record.method)}};
  // The event stream is public (every phone holds one): counts only, no
  // names; the dashboard fetches who is present with its own session.
  events_.Publish(ctx.congress.slug, "attendance", j.dump());
}

Result<bool> AttendanceService::CheckLive(const Context& ctx, std::span<const std::string_view> frames,
                                          std::span<const face::FaceReading> readings, const Actor& by,
                                          const std::string& badge, CheckInOutcome* o) {
  if (!liveness_) {
    if (live_policy_.required) return NoLiveness();
    return true;
  }
  std::vector<float> scores;
  for (size_t i = 0; i < frames.size(); ++i) {
    PH_ASSIGN_OR_RETURN(float s, liveness_->LiveProbability(frames[i], readings[i].box));
    scores.push_back(s);
  }
  o->live = face::MedianScore(scores);
  if (face::AreLive(scores, live_policy_)) return true;
  o->kind = CheckInOutcome::Kind::kNotLive;
  {
    std::lock_guard lock(attacks_mu_);
    o->suspected_attacks = ++attacks_[ctx.congress.id];
  }
  // The operators' dashboards hear of it at once; the public event stream
  // carries the count and the kiosk, never a name or a picture.
  events_.Publish(ctx.congress.slug, "suspected_photo",
                  nlohmann::json{{"suspected_attacks", o->suspected_attacks}, {"kiosk", by.kiosk}}.dump());
  // No picture is kept: the log says what happened, where and how sure.
  char live[16];
  std::snprintf(live, sizeof live, "%.3f", o->live);
  Audit(by, "check-in refused: suspected photo" + std::string(badge.empty() ? "" : " (badge " + badge + ")") +
                " — " + ctx.session.name + (by.kiosk.empty() ? "" : " @ " + by.kiosk) + ", live " + live +
                " over " + std::to_string(frames.size()) + " frame(s)",
        "not_live");
  return false;
}

Result<CheckInOutcome> AttendanceService::CheckInByFace(std::string_view slug, int64_t session_id,
                                                        std::span<const std::string_view> frames,
                                                        const Actor& by) {
  if (!engine_) return NoEngine();
  if (frames.empty()) return Status::InvalidArgument("Chưa có ảnh");
  if (frames.size() > kMaxFrames)
    return Status::InvalidArgument("Quá nhiều ảnh trong một lần điểm danh (tối đa 5 ảnh)");
  PH_ASSIGN_OR_RETURN(Context ctx, Resolve(slug, session_id));
  std::vector<face::FaceReading> readings;
  CheckInOutcome o;
  for (std::string_view f : frames) {
    PH_ASSIGN_OR_RETURN(face::FaceReading r, ReadFace(f));
    o.box = r.box;
    o.problem = face::CheckQuality(r, face::KioskPolicy());
    if (o.problem != face::FaceProblem::kNone) {
      o.kind = CheckInOutcome::Kind::kBadFrame;
      return o;
    }
    readings.push_back(std::move(r));
  }
  // Liveness before identification: a refused frame never checks anyone in.
  PH_ASSIGN_OR_RETURN(bool live, CheckLive(ctx, frames, readings, by, "", &o));
  if (!live) return o;

  // The mean embedding of the frames is steadier than any one of them.
  face::Embedding mean = readings[0].embedding;
  for (size_t i = 1; i < readings.size(); ++i)
    for (size_t k = 0; k < mean.size() && k < readings[i].embedding.size(); ++k) mean[k] += readings[i].embedding[k];
  face::Normalize(mean);
  face::GalleryMatch m = gallery_.Identify(ctx.congress.id, mean);
  o.score = m.score;
  o.second = m.second;
  if (m.delegate_id == 0 || m.score < policy_.threshold || m.score - m.second < policy_.margin) {
    o.kind = CheckInOutcome::Kind::kUnknown;
    return o;
  }
  // Every frame must be that person (no frames of two people in one request).
  for (const auto& r : readings)
    if (gallery_.Verify(ctx.congress.id, m.delegate_id, r.embedding) < policy_.verify_threshold) {
      o.kind = CheckInOutcome::Kind::kUnknown;
      return o;
    }
  PH_ASSIGN_OR_RETURN(auto all, congresses_.ListDelegates(ctx.congress.id));
  for (auto& d : all)
    if (d.id == m.delegate_id) {
      PH_ASSIGN_OR_RETURN(CheckInOutcome rec, Record(ctx, d, Method::kFace, m.score, "", by));
      rec.second = m.second;
      rec.box = o.box;
      rec.live = o.live;
      return rec;
    }
  o.kind = CheckInOutcome::Kind::kUnknown;  // enrolled delegate since removed
  return o;
}

Result<AttendanceService::Identification> AttendanceService::Identify(std::string_view slug,
                                                                      std::string_view image) {
  if (!engine_) return NoEngine();
  PH_ASSIGN_OR_RETURN(auto c, congresses_.GetCongress(slug));
  PH_ASSIGN_OR_RETURN(face::FaceReading r, ReadFace(image));
  Identification id;
  id.faces = r.faces;
  if (r.embedding.empty()) return id;
  face::GalleryMatch m = gallery_.Identify(c.id, r.embedding);
  id.score = m.score;
  id.second = m.second;
  if (m.delegate_id == 0 || m.score < policy_.threshold || m.score - m.second < policy_.margin) return id;
  PH_ASSIGN_OR_RETURN(auto all, congresses_.ListDelegates(c.id));
  for (auto& d : all)
    if (d.id == m.delegate_id) {
      id.badge = d.badge;
      id.full_name = d.full_name;
    }
  return id;
}

Result<CheckInOutcome> AttendanceService::CheckInByBadge(std::string_view slug, int64_t session_id,
                                                         std::string_view badge_or_token,
                                                         std::string_view image, const Actor& by) {
  PH_ASSIGN_OR_RETURN(Context ctx, Resolve(slug, session_id));
  std::string key(badge_or_token);
  // A badge QR holds a link ending in /t/TOKEN; accept the link itself.
  if (auto pos = key.rfind("/t/"); pos != std::string::npos) key = key.substr(pos + 3);
  Result<Delegate> d = FindDelegate(ctx.congress.id, key);
  if (!d.ok()) {
    auto by_token = congresses_.FindDelegateByToken(congress::TokenHash(key));
    if (!by_token.ok() || by_token->congress_id != ctx.congress.id)
      return Status::NotFound("Thẻ không hợp lệ hoặc đã bị thu hồi");
    d = std::move(by_token).value();
  }
  double score = 0;
  // The 1:1 face check needs a face on file: without one the badge decides.
  if (!image.empty() && engine_ && gallery_.HasDelegate(ctx.congress.id, d->id)) {
    PH_ASSIGN_OR_RETURN(face::FaceReading r, ReadFace(image));
    CheckInOutcome o;
    o.delegate = *d;
    o.box = r.box;
    o.problem = face::CheckQuality(r, face::KioskPolicy());
    if (o.problem != face::FaceProblem::kNone) {
      o.kind = CheckInOutcome::Kind::kBadFrame;
      return o;
    }
    const std::string_view frame[] = {image};
    PH_ASSIGN_OR_RETURN(bool live, CheckLive(ctx, frame, std::span<const face::FaceReading>(&r, 1), by, d->badge, &o));
    if (!live) return o;
    float s = gallery_.Verify(ctx.congress.id, d->id, r.embedding);
    o.score = s;
    if (s < policy_.verify_threshold) {
      o.kind = CheckInOutcome::Kind::kMismatch;
      Audit(by, "check-in refused: face does not match badge " + d->badge, "mismatch");
      return o;
    }
    score = s;
  }
  return Record(ctx, *d, Method::kBadge, score, "", by);
}

Result<CheckInOutcome> AttendanceService::CheckInManual(std::string_view slug, int64_t session_id,
                                                        std::string_view badge, std::string_view reason,
                                                        const Actor& by) {
  std::string why(reason);
  while (!why.empty() && (why.back() == ' ' || why.back() == '\n')) why.pop_back();
  if (why.empty())
    return Status::InvalidArgument("Điểm danh thủ công cần ghi lý do");
  if (why.size() > 500) return Status::InvalidArgument("Lý do quá dài (tối đa 500 ký tự)");
  PH_ASSIGN_OR_RETURN(Context ctx, Resolve(slug, session_id));
  PH_ASSIGN_OR_RETURN(Delegate d, FindDelegate(ctx.congress.id, badge));
  return Record(ctx, d, Method::kManual, 0, why, by);
}

Result<bool> AttendanceService::CheckOut(std::string_view slug, int64_t session_id, std::string_view badge,
                                         const Actor& by) {
  PH_ASSIGN_OR_RETURN(Context ctx, Resolve(slug, session_id));
  PH_ASSIGN_OR_RETURN(Delegate d, FindDelegate(ctx.congress.id, badge));
  bool changed = false;
  // The check-out and the roll's event commit together (decision 552).
  Status done = Units().Run([&]() -> Status {
    PH_ASSIGN_OR_RETURN(changed, repo_.CheckOut(ctx.session.id, d.id, clock_.NowUnix()));
    if (changed) {
      CheckInOutcome o;
      o.delegate = d;
      o.record.method = Method::kManual;
      PublishRoll(ctx, o);
    }
    return Status::Ok();
  });
  PH_RETURN_IF_ERROR(done);
  if (changed) Audit(by, "check-out " + d.badge + " " + d.full_name + " — " + ctx.session.name, "left");
  return changed;
}

Result<Roll> AttendanceService::RollCall(std::string_view slug, int64_t session_id) {
  PH_ASSIGN_OR_RETURN(Context ctx, Resolve(slug, session_id));
  PH_ASSIGN_OR_RETURN(auto delegates, congresses_.ListDelegates(ctx.congress.id));
  PH_ASSIGN_OR_RETURN(auto delegations, congresses_.ListDelegations(ctx.congress.id));
  PH_ASSIGN_OR_RETURN(auto checkins, repo_.ListCheckIns(ctx.session.id));
  Roll roll;
  roll.session = ctx.session;
  // Who left (check-out at the door) is not present any more.
  checkins.erase(std::remove_if(checkins.begin(), checkins.end(), [](const CheckIn& c) { return c.left_at != 0; }),
                 checkins.end());
  std::map<int64_t, const CheckIn*> present;
  for (const auto& c : checkins) present[c.delegate_id] = &c;
  std::map<int64_t, DelegationAttendance> per;
  for (const auto& g : delegations) per[g.id] = {g.id, g.name, 0, 0};
  for (const auto& d : delegates) {
    const bool here = present.count(d.id) > 0;
    const bool official = d.kind == DelegateKind::kOfficial;
    ++roll.expected;
    roll.present += here;
    roll.official_expected += official;
    roll.official_present += official && here;
    auto& g = per[d.delegation_id];
    if (g.name.empty() && d.delegation_id == 0) g.name = "Không thuộc đoàn";
    g.delegation_id = d.delegation_id;
    ++g.expected;
    g.present += here;
    if (!here) roll.missing.push_back(d);
  }
  // The roll is recomputed after every check-in of a rush: index, don't scan.
  std::map<int64_t, const Delegate*> by_id;
  for (const auto& d : delegates) by_id[d.id] = &d;
  for (const auto& c : checkins) {
    if (auto it = by_id.find(c.delegate_id); it != by_id.end()) roll.present_list.emplace_back(c, *it->second);
    roll.by_face += c.method == Method::kFace;
    roll.by_badge += c.method == Method::kBadge;
    roll.by_manual += c.method == Method::kManual;
  }
  std::sort(roll.present_list.begin(), roll.present_list.end(),
            [](auto& a, auto& b) { return a.first.at != b.first.at ? a.first.at > b.first.at : a.first.id > b.first.id; });
  // R1: 2/3 of the officials AND 2/3 of the delegations (units that have an
  // official summoned), each represented by an official present.
  std::map<int64_t, std::pair<bool, bool>> units;  // delegation → (summoned, present)
  for (const auto& d : delegates) {
    if (d.kind != DelegateKind::kOfficial || d.delegation_id == 0) continue;
    auto& u = units[d.delegation_id];
    u.first = true;
    u.second = u.second || present.count(d.id) > 0;
  }
  QuorumFacts f;
  f.official_expected = roll.official_expected;
  f.official_present = roll.official_present;
  for (const auto& [id, u] : units) {
    f.units_expected += u.first;
    f.units_present += u.second;
  }
  f.numerator = std::max(1, ctx.congress.quorum_numerator);
  f.denominator = std::max(1, ctx.congress.quorum_denominator);
  const Quorum q = ComputeQuorum(f);
  roll.quorum_needed = q.delegates_needed;
  roll.delegates_quorum_met = q.delegates_met;
  roll.units_expected = f.units_expected;
  roll.units_present = f.units_present;
  roll.units_needed = q.units_needed;
  roll.units_quorum_met = q.units_met;
  roll.quorum_met = q.met;
  roll.quorum_message = QuorumMessage(q);
  for (const auto& g : delegations) roll.by_delegation.push_back(per[g.id]);
  if (per.count(0) && per[0].expected > 0) roll.by_delegation.push_back(per[0]);
  return roll;
}

}  // namespace phonghop::attendance
