#include "storage/sqlite/migrations.h"

#include <string>
#include <vector>

#include "common/log.h"
#include "storage/sqlite/sqlite_db.h"

namespace phonghop::storage {
namespace {

// Append only: never edit a migration that has shipped.
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> k = {
      // 1: the congress data model.
      R"sql(
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE congresses (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  organization_id INTEGER REFERENCES organizations(id),
  name TEXT NOT NULL,
  ordinal TEXT NOT NULL DEFAULT '',
  term TEXT NOT NULL DEFAULT '',
  start_date TEXT NOT NULL DEFAULT '',
  end_date TEXT NOT NULL DEFAULT '',
  venue TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned','ongoing','closed')),
  quorum_num INTEGER NOT NULL DEFAULT 2,
  quorum_den INTEGER NOT NULL DEFAULT 3,
  created_at INTEGER NOT NULL
);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  date TEXT NOT NULL DEFAULT '',
  starts_at TEXT NOT NULL DEFAULT '',
  ends_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_congress ON sessions(congress_id, position);
CREATE TABLE agenda_items (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  starts_at TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  presenter TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agenda_session ON agenda_items(session_id, position);
CREATE TABLE delegations (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (congress_id, name)
);
CREATE TABLE delegates (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  badge TEXT NOT NULL,
  full_name TEXT NOT NULL,
  delegation_id INTEGER REFERENCES delegations(id) ON DELETE SET NULL,
  position_title TEXT NOT NULL DEFAULT '',
  gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('','male','female')),
  birth_year INTEGER,
  ethnicity TEXT NOT NULL DEFAULT '',
  seat TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'official'
    CHECK (kind IN ('official','invited','alternate')),
  UNIQUE (congress_id, badge)
);
CREATE INDEX delegates_delegation ON delegates(delegation_id);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL
    CHECK (role IN ('admin','secretariat','chair','checkin','delegate')),
  password_hash TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
      // 2: documents, their versions and page texts; printing figures.
      R"sql(
ALTER TABLE congresses ADD COLUMN print_extra_copies INTEGER NOT NULL DEFAULT 20;
ALTER TABLE congresses ADD COLUMN cost_per_page_vnd INTEGER NOT NULL DEFAULT 500;
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  code TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  number TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL DEFAULT 'khac',
  agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
  position INTEGER NOT NULL DEFAULT 0,
  visibility TEXT NOT NULL DEFAULT 'public'
    CHECK (visibility IN ('public','delegates','roles')),
  roles TEXT NOT NULL DEFAULT '',
  current_version_id INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX documents_congress ON documents(congress_id, position);
CREATE TABLE document_versions (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  label TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL,
  file_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  size INTEGER NOT NULL,
  page_count INTEGER NOT NULL,
  text_status TEXT NOT NULL DEFAULT 'done',
  created_at INTEGER NOT NULL,
  UNIQUE (document_id, number)
);
CREATE INDEX document_versions_sha ON document_versions(sha256);
CREATE TABLE document_pages (
  version_id INTEGER NOT NULL REFERENCES document_versions(id) ON DELETE CASCADE,
  page INTEGER NOT NULL,
  text TEXT NOT NULL,
  needs_ocr INTEGER NOT NULL DEFAULT 0,
  ocr INTEGER NOT NULL DEFAULT 0,  -- text came from OCR
  PRIMARY KEY (version_id, page)
);
CREATE TABLE delegate_tokens (
  id INTEGER PRIMARY KEY,
  delegate_id INTEGER NOT NULL REFERENCES delegates(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX delegate_tokens_delegate ON delegate_tokens(delegate_id);
)sql",
      // 3: full-text search over the current version of every document
      // (rowid = document_pages.rowid; the title rides on page 1).
      R"sql(
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'phonghop');
INSERT INTO search_fts(rowid, title, body)
  SELECT p.rowid, CASE WHEN p.page = 1 THEN d.title ELSE '' END, p.text
  FROM document_pages p JOIN documents d ON d.current_version_id = p.version_id;
)sql",
      // 4: sign-in sessions (staff by password, delegates by badge token).
      R"sql(
CREATE TABLE auth_sessions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
  delegate_id INTEGER REFERENCES delegates(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  CHECK ((user_id IS NULL) <> (delegate_id IS NULL))
);
CREATE INDEX auth_sessions_user ON auth_sessions(user_id);
)sql",
      // 5: the append-only audit log.
      R"sql(
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  address TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
)sql",
      // 6: attendance (one row per delegate and session) and biometrics.
      R"sql(
