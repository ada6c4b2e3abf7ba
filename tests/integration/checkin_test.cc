// Face check-in end to end against the real server: enrolment from LFW
// photos, recognition of a different photo of the same person, refusal of
// a stranger, idempotent and concurrent check-ins, fallbacks, bad images,
// who may do it, deletion of biometric data (also from later backups), and
// the liveness check at the door (printed-photo frames of liveness-dev).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <thread>

#include "face_photos.h"
#include "http_client.h"
#include "server_fixture.h"
#include "test_files.h"

namespace phonghop::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json Roll(uint16_t port) {
  auto r = Http(port, "GET", "/api/v1/congresses/demo/attendance");
  EXPECT_EQ(r.status, 200) << r.body;
  return json::parse(r.body);
}

const std::vector<std::string> kPeople = {"Tony_Blair", "Silvio_Berlusconi", "Jean_Chretien",
                                          "Wen_Jiabao", "Hans_Blix"};

// LFW is a collection of press photos: the liveness check rightly refuses
// them at the kiosk, so these recognition tests run the server with
// --no-liveness; LivenessCheckInTest below runs it as deployed.
class CheckInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!HaveFaces()) GTEST_SKIP() << "LFW photos or face models missing (run ./scripts/setup.sh)";
  }
};

TEST_F(CheckInTest, RecognisesAnEnrolledDelegateAndRefusesAStranger) {
  ServerProcess s({"--demo", "--quiet", "--no-liveness"});
  for (size_t i = 0; i < kPeople.size(); ++i) {
    char badge[24];
    std::snprintf(badge, sizeof badge, "%03zu", i + 1);
    // As at the secretariat's desk: a photo the quality gates refuse
    // (turned away, blurred) is replaced by the next one.
    HttpResult r;
    for (int n = 0; n < 3; ++n) {
      r = Enrol(s.port(), badge, Photo(kPeople[i], n));
      if (r.status == 201) break;
      EXPECT_EQ(r.status, 400) << r.body;
    }
    ASSERT_EQ(r.status, 201) << kPeople[i] << ": " << r.body;
  }
  // A different photo of delegate 002.
  auto hit = FaceCheckIn(s.port(), ReadFile(Photo("Silvio_Berlusconi", 7)));
  ASSERT_EQ(hit.status, 200) << hit.body;
  json j = json::parse(hit.body);
  EXPECT_EQ(j["result"], "checked_in") << hit.body;
  EXPECT_EQ(j["delegate"]["badge"], "002");
  EXPECT_FALSE(j["delegate"]["full_name"].get<std::string>().empty());
  EXPECT_EQ(j["checkin"]["method"], "face");
  EXPECT_EQ(j["checkin"]["kiosk"], "Cua-A");
  // Someone never enrolled: refused, never the nearest delegate.
  auto stranger = FaceCheckIn(s.port(), ReadFile(Photo("David_Beckham", 0)));
  ASSERT_EQ(stranger.status, 200) << stranger.body;
  EXPECT_EQ(json::parse(stranger.body)["result"], "unknown") << stranger.body;
  EXPECT_FALSE(json::parse(stranger.body).contains("delegate"));
  // A second check-in is idempotent and says when the first was.
  auto again = FaceCheckIn(s.port(), ReadFile(Photo("Silvio_Berlusconi", 9)), "Cua-B");
  json a = json::parse(again.body);
  EXPECT_EQ(a["result"], "already") << again.body;
  EXPECT_EQ(a["checkin"]["kiosk"], "Cua-A");
  EXPECT_NE(a["message"].get<std::string>().find("Đã điểm danh lúc"), std::string::npos);
  json roll = Roll(s.port());
  EXPECT_EQ(roll["present"], 1);
  EXPECT_EQ(roll["expected"], 156);
  EXPECT_EQ(roll["methods"]["face"], 1);
  EXPECT_EQ(roll["present_list"][0]["badge"], "002");
  EXPECT_EQ(roll["present_list"][0]["checkin"]["operator"], std::string(kTestUser) + " (admin)");
  EXPECT_EQ(roll["missing"].size(), 155u);
  // The check-in is in the audit log.
  auto audit = Http(s.port(), "GET", "/api/v1/audit?limit=50");
  EXPECT_NE(audit.body.find("check-in face 002"), std::string::npos);
}

const std::string kFaces = std::string(PHONGHOP_SHARED_DIR) + "/faces";

