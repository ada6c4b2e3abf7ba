#include "storage/sqlite/sqlite_attendance_repository.h"

#include <chrono>
#include <thread>

#include "common/log.h"
#include "storage/rows/attendance_rows.h"

namespace phonghop::storage {

using attendance::CheckIn;

namespace {

using rows::kCheckInColumns;
using rows::ReadCheckIn;

}  // namespace

Result<attendance::RecordedCheckIn> SqliteAttendanceRepository::RecordCheckIn(const CheckIn& c,
                                                                               const audit::Entry& audit) {
  using How = attendance::RecordedCheckIn::How;
  return Guard([&]() -> Result<attendance::RecordedCheckIn> {
    return db_.Write([&](Connection& conn) -> Result<attendance::RecordedCheckIn> {
      // A retry of an attempt whose reply was lost: the first answer.
      if (!c.idempotency_key.empty()) {
        auto k = conn.Prepare(std::string(kCheckInColumns) + "WHERE congress_id = ? AND idempotency_key = ?");
        k.Bind(1, c.congress_id).Bind(2, c.idempotency_key);
        if (k.Step()) return attendance::RecordedCheckIn{ReadCheckIn(k), How::kReplayed};
      }
      // The write lock serialises kiosks: the first check-in wins and the
      // UNIQUE(session_id, delegate_id) constraint backs it up.
      conn.Prepare(
              "INSERT INTO attendance(congress_id, session_id, delegate_id, method, at, kiosk, "
              "operator, reason, score, idempotency_key) VALUES (?,?,?,?,?,?,?,?,?,NULLIF(?, '')) "
              // A delegate who checked out and comes back is present again.
              "ON CONFLICT(session_id, delegate_id) DO UPDATE SET left_at = NULL, "
              "idempotency_key = excluded.idempotency_key WHERE left_at IS NOT NULL")
          .Bind(1, c.congress_id).Bind(2, c.session_id).Bind(3, c.delegate_id)
          .Bind(4, attendance::ToString(c.method)).Bind(5, c.at).Bind(6, c.kiosk)
          .Bind(7, c.operator_name).Bind(8, c.reason).Bind(9, c.score).Bind(10, c.idempotency_key).Exec();
      const bool inserted = conn.Changes() > 0;
      if (inserted)
        conn.Prepare("INSERT INTO audit_log(at, actor, action, outcome, address) VALUES (?,?,?,?,?)")
            .Bind(1, audit.at).Bind(2, audit.actor).Bind(3, audit.action).Bind(4, audit.outcome)
            .Bind(5, audit.address).Exec();
      auto s = conn.Prepare(std::string(kCheckInColumns) + "WHERE session_id = ? AND delegate_id = ?");
      s.Bind(1, c.session_id).Bind(2, c.delegate_id);
      if (!s.Step()) return Status::Internal("check-in not stored");
      return attendance::RecordedCheckIn{ReadCheckIn(s), inserted ? How::kInserted : How::kAlready};
    });
  });
}

Result<std::vector<CheckIn>> SqliteAttendanceRepository::ListCheckIns(int64_t session_id) {
  return Guard([&]() -> Result<std::vector<CheckIn>> {
    return db_.Read([&](Connection& conn) {
      std::vector<CheckIn> out;
      auto s = conn.Prepare(std::string(kCheckInColumns) + "WHERE session_id = ? ORDER BY at, id");
      s.Bind(1, session_id);
      while (s.Step()) out.push_back(ReadCheckIn(s));
      return out;
    });
  });
}

Result<bool> SqliteAttendanceRepository::CheckOut(int64_t session_id, int64_t delegate_id, int64_t at) {
  return Guard([&]() -> Result<bool> {
    return db_.Write([&](Connection& conn) -> Result<bool> {
      auto s = conn.Prepare("SELECT COALESCE(left_at, 0) FROM attendance WHERE session_id = ? AND delegate_id = ?");
      s.Bind(1, session_id).Bind(2, delegate_id);
      if (!s.Step()) return Status::NotFound("Đại biểu chưa điểm danh phiên này");
      if (s.Int(0) != 0) return false;
      conn.Prepare("UPDATE attendance SET left_at = ? WHERE session_id = ? AND delegate_id = ? AND left_at IS NULL")
          .Bind(1, at).Bind(2, session_id).Bind(3, delegate_id).Exec();
      return conn.Changes() > 0;
    });
  });
}

Result<int64_t> SqliteAttendanceRepository::AddFace(int64_t congress_id, const attendance::FaceRecord& f) {
  return Guard([&]() -> Result<int64_t> {
    return db_.Write([&](Connection& conn) {
      auto ins = conn.Prepare(
          "INSERT INTO face_embeddings(congress_id, delegate_id, embedding, model, photo, created_at, "
          "created_by, sealed) VALUES (?,?,?,?,?,?,?,?)");
      ins.Bind(1, congress_id).Bind(2, f.delegate_id).BindBlob(3, f.embedding.data(), f.embedding.size())
          .Bind(4, f.model);
      if (f.photo_jpeg.empty()) ins.BindNull(5);
      else ins.BindBlob(5, f.photo_jpeg.data(), f.photo_jpeg.size());
      ins.Bind(6, f.created_at).Bind(7, f.created_by).Bind(8, int64_t{f.sealed ? 1 : 0}).Exec();
      const int64_t id = conn.LastInsertId();
      conn.Prepare(
              "INSERT INTO biometric_consent(delegate_id, consent, at, by) VALUES (?, 'given', ?, ?) "
              "ON CONFLICT(delegate_id) DO UPDATE SET consent = 'given', at = excluded.at, by = excluded.by")
          .Bind(1, f.delegate_id).Bind(2, f.created_at).Bind(3, f.created_by).Exec();
      return id;
    });
  });
}

Result<std::vector<std::pair<int64_t, std::string>>> SqliteAttendanceRepository::ListFaces(
    int64_t congress_id, const std::string& model) {
  return Guard([&]() -> Result<std::vector<std::pair<int64_t, std::string>>> {
    return db_.Read([&](Connection& conn) {
      std::vector<std::pair<int64_t, std::string>> out;
      auto s = conn.Prepare(
          "SELECT delegate_id, embedding FROM face_embeddings WHERE congress_id = ? AND model = ? ORDER BY id");
      s.Bind(1, congress_id).Bind(2, model);
      while (s.Step()) out.emplace_back(s.Int(0), s.Blob(1));
      return out;
    });
  });
}

Result<std::string> SqliteAttendanceRepository::FacePhoto(int64_t delegate_id) {
  return Guard([&]() -> Result<std::string> {
    return db_.Read([&](Connection& conn) -> Result<std::string> {
      auto s = conn.Prepare(
          "SELECT photo FROM face_embeddings WHERE delegate_id = ? AND photo IS NOT NULL ORDER BY id DESC LIMIT 1");
      s.Bind(1, delegate_id);
      if (!s.Step()) return Status::NotFound("Không lưu ảnh khuôn mặt của đại biểu này");
      return s.Blob(0);
    });
  });
}

Status SqliteAttendanceRepository::Checkpoint() {
  // Copies the WAL (which still holds the deleted pages) into the main file
  // and truncates it; secure_delete has zeroed the freed content. A reader
  // holding an old snapshot (a backup or export running) keeps the WAL
  // alive: retry for a bounded time, each try with a short busy wait so the
  // writer lock a TRUNCATE checkpoint takes is never held for long.
  const auto deadline = std::chrono::steady_clock::now() + kCheckpointWait;
  while (true) {
    bool complete = false;
    try {
      db_.Read([&](Connection& conn) {
        conn.Exec("PRAGMA busy_timeout = 100");
        auto st = conn.Prepare("PRAGMA wal_checkpoint(TRUNCATE)");
        // Row: busy (0 = done), frames in the WAL, frames checkpointed.
        complete = st.Step() && st.Int(0) == 0;
        st.Reset();
        conn.Exec("PRAGMA busy_timeout = 10000");
      });
    } catch (const SqliteError&) {
      complete = false;  // SQLITE_BUSY: another checkpoint or a writer
    }
    if (complete) return Status::Ok();
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(kCheckpointPause);
  }
  log::Error("biometric deletion: the deleted faces are gone from the tables, but an open snapshot "
             "(a backup or export running) kept their old pages in the WAL; they leave the files at "
             "the next checkpoint (delete again to retry now)");
  return Status::Unavailable(
      "dữ liệu khuôn mặt đã bị xóa nhưng bản cũ của nó chưa được xóa hẳn khỏi tệp cơ sở dữ liệu, "
      "vì một bản sao lưu hoặc xuất dữ liệu đang chạy; hãy bấm xóa lại sau ít phút");
}

Result<int> SqliteAttendanceRepository::DeleteFaces(int64_t delegate_id) {
  auto n = Guard([&]() -> Result<int> {
    return db_.Write([&](Connection& conn) {
      conn.Prepare("DELETE FROM face_embeddings WHERE delegate_id = ?").Bind(1, delegate_id).Exec();
      return conn.Changes();
    });
  });
  // The rows are gone (committed): the caller updates the gallery, consent
  // and audit whatever the scrub's outcome, which Checkpoint logs.
  if (n.ok()) (void)Checkpoint();
  return n;
}

Result<int> SqliteAttendanceRepository::DeleteCongressFaces(int64_t congress_id) {
  auto n = Guard([&]() -> Result<int> {
    return db_.Write([&](Connection& conn) {
      conn.Prepare("DELETE FROM face_embeddings WHERE congress_id = ?").Bind(1, congress_id).Exec();
      return conn.Changes();
    });
  });
  // The rows are gone (committed): the caller updates the gallery, consent
  // and audit whatever the scrub's outcome, which Checkpoint logs.
  if (n.ok()) (void)Checkpoint();
  return n;
}

Status SqliteAttendanceRepository::SetConsent(int64_t delegate_id, attendance::Consent c,
                                              const std::string& by, int64_t now) {
  return Guard([&]() -> Status {
    db_.Write([&](Connection& conn) {
      if (c == attendance::Consent::kUnknown) {
        conn.Prepare("DELETE FROM biometric_consent WHERE delegate_id = ?").Bind(1, delegate_id).Exec();
        return;
      }
      conn.Prepare(
              "INSERT INTO biometric_consent(delegate_id, consent, at, by) VALUES (?,?,?,?) "
              "ON CONFLICT(delegate_id) DO UPDATE SET consent = excluded.consent, at = excluded.at, by = excluded.by")
          .Bind(1, delegate_id).Bind(2, attendance::ToString(c)).Bind(3, now).Bind(4, by).Exec();
    });
    return Status::Ok();
  });
}

Result<std::map<int64_t, attendance::BiometricStatus>> SqliteAttendanceRepository::Biometrics(
    int64_t congress_id) {
  return Guard([&]() -> Result<std::map<int64_t, attendance::BiometricStatus>> {
    return db_.Read([&](Connection& conn) {
      std::map<int64_t, attendance::BiometricStatus> out;
      auto s = conn.Prepare(
          "SELECT d.id, COALESCE(c.consent, ''), COALESCE(c.at, 0), COALESCE(c.by, ''), "
          "(SELECT COUNT(*) FROM face_embeddings f WHERE f.delegate_id = d.id), "
          "(SELECT COUNT(*) FROM face_embeddings f WHERE f.delegate_id = d.id AND f.photo IS NOT NULL) "
          "FROM delegates d LEFT JOIN biometric_consent c ON c.delegate_id = d.id WHERE d.congress_id = ?");
      s.Bind(1, congress_id);
      while (s.Step()) {
        attendance::BiometricStatus b;
        b.delegate_id = s.Int(0);
        const std::string consent = s.Text(1);
        b.consent = consent == "given" ? attendance::Consent::kGiven
                    : consent == "refused" ? attendance::Consent::kRefused
                                           : attendance::Consent::kUnknown;
        b.consent_at = s.Int(2);
        b.consent_by = s.Text(3);
        b.faces = int(s.Int(4));
        b.photo = s.Int(5) > 0;
        out[b.delegate_id] = b;
      }
      return out;
    });
  });
}

Result<std::vector<attendance::UnsealedFace>> SqliteAttendanceRepository::ListUnsealedFaces(int limit) {
  return Guard([&]() -> Result<std::vector<attendance::UnsealedFace>> {
    return db_.Read([&](Connection& conn) {
      std::vector<attendance::UnsealedFace> out;
      auto s = conn.Prepare(
          "SELECT id, congress_id, delegate_id, embedding, photo FROM face_embeddings WHERE sealed = 0 "
          "ORDER BY id LIMIT ?");
      s.Bind(1, int64_t{limit});
      while (s.Step()) {
        attendance::UnsealedFace f;
        f.id = s.Int(0);
        f.congress_id = s.Int(1);
        f.delegate_id = s.Int(2);
        f.embedding = s.Blob(3);
        if (!s.IsNull(4)) f.photo = s.Blob(4);
        out.push_back(std::move(f));
      }
      return out;
    });
  });
}

Result<int> SqliteAttendanceRepository::ReplaceWithSealed(const std::vector<attendance::UnsealedFace>& faces) {
  auto n = Guard([&]() -> Result<int> {
    return db_.Write([&](Connection& conn) {
      int replaced = 0;
      for (const auto& f : faces) {
        auto up = conn.Prepare("UPDATE face_embeddings SET embedding = ?, photo = ?, sealed = 1 WHERE id = ? AND sealed = 0");
        up.BindBlob(1, f.embedding.data(), f.embedding.size());
        if (f.photo) up.BindBlob(2, f.photo->data(), f.photo->size());
        else up.BindNull(2);
        up.Bind(3, f.id).Exec();
        replaced += conn.Changes();
      }
      return replaced;
    });
  });
  // secure_delete zeroed the clear pages; the checkpoint takes them out of
  // the WAL too.
  if (n.ok() && *n > 0) (void)Checkpoint();
  return n;
}

}  // namespace phonghop::storage