CREATE TABLE attendance (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  delegate_id INTEGER NOT NULL REFERENCES delegates(id) ON DELETE CASCADE,
  method TEXT NOT NULL CHECK (method IN ('face','badge','manual')),
  at INTEGER NOT NULL,
  kiosk TEXT NOT NULL DEFAULT '',
  operator TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  score REAL NOT NULL DEFAULT 0,
  UNIQUE (session_id, delegate_id)
);
CREATE TABLE face_embeddings (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  delegate_id INTEGER NOT NULL REFERENCES delegates(id) ON DELETE CASCADE,
  embedding BLOB NOT NULL,
  model TEXT NOT NULL,
  photo BLOB,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX face_embeddings_congress ON face_embeddings(congress_id);
CREATE INDEX face_embeddings_delegate ON face_embeddings(delegate_id);
CREATE TABLE biometric_consent (
  delegate_id INTEGER PRIMARY KEY REFERENCES delegates(id) ON DELETE CASCADE,
  consent TEXT NOT NULL CHECK (consent IN ('given','refused')),
  at INTEGER NOT NULL,
  by TEXT NOT NULL DEFAULT ''
);
)sql",
      // 7: announcements, personal notes, province pages.
      R"sql(
CREATE TABLE announcements (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  important INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX announcements_congress ON announcements(congress_id, id);
CREATE TABLE notes (
  owner TEXT NOT NULL,
  document_code TEXT NOT NULL,
  text TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (owner, document_code)
);
CREATE TABLE province_pages (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  slug TEXT NOT NULL,
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  body_md TEXT NOT NULL DEFAULT '',
  cover TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),
  position INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  UNIQUE (congress_id, slug)
);
)sql",
      // 8: votes, elections, tellers' sign-offs, the list of speakers.
      // Secret ballots: `poll_voters` (who took part) and `ballots` (what
      // was chosen) share no column, no timestamp and no rowid order.
      R"sql(