// Several frames in one multipart request, as the kiosk sends them.
HttpResult FramesCheckIn(uint16_t port, const std::vector<std::string>& files) {
  const std::string boundary = "----phonghop-frames-7d3a";
  std::string body;
  for (size_t i = 0; i < files.size(); ++i)
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"frame\"; filename=\"f" +
            std::to_string(i) + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" + ReadFile(files[i]) + "\r\n";
  body += "--" + boundary + "--\r\n";
  return Http(port, "POST", "/api/v1/congresses/demo/checkin/face?kiosk=Cua-A", body,
              {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
}

TEST(LivenessCheckInTest, APrintedPhotoIsRefusedAndTheLivePersonChecksIn) {
  if (!fs::exists(kFaces + "/liveness-dev") ||
      !fs::exists(fs::path(PHONGHOP_SOURCE_DIR) / "models/face/fr_liveness.onnx"))
    GTEST_SKIP() << "liveness-dev frames or the liveness model missing (run ./scripts/setup.sh)";
  ServerProcess s({"--demo", "--quiet"});
  // Subject 0007 enrolled as delegate 003 from a webcam frame of one
  // capture session...
  ASSERT_EQ(Enrol(s.port(), "003", kFaces + "/webcam-dev/images/0007/0007_01_00_01_12.jpg").status, 201);
  const std::string attack = kFaces + "/liveness-dev/attack/0007/0007_01_00_01_";
  const std::string live = kFaces + "/liveness-dev/live/0007/0007_00_00_01_";
  // ...a printed photo of them held to the kiosk: refused, nobody checked in.
  auto one = FaceCheckIn(s.port(), ReadFile(attack + "0.jpg"));
  ASSERT_EQ(one.status, 200) << one.body;
  json j = json::parse(one.body);
  EXPECT_EQ(j["result"], "not_live") << one.body;
  EXPECT_EQ(j["problem"], "not_live");
  EXPECT_EQ(j["message"], "Vui lòng nhìn thẳng vào camera");
  EXPECT_FALSE(j.contains("delegate"));
  auto three = FramesCheckIn(s.port(), {attack + "70.jpg", attack + "171.jpg", attack + "242.jpg"});
  ASSERT_EQ(three.status, 200) << three.body;
  j = json::parse(three.body);
  EXPECT_EQ(j["result"], "not_live") << three.body;
  EXPECT_EQ(j["suspected_attacks"], 2);
  EXPECT_EQ(Roll(s.port())["present"], 0);
  // The print with the badge: refused as well.
  auto badge = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/badge?badge=003&kiosk=Cua-A",
                    ReadFile(attack + "311.jpg"), kJpeg);
  ASSERT_EQ(badge.status, 200) << badge.body;
  EXPECT_EQ(json::parse(badge.body)["result"], "not_live") << badge.body;
  EXPECT_EQ(Roll(s.port())["present"], 0);
  // The operator's status shows the count; the audit log says "suspected photo".
  auto status = json::parse(Http(s.port(), "GET", "/api/v1/congresses/demo/checkin/status").body);
  EXPECT_EQ(status["liveness_available"], true);
  EXPECT_EQ(status["suspected_attacks"], 3);
  auto audit = Http(s.port(), "GET", "/api/v1/audit?limit=50");
  EXPECT_NE(audit.body.find("suspected photo"), std::string::npos);
  // The person themself, from another capture session, three steady frames.
  auto real = FramesCheckIn(s.port(), {live + "152.jpg", live + "213.jpg", live + "323.jpg"});
  ASSERT_EQ(real.status, 200) << real.body;
  j = json::parse(real.body);
  EXPECT_EQ(j["result"], "checked_in") << real.body;
  EXPECT_EQ(j["delegate"]["badge"], "003");
  EXPECT_GE(j["live"].get<double>(), 0.6);
  EXPECT_EQ(Roll(s.port())["present"], 1);
  // A form without frames is a clear 400 and changes nothing.
  auto empty = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/face", "--b--\r\n",
                    {{"Content-Type", "multipart/form-data; boundary=b"}});
  EXPECT_EQ(empty.status, 400) << empty.body;
}

