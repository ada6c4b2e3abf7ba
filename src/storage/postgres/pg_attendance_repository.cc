#include "storage/postgres/pg_attendance_repository.h"
#include "storage/rows/attendance_rows.h"

namespace phonghop::storage::pg {

using attendance::CheckIn;

namespace {

using rows::kCheckInColumns;
attendance::CheckIn ReadCheckIn(const Rows& r, int i) { return rows::ReadCheckIn(r.At(i)); }

}  // namespace

Result<attendance::RecordedCheckIn> PgAttendanceRepository::RecordCheckIn(const CheckIn& c,
                                                                           const audit::Entry& audit) {
  using How = attendance::RecordedCheckIn::How;
  return PgGuard([&]() -> Result<attendance::RecordedCheckIn> {
    return db_.Write([&](PgConnection& conn) -> Result<attendance::RecordedCheckIn> {
      // A retry of an attempt whose reply was lost (the node died after
      // COMMIT, or the COMMIT's answer never came): the first answer.
      if (!c.idempotency_key.empty()) {
        // Retries of one attempt racing each other (on several nodes) take
        // turns: the later ones then find the first one's row.
        conn.Q("SELECT pg_advisory_xact_lock(530, hashtext($1))", c.idempotency_key);
        auto k = conn.Q(std::string(kCheckInColumns) + "WHERE congress_id = $1 AND idempotency_key = $2",
                        c.congress_id, c.idempotency_key);
        if (!k.empty()) return attendance::RecordedCheckIn{ReadCheckIn(k, 0), How::kReplayed};
      }
      // Two kiosks (on two nodes) at once: the second INSERT waits for the
      // first to commit, then does nothing; the SELECT, a new statement,
      // sees the winner's row. UNIQUE(session_id, delegate_id) decides.
      auto ins = conn.Q("INSERT INTO attendance(congress_id, session_id, delegate_id, method, at, kiosk, "
                        "operator, reason, score, idempotency_key) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,NULLIF($10, '')) "
                        // A delegate who checked out and comes back is present again.
                        "ON CONFLICT (session_id, delegate_id) DO UPDATE SET left_at = NULL, "
                        "idempotency_key = excluded.idempotency_key "
                        "WHERE attendance.left_at IS NOT NULL",
                        c.congress_id, c.session_id, c.delegate_id, attendance::ToString(c.method), c.at, c.kiosk,
                        c.operator_name, c.reason, c.score, c.idempotency_key);
      const bool inserted = ins.Affected() > 0;
      if (inserted)
        conn.Q("INSERT INTO audit_log(at, actor, action, outcome, address) VALUES ($1,$2,$3,$4,$5)", audit.at,
               audit.actor, audit.action, audit.outcome, audit.address);
      auto r = conn.Q(std::string(kCheckInColumns) + "WHERE session_id = $1 AND delegate_id = $2", c.session_id,
                      c.delegate_id);
      if (r.empty()) return Status::Internal("check-in not stored");
      CheckIn stored = ReadCheckIn(r, 0);
      // The same key racing itself (a retry sent while the first attempt
      // was still committing): the loser waited for the winner's row.
      How how = inserted ? How::kInserted
                : (!c.idempotency_key.empty() && stored.idempotency_key == c.idempotency_key) ? How::kReplayed
                                                                                               : How::kAlready;
      return attendance::RecordedCheckIn{std::move(stored), how};
    });
  });
}

Result<bool> PgAttendanceRepository::CheckOut(int64_t session_id, int64_t delegate_id, int64_t at) {
  return PgGuard([&]() -> Result<bool> {
    return db_.Write([&](PgConnection& conn) -> Result<bool> {
      auto r = conn.Q("SELECT COALESCE(left_at, 0) FROM attendance WHERE session_id = $1 AND delegate_id = $2 FOR UPDATE",
                      session_id, delegate_id);
      if (r.empty()) return Status::NotFound("Đại biểu chưa điểm danh phiên này");
      if (r.Int(0, 0) != 0) return false;
      auto u = conn.Q("UPDATE attendance SET left_at = $1 WHERE session_id = $2 AND delegate_id = $3 AND left_at IS NULL",
                      at, session_id, delegate_id);
      return u.Affected() > 0;
    });
  });
}

Result<std::vector<CheckIn>> PgAttendanceRepository::ListCheckIns(int64_t session_id) {
  return PgGuard([&]() -> Result<std::vector<CheckIn>> {
    return db_.Read([&](PgConnection& conn) {
      std::vector<CheckIn> out;
      auto r = conn.Q(std::string(kCheckInColumns) + "WHERE session_id = $1 ORDER BY at, id", session_id);
      for (int i = 0; i < r.size(); ++i) out.push_back(ReadCheckIn(r, i));
      return out;
    });
  });
}

Result<int64_t> PgAttendanceRepository::AddFace(int64_t congress_id, const attendance::FaceRecord& f) {
  return PgGuard([&]() -> Result<int64_t> {
    return db_.Write([&](PgConnection& conn) {
      std::string_view emb(f.embedding);
      std::optional<Bytes> photo;
      if (!f.photo_jpeg.empty())
        photo = Bytes{f.photo_jpeg};
      const int64_t id =
          conn.Q("INSERT INTO face_embeddings(congress_id, delegate_id, embedding, model, photo, created_at, "
                 "created_by, sealed) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
                 congress_id, f.delegate_id, Bytes{emb}, f.model, photo, f.created_at, f.created_by,
                 int64_t{f.sealed ? 1 : 0})
              .Int(0, 0);
      conn.Q("INSERT INTO biometric_consent(delegate_id, consent, at, \"by\") VALUES ($1, 'given', $2, $3) "
             "ON CONFLICT (delegate_id) DO UPDATE SET consent = 'given', at = excluded.at, \"by\" = excluded.\"by\"",
             f.delegate_id, f.created_at, f.created_by);
      return id;
    });
  });
}

Result<std::vector<std::pair<int64_t, std::string>>> PgAttendanceRepository::ListFaces(int64_t congress_id,
                                                                                       const std::string& model) {
  return PgGuard([&]() -> Result<std::vector<std::pair<int64_t, std::string>>> {
    return db_.Read([&](PgConnection& conn) {
      std::vector<std::pair<int64_t, std::string>> out;
      auto r = conn.Q("SELECT delegate_id, embedding FROM face_embeddings WHERE congress_id = $1 AND model = $2 "
                      "ORDER BY id",
                      congress_id, model);
      for (int i = 0; i < r.size(); ++i) out.emplace_back(r.Int(i, 0), r.Blob(i, 1));
      return out;
    });
  });
}

Result<std::string> PgAttendanceRepository::FacePhoto(int64_t delegate_id) {
  return PgGuard([&]() -> Result<std::string> {
    return db_.Read([&](PgConnection& conn) -> Result<std::string> {
      auto r = conn.Q("SELECT photo FROM face_embeddings WHERE delegate_id = $1 AND photo IS NOT NULL "
                      "ORDER BY id DESC LIMIT 1",
                      delegate_id);
      if (r.empty()) return Status::NotFound("Không lưu ảnh khuôn mặt của đại biểu này");
      return r.Blob(0, 0);
    });
  });
}

Result<int> PgAttendanceRepository::DeleteFaces(int64_t delegate_id) {
  return PgGuard([&]() -> Result<int> {
    return db_.Read([&](PgConnection& conn) {
      return static_cast<int>(conn.Q("DELETE FROM face_embeddings WHERE delegate_id = $1", delegate_id).Affected());
    });
  });
}

Result<int> PgAttendanceRepository::DeleteCongressFaces(int64_t congress_id) {
  return PgGuard([&]() -> Result<int> {
    return db_.Read([&](PgConnection& conn) {
      return static_cast<int>(conn.Q("DELETE FROM face_embeddings WHERE congress_id = $1", congress_id).Affected());
    });
  });
}

Status PgAttendanceRepository::SetConsent(int64_t delegate_id, attendance::Consent c, const std::string& by,
                                          int64_t now) {
  return PgGuard([&]() -> Status {
    db_.Read([&](PgConnection& conn) {
      if (c == attendance::Consent::kUnknown) {
        conn.Q("DELETE FROM biometric_consent WHERE delegate_id = $1", delegate_id);
        return;
      }
      conn.Q("INSERT INTO biometric_consent(delegate_id, consent, at, \"by\") VALUES ($1,$2,$3,$4) "
             "ON CONFLICT (delegate_id) DO UPDATE SET consent = excluded.consent, at = excluded.at, "
             "\"by\" = excluded.\"by\"",
             delegate_id, attendance::ToString(c), now, by);
    });
    return Status::Ok();
  });
}

Result<std::map<int64_t, attendance::BiometricStatus>> PgAttendanceRepository::Biometrics(int64_t congress_id) {
  return PgGuard([&]() -> Result<std::map<int64_t, attendance::BiometricStatus>> {
    return db_.Read([&](PgConnection& conn) {
      std::map<int64_t, attendance::BiometricStatus> out;
      auto r = conn.Q(
          "SELECT d.id, COALESCE(c.consent, ''), COALESCE(c.at, 0), COALESCE(c.\"by\", ''), "
          "(SELECT COUNT(*) FROM face_embeddings f WHERE f.delegate_id = d.id), "
          "(SELECT COUNT(*) FROM face_embeddings f WHERE f.delegate_id = d.id AND f.photo IS NOT NULL) "
          "FROM delegates d LEFT JOIN biometric_consent c ON c.delegate_id = d.id WHERE d.congress_id = $1",
          congress_id);
      for (int i = 0; i < r.size(); ++i) {
        attendance::BiometricStatus b;
        b.delegate_id = r.Int(i, 0);
        const std::string consent = r.Text(i, 1);
        b.consent = consent == "given"     ? attendance::Consent::kGiven
                    : consent == "refused" ? attendance::Consent::kRefused
                                           : attendance::Consent::kUnknown;
        b.consent_at = r.Int(i, 2);
        b.consent_by = r.Text(i, 3);
        b.faces = int(r.Int(i, 4));
        b.photo = r.Int(i, 5) > 0;
        out[b.delegate_id] = b;
      }
      return out;
    });
  });
}

Result<std::vector<attendance::UnsealedFace>> PgAttendanceRepository::ListUnsealedFaces(int limit) {
  return PgGuard([&]() -> Result<std::vector<attendance::UnsealedFace>> {
    return db_.Read([&](PgConnection& conn) {
      std::vector<attendance::UnsealedFace> out;
      auto r = conn.Q("SELECT id, congress_id, delegate_id, embedding, photo FROM face_embeddings WHERE sealed = 0 "
                      "ORDER BY id LIMIT $1",
                      int64_t{limit});
      for (int i = 0; i < r.size(); ++i) {
        attendance::UnsealedFace f;
        f.id = r.Int(i, 0);
        f.congress_id = r.Int(i, 1);
        f.delegate_id = r.Int(i, 2);
        f.embedding = r.Blob(i, 3);
        if (!r.IsNull(i, 4)) f.photo = r.Blob(i, 4);
        out.push_back(std::move(f));
      }
      return out;
    });
  });
}

Result<int> PgAttendanceRepository::ReplaceWithSealed(const std::vector<attendance::UnsealedFace>& faces) {
  // The clear rows stay in dead tuples, the WAL and older backups until
  // those age out: PostgreSQL cannot scrub them (docs/security.md).
  return PgGuard([&]() -> Result<int> {
    return db_.Write([&](PgConnection& conn) {
      int replaced = 0;
      for (const auto& f : faces) {
        std::optional<Bytes> photo;
        if (f.photo) photo = Bytes{*f.photo};
        replaced += static_cast<int>(
            conn.Q("UPDATE face_embeddings SET embedding = $1, photo = $2, sealed = 1 WHERE id = $3 AND sealed = 0",
                   Bytes{f.embedding}, photo, f.id)
                .Affected());
      }
      return replaced;
    });
  });
}

}  // namespace phonghop::storage::pg