CREATE TABLE elections (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  seats INTEGER NOT NULL CHECK (seats >= 1),
  alternate_seats INTEGER NOT NULL DEFAULT 0 CHECK (alternate_seats >= 0),
  threshold_base TEXT NOT NULL DEFAULT 'valid' CHECK (threshold_base IN ('valid','returned','summoned')),
  tie_rule TEXT NOT NULL DEFAULT 'runoff' CHECK (tie_rule IN ('runoff','older')),
  max_rounds INTEGER NOT NULL DEFAULT 2,
  runoff_needs_majority INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL DEFAULT 'preparing' CHECK (state IN ('preparing','voting','done')),
  created_at INTEGER NOT NULL
);
CREATE TABLE election_candidates (
  id INTEGER PRIMARY KEY,
  election_id INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
  full_name TEXT NOT NULL,
  birth_date TEXT NOT NULL DEFAULT '',
  delegation TEXT NOT NULL DEFAULT '',
  delegate_id INTEGER REFERENCES delegates(id) ON DELETE SET NULL,
  source TEXT NOT NULL DEFAULT 'proposed' CHECK (source IN ('proposed','nominated','self')),
  withdrawn_at INTEGER
);
CREATE INDEX election_candidates_election ON election_candidates(election_id);
CREATE TABLE election_tellers (
  election_id INTEGER NOT NULL REFERENCES elections(id) ON DELETE CASCADE,
  delegate_id INTEGER NOT NULL REFERENCES delegates(id) ON DELETE CASCADE,
  head INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (election_id, delegate_id)
) WITHOUT ROWID;
CREATE TABLE polls (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
  kind TEXT NOT NULL CHECK (kind IN ('motion','election')),
  mode TEXT NOT NULL CHECK (mode IN ('named','secret','paper')),
  title TEXT NOT NULL,
  election_id INTEGER REFERENCES elections(id),
  round INTEGER NOT NULL DEFAULT 1,
  purpose TEXT NOT NULL DEFAULT 'main' CHECK (purpose IN ('main','runoff','additional')),
  seats INTEGER,
  alternate_seats INTEGER NOT NULL DEFAULT 0,
  pass_rule TEXT NOT NULL DEFAULT 'present' CHECK (pass_rule IN ('present','summoned','cast')),
  attempt INTEGER NOT NULL DEFAULT 1,
  supersedes_id INTEGER REFERENCES polls(id),
  state TEXT NOT NULL DEFAULT 'created' CHECK (state IN ('created','open','closed','published','cancelled')),
  duration_s INTEGER,
  opened_at INTEGER, closed_at INTEGER, published_at INTEGER, cancelled_at INTEGER, cancel_reason TEXT,
  summoned INTEGER, present INTEGER, issued INTEGER, returned INTEGER, valid INTEGER, invalid INTEGER,
  result_json TEXT, tally_sha256 TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX polls_congress ON polls(congress_id, id);
-- One ballot on the phones at a time.
CREATE UNIQUE INDEX polls_one_open ON polls(congress_id) WHERE state = 'open';
CREATE TABLE poll_options (
  poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  label TEXT NOT NULL,
  candidate_id INTEGER REFERENCES election_candidates(id),
  birth_date TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (poll_id, position)
) WITHOUT ROWID;
CREATE TABLE poll_voters (
  poll_id INTEGER NOT NULL,
  delegate_id INTEGER NOT NULL,
  PRIMARY KEY (poll_id, delegate_id)
) WITHOUT ROWID;
CREATE TABLE ballots (
  poll_id INTEGER NOT NULL,
  ballot_id BLOB NOT NULL CHECK (length(ballot_id) = 16),
  choice TEXT NOT NULL,
  valid INTEGER NOT NULL,
  invalid_reason TEXT,
  delegate_id INTEGER,
  PRIMARY KEY (poll_id, ballot_id)
) WITHOUT ROWID;
-- Paper ballots entered one by one by the tellers, in two or more sets
-- (A, B, ...) that must agree; `operator` is the teller's delegate id.
CREATE TABLE paper_entries (
  poll_id INTEGER NOT NULL,
  entry_set TEXT NOT NULL,
  seq INTEGER NOT NULL,
  operator INTEGER NOT NULL,
  choice TEXT NOT NULL,
  invalid_reason TEXT,
  PRIMARY KEY (poll_id, entry_set, seq)
) WITHOUT ROWID;
CREATE TABLE poll_signoffs (
  poll_id INTEGER NOT NULL,
  delegate_id INTEGER NOT NULL,
  minutes_sha256 TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (poll_id, delegate_id)
) WITHOUT ROWID;
-- The sign-in session a delegate votes from (a copied badge on a second
-- phone is refused). A table of its own rather than a column of delegates.
CREATE TABLE voting_devices (
  delegate_id INTEGER PRIMARY KEY REFERENCES delegates(id) ON DELETE CASCADE,
  session_id INTEGER NOT NULL
);
CREATE TRIGGER ballots_no_link_if_secret BEFORE INSERT ON ballots
  WHEN NEW.delegate_id IS NOT NULL AND (SELECT mode FROM polls WHERE id = NEW.poll_id) IS NOT 'named'
  BEGIN SELECT RAISE(ABORT, 'a secret ballot cannot name its voter'); END;
CREATE TRIGGER poll_frozen BEFORE UPDATE ON polls
  WHEN OLD.state <> 'created' AND (NEW.kind IS NOT OLD.kind OR NEW.mode IS NOT OLD.mode OR
       NEW.seats IS NOT OLD.seats OR NEW.pass_rule IS NOT OLD.pass_rule OR
       NEW.election_id IS NOT OLD.election_id OR NEW.session_id IS NOT OLD.session_id)
  BEGIN SELECT RAISE(ABORT, 'poll configuration is frozen once opened'); END;
CREATE TRIGGER poll_options_frozen_insert BEFORE INSERT ON poll_options
  WHEN (SELECT state FROM polls WHERE id = NEW.poll_id) IS NOT 'created'
  BEGIN SELECT RAISE(ABORT, 'poll options are frozen once opened'); END;
CREATE TRIGGER poll_options_frozen_update BEFORE UPDATE ON poll_options
  WHEN (SELECT state FROM polls WHERE id = OLD.poll_id) IS NOT 'created'
  BEGIN SELECT RAISE(ABORT, 'poll options are frozen once opened'); END;
CREATE TRIGGER polls_no_unpublish BEFORE UPDATE OF state ON polls
  WHEN OLD.state = 'published' AND NEW.state <> 'published'
  BEGIN SELECT RAISE(ABORT, 'a published poll is final'); END;
CREATE TABLE speech_requests (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
  delegate_id INTEGER NOT NULL REFERENCES delegates(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('speech','paper','written')),
  topic TEXT NOT NULL DEFAULT '',
  document_code TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('requested','approved','rejected','withdrawn','speaking','done','skipped','submitted')),
  position INTEGER,
  limit_s INTEGER NOT NULL,
  requested_at INTEGER NOT NULL,
  decided_by TEXT, decided_at INTEGER,
  began_at INTEGER, paused_at INTEGER, paused_total_s INTEGER NOT NULL DEFAULT 0, ended_at INTEGER
);
CREATE INDEX speech_requests_item ON speech_requests(agenda_item_id, state);
CREATE UNIQUE INDEX speech_one_active ON speech_requests(agenda_item_id, delegate_id, kind)
  WHERE state IN ('requested','approved','speaking');