TEST(LivenessCheckInTest, CliGivesOneJsonLinePerImage) {
  if (!fs::exists(kFaces + "/liveness-dev") ||
      !fs::exists(fs::path(PHONGHOP_SOURCE_DIR) / "models/face/fr_liveness.onnx"))
    GTEST_SKIP() << "liveness-dev frames or the liveness model missing (run ./scripts/setup.sh)";
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/blank.png", MakePng(320, 240));
  const std::string print = kFaces + "/liveness-dev/attack/0007/0007_01_00_01_0.jpg";
  const std::string person = kFaces + "/liveness-dev/live/0007/0007_00_00_01_152.jpg";
  auto r = RunCli({"face", "liveness", "--json", print, person, dir + "/blank.png"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::vector<json> out;
  for (std::string line; std::getline(lines, line);) out.push_back(json::parse(line));
  ASSERT_EQ(out.size(), 3u) << r.out;
  EXPECT_EQ(out[0]["image"], print);
  EXPECT_GE(out[0]["faces"].get<int>(), 1);
  EXPECT_EQ(out[0]["live"], false);
  EXPECT_LT(out[0]["score"].get<double>(), 0.6);
  EXPECT_EQ(out[1]["live"], true);
  EXPECT_GE(out[1]["score"].get<double>(), 0.6);
  // No face: null, not a guess.
  EXPECT_EQ(out[2]["faces"], 0);
  EXPECT_TRUE(out[2]["live"].is_null());
  EXPECT_TRUE(out[2]["score"].is_null());
  // Not an image: still one line, and the exit code says something was rejected.
  auto bad = RunCli({"face", "liveness", "--json", std::string(PHONGHOP_SOURCE_DIR) + "/README.md"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_TRUE(json::parse(bad.out)["live"].is_null());
}

TEST_F(CheckInTest, BadImagesGetAClearMessageAndRecordNothing) {
  ServerProcess s({"--demo", "--quiet", "--no-liveness"});
  ASSERT_EQ(Enrol(s.port(), "001", Photo("Tony_Blair", 0)).status, 201);
  const std::string real = ReadFile(Photo("Tony_Blair", 1));
  // Not an image, empty, truncated/corrupt JPEG, absurd dimensions.
  std::string huge = real;
  for (size_t i = 2; i + 9 < huge.size(); ++i)
    if (uint8_t(huge[i]) == 0xFF && uint8_t(huge[i + 1]) == 0xC0) {  // SOF0: set 60000×60000
      huge[i + 5] = char(0xEA); huge[i + 6] = char(0x60); huge[i + 7] = char(0xEA); huge[i + 8] = char(0x60);
      break;
    }
  std::string corrupt = real.substr(0, 200);
  for (const std::string& bad : {std::string("not an image at all"), std::string(), corrupt, huge}) {
    auto r = FaceCheckIn(s.port(), bad);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_FALSE(json::parse(r.body)["error"]["message"].get<std::string>().empty());
  }
  // A picture without a face: a clear answer, not a match.
  auto blank = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/face", MakePng(640, 480),
                    {{"Content-Type", "image/png"}});
  ASSERT_EQ(blank.status, 200) << blank.body;
  EXPECT_EQ(json::parse(blank.body)["result"], "bad_frame");
  EXPECT_EQ(json::parse(blank.body)["problem"], "no_face");
  // Enrolment: no face, no consent.
  auto noface = Http(s.port(), "POST", "/api/v1/congresses/demo/delegates/002/face?consent=1",
                     MakePng(400, 400), {{"Content-Type", "image/png"}});
  EXPECT_EQ(noface.status, 400);
  EXPECT_NE(noface.body.find("no_face"), std::string::npos);
  EXPECT_EQ(Enrol(s.port(), "002", Photo("Hans_Blix", 0), "consent=0").status, 400);
  EXPECT_EQ(Enrol(s.port(), "999999", Photo("Hans_Blix", 0)).status, 404);
  // The same face cannot open a second badge.
  EXPECT_EQ(Enrol(s.port(), "003", Photo("Tony_Blair", 2)).status, 409);
  EXPECT_EQ(Roll(s.port())["present"], 0);
  auto faces = json::parse(Http(s.port(), "GET", "/api/v1/congresses/demo/faces").body);
  EXPECT_EQ(faces["enrolled"], 1);
  // The server is still serving.
  EXPECT_EQ(Http(s.port(), "GET", "/healthz").status, 200);
}

TEST_F(CheckInTest, FallbacksAndConcurrentKiosksGiveOneRecord) {
  ServerProcess s({"--demo", "--quiet", "--no-liveness"});
  // Manual check-in needs a reason.
  auto no_reason = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/manual",
                        json({{"badge", "010"}, {"reason", " "}}).dump());
  EXPECT_EQ(no_reason.status, 400);
  auto manual = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/manual",
                     json({{"badge", "010"}, {"reason", "Quên thẻ, đã đối chiếu CCCD"}, {"kiosk", "Bàn 2"}}).dump());
  ASSERT_EQ(manual.status, 200) << manual.body;
  EXPECT_EQ(json::parse(manual.body)["checkin"]["reason"], "Quên thẻ, đã đối chiếu CCCD");
  // Badge number at the kiosk.
  auto badge = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/badge", json({{"badge", "011"}}).dump());
  ASSERT_EQ(badge.status, 200) << badge.body;
  EXPECT_EQ(json::parse(badge.body)["checkin"]["method"], "badge");
  auto nope = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/badge", json({{"badge", "nope"}}).dump());
  EXPECT_EQ(nope.status, 404);
  // The message is Vietnamese only (no "(unknown or revoked badge)").
  EXPECT_EQ(json::parse(nope.body)["error"]["message"], "Thẻ không hợp lệ hoặc đã bị thu hồi") << nope.body;
  // Typed without the leading zeros at the door: "12" is badge "012".
  auto short_number = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/badge", json({{"badge", "12"}}).dump());
  ASSERT_EQ(short_number.status, 200) << short_number.body;
  EXPECT_EQ(json::parse(short_number.body)["delegate"]["badge"], "012") << short_number.body;
  EXPECT_EQ(Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/badge", json({{"badge", "99999"}}).dump()).status, 404);
  // Eight kiosks check the same delegate in at once: one record.
  std::vector<std::thread> threads;
  std::vector<std::string> results(8);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto r = Http(s.port(), "POST", "/api/v1/congresses/demo/checkin/badge",
                    json({{"badge", "020"}, {"kiosk", "K" + std::to_string(i)}}).dump());
      results[i] = r.status == 200 ? json::parse(r.body)["result"].get<std::string>() : "error";
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(results.begin(), results.end(), "checked_in"), 1);
  EXPECT_EQ(std::count(results.begin(), results.end(), "already"), 7);
  json roll = Roll(s.port());
  EXPECT_EQ(roll["present"], 4);  // 010 manual, 011, 012 ("12"), 020 by badge
  EXPECT_EQ(roll["methods"]["manual"], 1);
  EXPECT_EQ(roll["methods"]["badge"], 3);
  // The quorum: two thirds of the official delegates.
  int official = roll["official_expected"];
  EXPECT_EQ(roll["quorum_needed"], (official * 2 + 2) / 3);
  EXPECT_FALSE(roll["quorum_met"]);
  // Export of the roll.
  auto csv = Http(s.port(), "GET", "/api/v1/congresses/demo/attendance/export?format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("Quên thẻ"), std::string::npos);
  auto xlsx = Http(s.port(), "GET", "/api/v1/congresses/demo/attendance/export?format=xlsx");
  EXPECT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
}

TEST_F(CheckInTest, RolesAtTheDoor) {
  std::string tmp = MakeTempDir();
  ASSERT_EQ(RunCli({"user", "add", "--data", tmp + "/data", "--role", "checkin", "--name", "cua-a",
                    "--password-stdin"}, "mat-khau-cua-a\n").exit_code, 0);
  ServerProcess s({"--demo", "--quiet", "--no-liveness"}, tmp + "/data");
  auto login = HttpAnonymous(s.port(), "POST", "/api/v1/auth/login", json({{"name", "cua-a"}, {"password", "mat-khau-cua-a"}}).dump());
  ASSERT_EQ(login.status, 200) << login.body;
  std::string cookie = login.Header("set-cookie");
  std::map<std::string, std::string> op = {{"Cookie", cookie.substr(0, cookie.find(';'))},
                                           {"X-CSRF-Token", json::parse(login.body)["csrf"]}};
  op["Content-Type"] = "application/json";
  // Anonymous: no check-ins, no roll, no enrolment.
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses/demo/checkin/badge", json({{"badge", "001"}}).dump()).status, 401);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/attendance").status, 401);
  // The operator checks people in and sees the roll...
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses/demo/checkin/badge", json({{"badge", "001"}}).dump(), op).status, 200);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/attendance", "", op).status, 200);
  // ...but may not enrol faces or delete biometric data.
  auto jpeg = op;
  jpeg["Content-Type"] = "image/jpeg";
  EXPECT_EQ(HttpAnonymous(s.port(), "POST", "/api/v1/congresses/demo/delegates/002/face?consent=1",
                          ReadFile(Photo("Hans_Blix", 0)), jpeg).status, 403);
  EXPECT_EQ(HttpAnonymous(s.port(), "DELETE", "/api/v1/congresses/demo/faces", "", op).status, 403);
  EXPECT_EQ(HttpAnonymous(s.port(), "GET", "/api/v1/congresses/demo/faces", "", op).status, 403);
  EXPECT_EQ(Roll(s.port())["present"], 1);
  fs::remove_all(tmp);
}

