// Check-in at the door (face, badge, manual), check-out, the roll call and
// its export, face enrolment and biometric deletion: one named function per
// route, registered from a table; a Status becomes the error reply once (the
// router, or DeferredReply for work done off the network threads).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <cstdlib>

#include "common/clock.h"
#include "common/failpoint.h"
#include "http/congress_json.h"
#include "http/error_mapping.h"
#include "metrics/metrics.h"
#include "common/numbers.h"
#include "http/handlers/attendance_routes.h"
#include "http/json_body.h"
#include "http/spreadsheet_reply.h"
#include "io/multipart.h"
#include "io/zip_archive.h"

namespace phonghop::http {

using nlohmann::json;
using attendance::AttendanceService;
using attendance::CheckInOutcome;
using congress::Role;

namespace {

constexpr size_t kMaxImageBytes = 8u << 20;

Access Doorkeepers() {
  return Access::Roles({Role::kAdmin, Role::kSecretariat, Role::kCheckinOperator});
}
Access RollReaders() {
  return Access::Roles({Role::kAdmin, Role::kSecretariat, Role::kChair, Role::kCheckinOperator});
}

attendance::Actor ActorOf(const Request& req, std::string kiosk = "") {
  attendance::Actor a;
  if (req.principal) a.name = req.principal->name + " (" + congress::ToString(req.principal->role) + ")";
  a.address = req.remote_ip;
  a.kiosk = std::move(kiosk);
  if (a.kiosk.size() > 80) a.kiosk.resize(80);
  return a;
}

// A check-in attempt's Actor with the kiosk's `Idempotency-Key` (decision
// 530): 1–100 visible ASCII characters, or none.
Result<attendance::Actor> DoorActorOf(const Request& req, std::string kiosk) {
  attendance::Actor a = ActorOf(req, std::move(kiosk));
  std::string_view key = req.Header("Idempotency-Key");
  if (key.size() > 100)
    return Status::InvalidArgument("Khóa chống gửi lặp (Idempotency-Key) quá dài (tối đa 100 ký tự)");
  for (char ch : key)
    if (ch <= ' ' || ch > '~')
      return Status::InvalidArgument("Khóa chống gửi lặp (Idempotency-Key) chỉ gồm chữ, số và dấu không cách");
  a.idempotency_key = std::string(key);
  return a;
}

// ?session=N (0 when absent: the current session); a 400 when not a number.
Result<int64_t> SessionParam(const Request& req) {
  auto s = req.Query("session");
  if (!s || s->empty()) return int64_t{0};
  int64_t session = ParseNumber<int64_t>(*s).value_or(-1);
  if (session < 0) return Status::InvalidArgument("Phiên họp (session) phải là một số");
  return session;
}

// A frame over 8 MB: refused before any work is queued.
Response ImageTooLarge() { return ErrorResponse(413, "too_large", "Ảnh quá lớn (tối đa 8 MB)"); }

// "07:42" in venue time (UTC+7).
std::string VenueHhmm(int64_t unix) {
  time_t t = time_t(unix + 7 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", tm.tm_hour, tm.tm_min);
  return buf;
}

json DelegateBrief(const congress::Delegate& d) {
  return {{"badge", d.badge}, {"full_name", d.full_name}, {"delegation", d.delegation_name},
          {"position_title", d.position_title}, {"seat", d.seat},
          {"kind", congress::ToString(d.kind)}};
}

json CheckInJson(const attendance::CheckIn& c) {
  return {{"method", attendance::ToString(c.method)}, {"at", FormatIsoUtc(c.at)},
          {"at_local", VenueHhmm(c.at)}, {"kiosk", c.kiosk}, {"operator", c.operator_name},
          {"reason", c.reason}, {"score", c.score}};
}

// The reply for a door outcome; a new check-in is counted by method for
// /metrics.
Response OutcomeReply(const CheckInOutcome& o, std::string_view slug, std::string_view method) {
  if (o.kind == CheckInOutcome::Kind::kCheckedIn && !o.replayed) {
    // Fault tests (#14): the node dies after the check-in's COMMIT and
    // before its reply; the kiosk's retry must not check in twice.
    if (FailpointOn("crash_after_checkin_commit")) std::_Exit(70);
    metrics::Metrics::Get().CheckIn(method);
  }
  json j = {{"result", attendance::ToString(o.kind)}, {"score", o.score}, {"second", o.second}};
  if (o.box.w > 0) j["box"] = {o.box.x, o.box.y, o.box.w, o.box.h};
  switch (o.kind) {
    case CheckInOutcome::Kind::kCheckedIn:
    case CheckInOutcome::Kind::kAlready:
      j["delegate"] = DelegateBrief(o.delegate);
      j["checkin"] = CheckInJson(o.record);
      j["photo_url"] = "/api/v1/congresses/" + std::string(slug) + "/delegates/" + o.delegate.badge + "/face/photo";
      j["message"] = o.kind == CheckInOutcome::Kind::kCheckedIn
                         ? "Đã điểm danh: " + o.delegate.full_name
                         : "Đã điểm danh lúc " + VenueHhmm(o.record.at) + " (" + o.delegate.full_name + ")";
      break;
    case CheckInOutcome::Kind::kUnknown:
      j["message"] = "Không nhận diện được — mời quét thẻ hoặc gặp cán bộ điểm danh";
      break;
    case CheckInOutcome::Kind::kBadFrame:
      j["problem"] = face::ProblemCode(o.problem);
      j["message"] = face::ProblemMessage(o.problem);
      break;
    case CheckInOutcome::Kind::kMismatch:
      j["delegate"] = DelegateBrief(o.delegate);
      j["message"] = "Khuôn mặt không khớp với thẻ " + o.delegate.badge + " — mời gặp cán bộ điểm danh";
      break;
    case CheckInOutcome::Kind::kNotLive:
      // The person at the door reads the message; the operator sees the
      // reason code and the count.
      j["problem"] = "not_live";
      j["message"] = "Vui lòng nhìn thẳng vào camera";
      j["operator_note"] = "Nghi dùng ảnh chụp (suspected photo)";
      j["suspected_attacks"] = o.suspected_attacks;
      break;
  }
  if (o.live >= 0) j["live"] = o.live;
  Response res = JsonReply(j);
  // The answer given to the first attempt under this key, again; the
  // request log (serve) does not audit it a second time.
  if (o.replayed) res.AddHeader(std::string(kIdempotentReplayed), "true");
  return res;
}

json RollJson(const attendance::Roll& r) {
  json by = json::array();
  for (const auto& g : r.by_delegation)
    by.push_back({{"delegation_id", g.delegation_id}, {"name", g.name}, {"expected", g.expected}, {"present", g.present}});
  json missing = json::array();
  for (const auto& d : r.missing) missing.push_back(DelegateBrief(d));
  json present = json::array();
  for (const auto& [c, d] : r.present_list) {
    json p = DelegateBrief(d);
    p["checkin"] = CheckInJson(c);
    present.push_back(p);
  }
  return {{"session", ToJson(r.session)}, {"expected", r.expected}, {"present", r.present},
          {"official_expected", r.official_expected}, {"official_present", r.official_present},
          {"quorum_needed", r.quorum_needed}, {"quorum_met", r.quorum_met},
          {"delegates_quorum_met", r.delegates_quorum_met}, {"units_expected", r.units_expected},
          {"units_present", r.units_present}, {"units_needed", r.units_needed},
          {"units_quorum_met", r.units_quorum_met}, {"quorum_message", r.quorum_message},
          {"methods", {{"face", r.by_face}, {"badge", r.by_badge}, {"manual", r.by_manual}}},
          {"by_delegation", by}, {"missing", missing}, {"present_list", present}};
}

bool IsImageType(std::string_view ct) { return ct.rfind("image/", 0) == 0; }

// The kiosk's frames: one image body, or multipart/form-data with up to
// five parts named "frame" (steady frames of one moment, decision 102).
Result<std::vector<std::string>> KioskFrames(const Request& req, const std::string& tmp_dir) {
  std::vector<std::string> frames;
  const std::string_view ct = req.Header("Content-Type");
  if (ct.rfind("multipart/form-data", 0) != 0) {
    frames.emplace_back(req.body());
    return frames;
  }
  PH_ASSIGN_OR_RETURN(std::string boundary, io::BoundaryOf(ct));
  io::MultipartLimits limits;
  limits.max_files = 5;
  limits.max_fields = 5;
  PH_ASSIGN_OR_RETURN(io::MultipartForm form, io::ParseMultipart(req.body(), boundary, tmp_dir, limits));
  for (const auto& f : form.files) {
    std::ifstream in(f.path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (f.field == "frame") frames.push_back(ss.str());
    std::error_code ec;
    std::filesystem::remove(f.path, ec);
  }
  if (frames.empty()) return Status::InvalidArgument("Chưa có ảnh: gửi các phần \"frame\"");
  return frames;
}

struct Deps {
  AttendanceService& svc;
  congress::CongressService& congresses;
  std::string tmp_dir;  // multipart parts of the kiosk's frames
};

// What a kiosk needs to start: is face recognition on, which session.
Result<Response> CheckInStatus(Deps& d, Request& req) {
  std::string slug(req.Param("slug"));
  PH_ASSIGN_OR_RETURN(auto overview, d.congresses.Overview(slug));
  auto current = d.svc.CurrentSession(slug);
  json sessions = json::array();
  for (const auto& s : overview.sessions) sessions.push_back(ToJson(s));
  return JsonReply({{"face_available", d.svc.face_available()},
                    {"liveness_available", d.svc.liveness_available()},
                    {"liveness_required", d.svc.live_policy().required},
                    {"live_frames", d.svc.live_policy().frames},
                    {"suspected_attacks", d.svc.SuspectedAttacks(slug)},
                    {"threshold", d.svc.policy().threshold},
                    {"margin", d.svc.policy().margin},
                    {"current_session_id", current.ok() ? current->id : 0},
                    {"sessions", sessions}});
}

// The kiosk's frame: a JPEG/PNG body, or up to five "frame" parts.
// Recognition runs on the face pool, off the network threads.
Result<Response> CheckInByFace(Deps& d, Request& req) {
  if (req.body().size() > kMaxImageBytes) return ImageTooLarge();
  return DeferredReply([&d, &req]() -> Result<Response> {
    std::string slug(req.Param("slug"));
    PH_ASSIGN_OR_RETURN(int64_t session, SessionParam(req));
    PH_ASSIGN_OR_RETURN(auto frames, KioskFrames(req, d.tmp_dir));
    std::vector<std::string_view> views(frames.begin(), frames.end());
    const auto t0 = std::chrono::steady_clock::now();
    PH_ASSIGN_OR_RETURN(auto actor, DoorActorOf(req, req.Query("kiosk").value_or("")));
    auto o = d.svc.CheckInByFace(slug, session, views, actor);
    // Timed whether or not the door let the delegate in.
    metrics::Metrics::Get().FaceSeconds(
        "checkin", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    PH_ASSIGN_OR_RETURN(CheckInOutcome outcome, std::move(o));
    return OutcomeReply(outcome, slug, "face");
  }, Pool::kFace);
}

// Badge QR (or badge number) — JSON {"badge": ..., "session_id": ..., "kiosk": ...};
// or an image body with ?badge=...: then the face must match the holder
// (on the face pool).
Result<Response> CheckInByBadge(Deps& d, Request& req) {
  std::string slug(req.Param("slug"));
  if (IsImageType(req.Header("Content-Type"))) {
    if (req.body().size() > kMaxImageBytes) return ImageTooLarge();
    return DeferredReply([&d, &req, slug]() -> Result<Response> {
      PH_ASSIGN_OR_RETURN(int64_t session, SessionParam(req));
      PH_ASSIGN_OR_RETURN(auto actor, DoorActorOf(req, req.Query("kiosk").value_or("")));
      PH_ASSIGN_OR_RETURN(auto o, d.svc.CheckInByBadge(slug, session, req.Query("badge").value_or(""),
                                                       req.body(), actor));
      return OutcomeReply(o, slug, "badge_face");
    }, Pool::kFace);
  }
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string badge, kiosk;
  int64_t session = 0;
  JsonFields f(body, {"badge", "kiosk", "session_id"});
  f.Str("badge", badge, true).Str("kiosk", kiosk).Int64("session_id", session);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(auto actor, DoorActorOf(req, kiosk));
  PH_ASSIGN_OR_RETURN(auto o, d.svc.CheckInByBadge(slug, session, badge, "", actor));
  return OutcomeReply(o, slug, "badge");
}

Result<Response> CheckInManual(Deps& d, Request& req) {
  std::string slug(req.Param("slug"));
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string badge, kiosk, reason;
  int64_t session = 0;
  JsonFields f(body, {"badge", "reason", "kiosk", "session_id"});
  f.Str("badge", badge, true).Str("reason", reason, true).Str("kiosk", kiosk).Int64("session_id", session);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(auto actor, DoorActorOf(req, kiosk));
  PH_ASSIGN_OR_RETURN(auto o, d.svc.CheckInManual(slug, session, badge, reason, actor));
  return OutcomeReply(o, slug, "manual");
}

// Check-out at the door (#12): the delegate leaves; quorum and ballots follow.
Result<Response> CheckOut(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(json body, ParseJsonObject(req.body()));
  std::string badge;
  int64_t session = 0;
  JsonFields f(body, {"badge", "session_id"});
  f.Str("badge", badge, true).Int64("session_id", session);
  PH_RETURN_IF_ERROR(f.status());
  PH_ASSIGN_OR_RETURN(bool changed, d.svc.CheckOut(req.Param("slug"), session, badge, ActorOf(req, "")));
  return JsonReply({{"badge", badge}, {"left", true}, {"already", !changed}});
}

Result<Response> RollCall(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(int64_t session, SessionParam(req));
  PH_ASSIGN_OR_RETURN(auto roll, d.svc.RollCall(req.Param("slug"), session));
  Response res = JsonReply(RollJson(roll));
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> ExportRoll(Deps& d, Request& req) {
  std::string format = req.Query("format").value_or("xlsx");
  if (format != "xlsx" && format != "csv")
    return Status::InvalidArgument("Định dạng (format) phải là xlsx hoặc csv");
  PH_ASSIGN_OR_RETURN(int64_t session, SessionParam(req));
  PH_ASSIGN_OR_RETURN(auto roll, d.svc.RollCall(req.Param("slug"), session));
  std::vector<std::vector<std::string>> rows{{"Số thẻ", "Họ và tên", "Đoàn", "Loại đại biểu", "Có mặt",
                                              "Cách điểm danh", "Giờ", "Quầy", "Người điểm danh", "Lý do"}};
  for (const auto& [c, g] : roll.present_list)
    rows.push_back({g.badge, g.full_name, g.delegation_name, congress::ToString(g.kind), "có",
                    attendance::ToString(c.method), VenueHhmm(c.at), c.kiosk, c.operator_name, c.reason});
  for (const auto& g : roll.missing)
    rows.push_back({g.badge, g.full_name, g.delegation_name, congress::ToString(g.kind), "vắng", "", "", "", "", ""});
  return SpreadsheetReply(rows, format,
                          "diem-danh-" + std::string(req.Param("slug")) + "-phien-" + std::to_string(roll.session.position),
                          "Điểm danh");
}

// ---- enrolment and biometric data (secretariat) ----
Result<Response> ListFaces(Deps& d, Request& req) {
  std::string slug(req.Param("slug"));
  PH_ASSIGN_OR_RETURN(auto list, d.congresses.Delegates(slug));
  PH_ASSIGN_OR_RETURN(auto bio, d.svc.Biometrics(slug));
  json items = json::array();
  int enrolled = 0;
  for (const auto& g : list) {
    json j = DelegateBrief(g);
    auto it = bio.find(g.id);
    attendance::BiometricStatus b = it == bio.end() ? attendance::BiometricStatus{} : it->second;
    j["consent"] = attendance::ToString(b.consent);
    j["consent_at"] = b.consent_at ? FormatIsoUtc(b.consent_at) : "";
    j["consent_by"] = b.consent_by;
    j["faces"] = b.faces;
    j["photo"] = b.photo;
    enrolled += b.faces > 0;
    items.push_back(j);
  }
  Response res = JsonReply({{"face_available", d.svc.face_available()}, {"enrolled", enrolled}, {"delegates", items}});
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> EnrolFace(Deps& d, Request& req) {
  if (req.body().size() > kMaxImageBytes) return ImageTooLarge();
  return DeferredReply([&d, &req]() -> Result<Response> {
    auto consent = req.Query("consent");
    auto keep = req.Query("keep_photo");
    PH_ASSIGN_OR_RETURN(auto o, d.svc.Enrol(req.Param("slug"), req.Param("badge"), req.body(),
                                            consent && *consent == "1", keep && *keep == "1", ActorOf(req)));
    return JsonReply({{"delegate", DelegateBrief(o.delegate)}, {"faces", o.faces_enrolled},
                      {"photo_kept", o.photo_kept}, {"sharpness", o.reading.sharpness},
                      {"box", {o.reading.box.x, o.reading.box.y, o.reading.box.w, o.reading.box.h}}},
                     201);
  });
}

// Deletions wait (bounded) for the database file to be scrubbed: on the
// blocking pool, never a network thread.
Result<Response> DeleteFace(Deps& d, Request& req) {
  return DeferredReply([&d, &req]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(int n, d.svc.DeleteBiometrics(req.Param("slug"), req.Param("badge"), ActorOf(req)));
    return JsonReply({{"deleted_faces", n}});
  });
}

Result<Response> RecordRefusal(Deps& d, Request& req) {
  return DeferredReply([&d, &req]() -> Result<Response> {
    PH_RETURN_IF_ERROR(d.svc.RecordRefusal(req.Param("slug"), req.Param("badge"), ActorOf(req)));
    return JsonReply({{"consent", "refused"}});
  });
}

Result<Response> FacePhoto(Deps& d, Request& req) {
  PH_ASSIGN_OR_RETURN(std::string photo, d.svc.Photo(req.Param("slug"), req.Param("badge"), ActorOf(req)));
  Response res;
  res.body = std::move(photo);
  res.content_type = "image/jpeg";
  res.compressible = false;
  res.AddHeader("Cache-Control", "no-store");
  return res;
}

Result<Response> DeleteCongressFaces(Deps& d, Request& req) {
  return DeferredReply([&d, &req]() -> Result<Response> {
    PH_ASSIGN_OR_RETURN(int n, d.svc.DeleteCongressBiometrics(req.Param("slug"), ActorOf(req)));
    return JsonReply({{"deleted_faces", n}});
  });
}

// A zip of photos named by badge number ("012.jpg", "anh/012.png"); the
// body was streamed to disk (IsFaceArchivePath). One bad photo fails only
// its own line of the answer.
Result<Response> ImportFaces(Deps& d, Request& req) {
  return DeferredReply([&d, &req]() -> Result<Response> {
    std::ifstream f(req.body_path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    const std::string data = ss.str();
    io::ZipLimits limits;
    limits.max_entry_bytes = kMaxImageBytes;
    limits.max_total_bytes = 2048u << 20;
    limits.max_entries = 5000;
    PH_ASSIGN_OR_RETURN(auto zip, io::ZipReader::Open(data, limits));
    auto consent = req.Query("consent");
    auto keep = req.Query("keep_photo");
    json results = json::array();
    int enrolled = 0, failed = 0;
    for (const std::string& name : zip->Names()) {
      if (name.empty() || name.back() == '/') continue;
      std::string base = name.substr(name.find_last_of('/') == std::string::npos ? 0 : name.find_last_of('/') + 1);
      if (base.empty() || base[0] == '.' || name.rfind("__MACOSX", 0) == 0) continue;
      std::string badge = base.substr(0, base.find_last_of('.'));
      json item = {{"file", name}, {"badge", badge}};
      auto bytes = zip->Read(name);
      if (!bytes.ok()) {
        item["error"] = bytes.status().message();
        ++failed;
      } else {
        auto o = d.svc.Enrol(req.Param("slug"), badge, *bytes, consent && *consent == "1", keep && *keep == "1",
                             ActorOf(req));
        if (o.ok()) {
          item["ok"] = true;
          item["full_name"] = o->delegate.full_name;
          ++enrolled;
        } else {
          item["error"] = o.status().message();
          ++failed;
        }
      }
      results.push_back(item);
    }
    return JsonReply({{"enrolled", enrolled}, {"failed", failed}, {"files", results}});
  });
}

}  // namespace

bool IsFaceArchivePath(Verb method, std::string_view path) {
  constexpr std::string_view kSuffix = "/faces/import";
  return method == Verb::post && path.rfind("/api/v1/congresses/", 0) == 0 && path.size() > kSuffix.size() &&
         path.substr(path.size() - kSuffix.size()) == kSuffix;
}

void RegisterAttendanceRoutes(Router& r, AttendanceService& svc, congress::CongressService& congresses,
                              std::string tmp_dir) {
  const Access door = Doorkeepers(), readers = RollReaders(), staff = Access::Staff();
  AddRoutes<Deps>(r, std::make_shared<Deps>(Deps{svc, congresses, std::move(tmp_dir)}), {
      {Verb::get, "/api/v1/congresses/{slug}/checkin/status", readers, CheckInStatus},
      {Verb::post, "/api/v1/congresses/{slug}/checkin/face", door, CheckInByFace},
      {Verb::post, "/api/v1/congresses/{slug}/checkin/badge", door, CheckInByBadge},
      {Verb::post, "/api/v1/congresses/{slug}/checkin/manual", door, CheckInManual},
      {Verb::post, "/api/v1/congresses/{slug}/checkout", door, CheckOut},
      {Verb::get, "/api/v1/congresses/{slug}/attendance", readers, RollCall},
      {Verb::get, "/api/v1/congresses/{slug}/attendance/export", readers, ExportRoll},
      {Verb::get, "/api/v1/congresses/{slug}/faces", staff, ListFaces},
      {Verb::post, "/api/v1/congresses/{slug}/delegates/{badge}/face", staff, EnrolFace},
      {Verb::delete_, "/api/v1/congresses/{slug}/delegates/{badge}/face", staff, DeleteFace},
      {Verb::post, "/api/v1/congresses/{slug}/delegates/{badge}/face/refusal", staff, RecordRefusal},
      {Verb::get, "/api/v1/congresses/{slug}/delegates/{badge}/face/photo", door, FacePhoto},
      {Verb::delete_, "/api/v1/congresses/{slug}/faces", staff, DeleteCongressFaces},
      {Verb::post, "/api/v1/congresses/{slug}/faces/import", staff, ImportFaces},
  });
}

}  // namespace phonghop::http