CREATE UNIQUE INDEX speech_one_speaking ON speech_requests(congress_id) WHERE state = 'speaking';
CREATE TABLE speaker_lists (
  agenda_item_id INTEGER PRIMARY KEY REFERENCES agenda_items(id) ON DELETE CASCADE,
  closed INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0
);
)sql",
      // 9: delegate paperwork fields; badge tokens kept sealed so a
      // badge can be reprinted without revoking it.
      R"sql(
ALTER TABLE delegates ADD COLUMN birth_date TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN party_member INTEGER;
ALTER TABLE delegate_tokens ADD COLUMN sealed TEXT NOT NULL DEFAULT '';
)sql",
      // 10: change log the in-memory search index follows (search/inverted_index.h):
      // one row per document whose pages or title changed; 0 = everything.
      R"sql(
CREATE TABLE search_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL
);
)sql",
      // 11: rounds of an election (#12, design R7/R8): a runoff or a further
      // round follows an earlier poll; a further round names the published,
      // passed motion by which the congress decided to hold it. One live
      // follower per poll and one round per decision, even under races.
      // minutes_code: the document the published minutes were filed as.
      R"sql(
ALTER TABLE polls ADD COLUMN follows_id INTEGER REFERENCES polls(id);
ALTER TABLE polls ADD COLUMN decision_id INTEGER REFERENCES polls(id);
ALTER TABLE polls ADD COLUMN minutes_code TEXT;
-- Check-out at the door (design §3.2): a delegate who left no longer counts
-- as present (quorum, ballots, speakers); a new check-in clears it.
ALTER TABLE attendance ADD COLUMN left_at INTEGER;
CREATE UNIQUE INDEX polls_one_follower ON polls(follows_id)
  WHERE follows_id IS NOT NULL AND state <> 'cancelled';
CREATE UNIQUE INDEX polls_one_round_per_decision ON polls(decision_id)
  WHERE decision_id IS NOT NULL AND state <> 'cancelled';
)sql",
      // 12: (#12, V10) an election's rules and a ballot's names are frozen
      // by the store too once a poll opened, like poll_frozen: no direct
      // SQL can change the seats or the threshold base of a counted ballot.
      R"sql(
CREATE TRIGGER elections_frozen BEFORE UPDATE ON elections
  WHEN (NEW.seats IS NOT OLD.seats OR NEW.alternate_seats IS NOT OLD.alternate_seats OR
        NEW.threshold_base IS NOT OLD.threshold_base OR NEW.tie_rule IS NOT OLD.tie_rule OR
        NEW.max_rounds IS NOT OLD.max_rounds OR NEW.runoff_needs_majority IS NOT OLD.runoff_needs_majority)
   AND EXISTS (SELECT 1 FROM polls WHERE election_id = OLD.id AND state IN ('open','closed','published'))
  BEGIN SELECT RAISE(ABORT, 'election rules are frozen once a ballot opened'); END;