// Finds `needle` anywhere in a file's bytes.
bool FileContains(const std::string& path, const std::string& needle) {
  return ReadFile(path).find(needle) != std::string::npos;
}

TEST_F(CheckInTest, DeletedBiometricsLeaveTheDatabaseAndLaterBackups) {
  PH_SQLITE_ONLY("secure_delete and the WAL checkpoint are SQLite's; deletion on PostgreSQL is decision 534");
  ServerProcess s({"--demo", "--quiet", "--no-liveness"});
  const std::string photo = Photo("Wen_Jiabao", 0);
  ASSERT_EQ(Enrol(s.port(), "004", photo, "consent=1&keep_photo=1").status, 201);
  // The embedding's bytes, as the server stores them (same engine, same photo).
  auto embed = RunCli({"face", "embed", "--json", photo});
  ASSERT_EQ(embed.exit_code, 0) << embed.err;
  std::vector<float> e = json::parse(embed.out)["embedding"].get<std::vector<float>>();
  std::string needle(reinterpret_cast<const char*>(e.data()), 64);
  const std::string db = s.data_dir() + "/phonghop.db";
  auto before = RunCli({"backup", "--data", s.data_dir(), "--out", s.data_dir() + "/before.db"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  // Sealed under the delegate's key before it is stored (decision 550): not
  // even a backup made before the deletion holds the embedding in clear.
  EXPECT_FALSE(FileContains(s.data_dir() + "/before.db/phonghop.db", needle));
  // The photo is kept only because the congress asked; the door sees it.
  auto pic = Http(s.port(), "GET", "/api/v1/congresses/demo/delegates/004/face/photo");
  EXPECT_EQ(pic.status, 200);
  EXPECT_EQ(pic.Header("content-type"), "image/jpeg");
  auto faces = json::parse(Http(s.port(), "GET", "/api/v1/congresses/demo/faces").body);
  for (const auto& d : faces["delegates"])
    if (d["badge"] == "004") {
      EXPECT_EQ(d["consent"], "given");
      EXPECT_EQ(d["faces"], 1);
      EXPECT_TRUE(d["photo"]);
    }
  auto del = Http(s.port(), "DELETE", "/api/v1/congresses/demo/delegates/004/face");
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(json::parse(del.body)["deleted_faces"], 1);
  EXPECT_EQ(Http(s.port(), "GET", "/api/v1/congresses/demo/delegates/004/face/photo").status, 404);
  auto after = RunCli({"backup", "--data", s.data_dir(), "--out", s.data_dir() + "/after.db"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_FALSE(FileContains(s.data_dir() + "/after.db/phonghop.db", needle));
  EXPECT_FALSE(FileContains(db, needle));
  EXPECT_FALSE(FileContains(db + "-wal", needle));
  // Recognition no longer knows the person.
  auto r = json::parse(FaceCheckIn(s.port(), ReadFile(Photo("Wen_Jiabao", 2))).body);
  EXPECT_EQ(r["result"], "unknown");
  // The whole congress at once.
  ASSERT_EQ(Enrol(s.port(), "005", Photo("Hans_Blix", 0)).status, 201);
  auto all = Http(s.port(), "DELETE", "/api/v1/congresses/demo/faces");
  EXPECT_EQ(json::parse(all.body)["deleted_faces"], 1);
  EXPECT_EQ(json::parse(Http(s.port(), "GET", "/api/v1/congresses/demo/faces").body)["enrolled"], 0);
}

}  // namespace
}  // namespace phonghop::testing