CREATE TRIGGER poll_options_frozen_delete BEFORE DELETE ON poll_options
  WHEN (SELECT state FROM polls WHERE id = OLD.poll_id) IN ('open','closed','published')
  BEGIN SELECT RAISE(ABORT, 'poll options are frozen once opened'); END;
)sql",
      // 13 (#17 items 8, 14, 10): screen tokens for the hall projector,
      // comments on drafts, a version number on notes (conditional save).
      R"sql(
CREATE TABLE screen_tokens (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX screen_tokens_congress ON screen_tokens(congress_id, id);
CREATE TABLE draft_comments (
  id INTEGER PRIMARY KEY,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  page INTEGER NOT NULL,
  quote TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  delegate_id INTEGER REFERENCES delegates(id) ON DELETE SET NULL,
  author TEXT NOT NULL,
  delegation_id INTEGER REFERENCES delegations(id) ON DELETE SET NULL,
  group_name TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  handled_at INTEGER,
  handled_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX draft_comments_document ON draft_comments(document_id, id);
CREATE INDEX draft_comments_delegate ON draft_comments(delegate_id, id);
ALTER TABLE notes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
)sql",
      // 14: (#14) the kiosk's idempotency key on a check-in (decision 530);
      // the live-event outbox: a sequence per topic (congress slug) and the
      // recent events, which are the event streams' ids and replay
      // (decision 532).
      R"sql(
ALTER TABLE attendance ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX attendance_idempotency ON attendance(congress_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE TABLE live_event_seq (
  topic TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);
CREATE TABLE live_events (
  topic TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  data TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (topic, seq)
) WITHOUT ROWID;
)sql",
      // 15: (#14) face data sealed with per-delegate keys kept outside the
      // database (decisions 534, 550); rows stored before stay 0 until the
      // sealing layer rewrites them at start.
      R"sql(
ALTER TABLE face_embeddings ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
)sql",
      // 16: (#17 item 14) a delegation's group secretary, who sends comments
      // on drafts on the delegation's behalf (decision 417).
      R"sql(
CREATE TABLE group_secretaries (
  delegation_id INTEGER PRIMARY KEY REFERENCES delegations(id) ON DELETE CASCADE,
  delegate_id INTEGER NOT NULL REFERENCES delegates(id) ON DELETE CASCADE
);
)sql",
      // 17: (#14) what the chair presents, shared by every node and kept
      // over a restart (decision 74); it lived in one process's memory.
      R"sql(
CREATE TABLE presentations (
  congress_id INTEGER PRIMARY KEY REFERENCES congresses(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  page INTEGER NOT NULL,
  since INTEGER NOT NULL,
  presented_by TEXT NOT NULL,
  audience TEXT NOT NULL
);
)sql",
      // 18: staff accounts scoped to congresses (decision 418). Accounts
      // made before stay global (scoped = 0); a scoped one works on the
      // congresses listed in user_congresses, and on no other.
      R"sql(
ALTER TABLE users ADD COLUMN scoped INTEGER NOT NULL DEFAULT 0;
CREATE TABLE user_congresses (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  congress_id INTEGER NOT NULL REFERENCES congresses(id) ON DELETE CASCADE,
  PRIMARY KEY (user_id, congress_id)
) WITHOUT ROWID;
CREATE INDEX user_congresses_congress ON user_congresses(congress_id);
)sql",
  };
  return k;
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(Migrations().size()); }

Status ApplyMigrations(SqliteDatabase& db) {
  int current = db.SchemaVersion();
  int latest = LatestSchemaVersion();
  if (current > latest)
    return Status::Unavailable("cơ sở dữ liệu ở phiên bản " + std::to_string(current) +
                               ", mới hơn chương trình này (" + std::to_string(latest) + ")");
  for (int v = current + 1; v <= latest; ++v) {
    try {
      db.Write([&](Connection& c) {
        c.Exec(Migrations()[v - 1]);
        c.Exec("PRAGMA user_version = " + std::to_string(v));
      });
    } catch (const SqliteError& e) {
      return Status::Internal("migration " + std::to_string(v) + " failed: " + e.what());
    }
    log::Info("migration applied version=" + std::to_string(v));
  }
  return Status::Ok();
}

}  // namespace phonghop::storage
