#include "storage/transfer/congress_copy.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <unordered_map>

#include "common/files.h"
#include "common/log.h"
#include "common/sha256.h"
#include "storage/face/face_seal.h"
#include "storage/postgres/pg_db.h"
#include "storage/sqlite/sqlite_db.h"
#include "storage/transfer/row_access.h"

namespace phonghop::storage::transfer {

namespace fs = std::filesystem;

namespace {

// A column whose integer value names a row of `table`: rewritten to the id
// the target gave that row.
struct Ref {
  const char* column;
  const char* table;
};

// One table of the congress. `where` selects its rows with one `?` = the
// congress's id (at the source when reading, at the target when counting).
struct TableSpec {
  const char* table;
  const char* where;
  bool has_id;  // an integer `id` the target assigns
  std::vector<Ref> refs;
  const char* order = "";
};

constexpr const char* kDelegatesOf = "delegate_id IN (SELECT id FROM delegates WHERE congress_id = ?)";
constexpr const char* kPollsOf = "poll_id IN (SELECT id FROM polls WHERE congress_id = ?)";
constexpr const char* kElectionsOf = "election_id IN (SELECT id FROM elections WHERE congress_id = ?)";

// In insertion order: every row a reference names comes before it (the
// references a table makes to itself, and documents' current version, are
// set afterwards).
const std::vector<TableSpec>& Plan() {
  static const std::vector<TableSpec> k = {
      {"congresses", "id = ?", true, {}},
      {"sessions", "congress_id = ?", true, {{"congress_id", "congresses"}}, "id"},
      {"agenda_items", "session_id IN (SELECT id FROM sessions WHERE congress_id = ?)", true,
       {{"session_id", "sessions"}}, "id"},
      {"delegations", "congress_id = ?", true, {{"congress_id", "congresses"}}, "id"},
      {"delegates", "congress_id = ?", true, {{"congress_id", "congresses"}, {"delegation_id", "delegations"}}, "id"},
      {"delegate_tokens", kDelegatesOf, true, {{"delegate_id", "delegates"}}, "id"},
      {"documents", "congress_id = ?", true, {{"congress_id", "congresses"}, {"agenda_item_id", "agenda_items"}}, "id"},
      {"document_versions", "document_id IN (SELECT id FROM documents WHERE congress_id = ?)", true,
       {{"document_id", "documents"}}, "id"},
      {"document_pages",
       "version_id IN (SELECT v.id FROM document_versions v JOIN documents d ON d.id = v.document_id "
       "WHERE d.congress_id = ?)",
       false, {{"version_id", "document_versions"}}, "version_id, page"},
      {"draft_comments", "congress_id = ?", true,
       {{"congress_id", "congresses"}, {"document_id", "documents"}, {"delegate_id", "delegates"},
        {"delegation_id", "delegations"}},
       "id"},
      {"notes", "document_code IN (SELECT code FROM documents WHERE congress_id = ?)", false, {},
       "owner, document_code"},
      {"attendance", "congress_id = ?", true,
       {{"congress_id", "congresses"}, {"session_id", "sessions"}, {"delegate_id", "delegates"}}, "id"},
      {"biometric_consent", kDelegatesOf, false, {{"delegate_id", "delegates"}}, "delegate_id"},
      // A delegation's group secretary (decision 417).
      {"group_secretaries", "delegation_id IN (SELECT id FROM delegations WHERE congress_id = ?)", false,
       {{"delegation_id", "delegations"}, {"delegate_id", "delegates"}}, "delegation_id"},
      // Faces only with the delegate's consent on record (the service
      // deletes them on refusal; a face without consent never travels).
      {"face_embeddings",
       "congress_id = ? AND delegate_id IN (SELECT delegate_id FROM biometric_consent WHERE consent = 'given')",
       true, {{"congress_id", "congresses"}, {"delegate_id", "delegates"}}, "id"},
      {"announcements", "congress_id = ?", true, {{"congress_id", "congresses"}}, "id"},
      {"province_pages", "congress_id = ?", true, {{"congress_id", "congresses"}}, "id"},
      {"elections", "congress_id = ?", true, {{"congress_id", "congresses"}}, "id"},
      {"election_candidates", kElectionsOf, true, {{"election_id", "elections"}, {"delegate_id", "delegates"}}, "id"},
      {"election_tellers", kElectionsOf, false, {{"election_id", "elections"}, {"delegate_id", "delegates"}},
       "election_id, delegate_id"},
      {"polls", "congress_id = ?", true,
       {{"congress_id", "congresses"}, {"session_id", "sessions"}, {"agenda_item_id", "agenda_items"},
        {"election_id", "elections"}},
       "id"},
      {"poll_options", kPollsOf, false, {{"poll_id", "polls"}, {"candidate_id", "election_candidates"}},
       "poll_id, position"},
      // Secret ballots: voters and ballots are written in key order (ballot
      // ids are random), so the target keeps no trace of the casting order.
      {"poll_voters", kPollsOf, false, {{"poll_id", "polls"}, {"delegate_id", "delegates"}}, "poll_id, delegate_id"},
      {"ballots", kPollsOf, false, {{"poll_id", "polls"}, {"delegate_id", "delegates"}}, "poll_id, ballot_id"},
      {"paper_entries", kPollsOf, false, {{"poll_id", "polls"}, {"operator", "delegates"}},
       "poll_id, entry_set, seq"},
      {"poll_signoffs", kPollsOf, false, {{"poll_id", "polls"}, {"delegate_id", "delegates"}},
       "poll_id, delegate_id"},
      {"speech_requests", "congress_id = ?", true,
       {{"congress_id", "congresses"}, {"agenda_item_id", "agenda_items"}, {"delegate_id", "delegates"}}, "id"},
      {"speaker_lists",
       "agenda_item_id IN (SELECT a.id FROM agenda_items a JOIN sessions s ON s.id = a.session_id "
       "WHERE s.congress_id = ?)",
       false, {{"agenda_item_id", "agenda_items"}}, "agenda_item_id"},
      {"screen_tokens", "congress_id = ?", true, {{"congress_id", "congresses"}}, "id"},
      {"live_event_seq", "topic = (SELECT slug FROM congresses WHERE id = ?)", false, {}, "topic"},
  };
  return k;
}

// Tables that stay, and why (decision 538).
const std::set<std::string>& LeftBehind() {
  static const std::set<std::string> k = {
      "organizations",    // shared: matched by name at the target
      "users",            // staff accounts belong to an installation
      "user_congresses",  // which congresses those accounts may work on (decision 418):
                          // they name accounts that stay; the target's admin assigns
                          // its own accounts to the moved congress
      "settings",         // the installation's own (public URL, ...)
      "auth_sessions",    // sign-ins: phones sign in again at the new address
      "voting_devices",   // bound to a sign-in session; set again at next sign-in
      "audit_log",        // copied by its own rule (entries naming the congress)
      "search_changes",   // derived: appended for the moved documents
      "search_fts",       // derived: SQLite's full-text index, rebuilt
      "live_events",      // recent events of the streams: transient
      "presentations",    // the venue's current slide: the new place starts with none (decision 74)
      "schema_migrations" // PostgreSQL's migration record
  };
  return k;
}

constexpr const char* kCopyCode = "phonghop move";

std::string Quote(const std::string& id) { return "\"" + id + "\""; }

int64_t AsInt(const Value& v) {
  if (auto* n = std::get_if<int64_t>(&v)) return *n;
  if (auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (auto* s = std::get_if<std::string>(&v)) return std::strtoll(s->c_str(), nullptr, 10);
  return 0;
}
std::string AsText(const Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  return {};
}
bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// Runs `f` on a read-only snapshot of `side`'s database.
void InSnapshot(Side& side, const std::function<void(RowAccess&)>& f) {
  if (side.pg) {
    side.pg->Read([&](pg::PgConnection& c) {
      c.Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      try {
        PgRowAccess a(c);
        f(a);
        c.Exec("COMMIT");
      } catch (...) {
        try { c.Exec("ROLLBACK"); } catch (...) {}
        throw;
      }
    });
    return;
  }
  side.sqlite->Read([&](Connection& c) {
    // A deferred read transaction: one WAL snapshot for every SELECT.
    c.Exec("BEGIN");
    try {
      SqliteRowAccess a(c);
      f(a);
      c.Exec("COMMIT");
    } catch (...) {
      try { c.Exec("ROLLBACK"); } catch (...) {}
      throw;
    }
  });
}

// Runs `f` in one write transaction of `side`'s database; rolled back if
// `f` throws.
void InWrite(Side& side, const std::function<void(RowAccess&)>& f) {
  if (side.pg) {
    side.pg->Write([&](pg::PgConnection& c) {
      PgRowAccess a(c);
      f(a);
    });
    return;
  }
  side.sqlite->Write([&](Connection& c) {
    SqliteRowAccess a(c);
    f(a);
  });
}

// The failures of this module as a Status (messages in Vietnamese; the
// database's own text goes to the log only).
Status StatusOf(std::exception_ptr e, const std::string& during) {
  try {
    std::rethrow_exception(e);
  } catch (const TransferError& x) {
    log::Error("copy: " + during + ": " + std::string(x.what()).substr(0, 300));
    if (x.constraint())
      return Status::Conflict("dữ liệu trùng ở nơi nhận (" + during +
                              "): không có gì được ghi vào cơ sở dữ liệu nơi nhận");
    return Status::Internal("sao chép thất bại (" + during + "): không có gì được ghi vào cơ sở dữ liệu nơi nhận");
  } catch (const pg::PgError& x) {
    log::Error("copy: " + during + ": " + std::string(x.what()).substr(0, 300));
    if (x.IsRetryable()) return Status::Unavailable("không kết nối được PostgreSQL (" + during + ")");
    return Status::Internal("lỗi PostgreSQL (" + during + ")");
  } catch (const SqliteError& x) {
    log::Error("copy: " + during + ": " + std::string(x.what()).substr(0, 300));
    return Status::Internal("lỗi SQLite (" + during + ")");
  } catch (const std::exception& x) {
    log::Error("copy: " + during + ": " + std::string(x.what()).substr(0, 300));
    return Status::Internal("sao chép thất bại (" + during + ")");
  }
}

// Thrown inside a transaction to roll it back with a Status of our own.
struct Refusal {
  Status status;
};

std::string CountSql(const TableSpec& t) {
  return "SELECT COUNT(*) FROM " + Quote(t.table) + " WHERE " + t.where;
}

// What was read from the source, in one snapshot.
struct Snapshot {
  int64_t congress_id = 0;
  std::map<std::string, RowSet> tables;
  std::string organization;  // "" = none
  RowSet audit;
  bool audit_whole = false;
  int64_t faces_at_source = 0;
  std::unordered_map<int64_t, std::string> user_names;  // for staff notes
};


// Audit entries that name the congress: the API's paths and the CLI's
// words. The slug is [a-z0-9-], so it needs no escaping inside LIKE.
constexpr const char* kAuditNaming =
    "(action LIKE '%/congresses/' || ? || '/%' OR action LIKE '%/congresses/' || ? OR "
    "' ' || action || ' ' LIKE '% ' || ? || ' %')";

Snapshot ReadSource(RowAccess& db, const std::string& slug, bool faces) {
  Snapshot s;
  auto c = db.Select("SELECT c.id, o.name FROM congresses c LEFT JOIN organizations o ON o.id = c.organization_id "
                     "WHERE c.slug = ?",
                     {slug});
  if (c.rows.empty()) throw Refusal{Status::NotFound("không có đại hội '" + slug + "' ở nơi gửi")};
  s.congress_id = AsInt(c.rows[0][0]);
  s.organization = AsText(c.rows[0][1]);
  for (const auto& t : Plan()) {
    if (!faces && std::string(t.table) == "face_embeddings") {
      s.tables[t.table] = RowSet{};
      s.faces_at_source = AsInt(db.Select(CountSql(t), {s.congress_id}).rows[0][0]);
      continue;
    }
    std::string sql = "SELECT * FROM " + Quote(t.table) + " WHERE " + t.where;
    if (*t.order) sql += std::string(" ORDER BY ") + t.order;
    s.tables[t.table] = db.Select(sql, {s.congress_id});
  }
  const int64_t congresses = AsInt(db.Select("SELECT COUNT(*) FROM congresses", {}).rows[0][0]);
  s.audit_whole = congresses == 1;
  s.audit = s.audit_whole
                ? db.Select("SELECT at, actor, action, outcome, address FROM audit_log ORDER BY id", {})
                : db.Select(std::string("SELECT at, actor, action, outcome, address FROM audit_log WHERE ") +
                                kAuditNaming + " ORDER BY id",
                            {slug, slug, slug});
  auto users = db.Select("SELECT id, name FROM users", {});
  for (auto& u : users.rows) s.user_names[AsInt(u[0])] = AsText(u[1]);
  return s;
}

// "…/page-images/<sha>" anywhere in the text values of the rows.
void CollectPageImages(const RowSet& rows, std::set<std::string>& out) {
  static const std::regex kRef("page-images/([0-9a-f]{64})");
  for (const auto& row : rows.rows)
    for (const auto& v : row)
      if (auto* s = std::get_if<std::string>(&v); s && s->find("page-images/") != std::string::npos)
        for (std::sregex_iterator it(s->begin(), s->end(), kRef), end; it != end; ++it) out.insert((*it)[1]);
}

// Puts the source's file `sha` into the target's store, checked against its
// name on the way.
Status CopyFile(documents::BlobStore& from, documents::BlobStore& to, const std::string& sha,
                const std::string& tmp_dir) {
  if (!to.LocalPath(sha).empty()) return Status::Ok();  // there already (content-addressed)
  auto path = from.PathOf(sha);
  if (!path.ok()) {
    if (path.status().code() == StatusCode::kNotFound)
      return Status::NotFound("thiếu tệp " + sha.substr(0, 12) + "… ở nơi gửi: không có gì được ghi");
    return path.status();
  }
  std::error_code ec;
  fs::create_directories(tmp_dir, ec);
  PH_ASSIGN_OR_RETURN(TempFile tmp, TempFile::Create(tmp_dir, "move-"));
  const std::string tmp_path = tmp.Release();
  fs::copy_file(*path, tmp_path, fs::copy_options::overwrite_existing, ec);
  if (ec) {
    fs::remove(tmp_path, ec);
    return Status::Unavailable("không chép được tệp " + sha.substr(0, 12) + "…: " + ec.message());
  }
  auto sum = Sha256File(tmp_path);
  if (!sum.ok() || sum->first != sha) {
    fs::remove(tmp_path, ec);
    return Status::Internal("tệp " + sha.substr(0, 12) + "… ở nơi gửi không khớp mã SHA-256 của nó");
  }
  auto put = to.Put(tmp_path, sha);
  if (!put.ok()) {
    fs::remove(tmp_path, ec);
    return put.status();
  }
  return Status::Ok();
}

// Rewrites the ids inside an election poll's stored result (its overall
// outcome names candidates, polls and the election by id).
std::string RemapResult(const std::string& text, const std::unordered_map<std::string, std::unordered_map<int64_t, int64_t>>& ids) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return text;
  auto map_id = [&](const char* table, nlohmann::json& v) {
    if (!v.is_number_integer()) return;
    const auto& m = ids.at(table);
    auto it = m.find(v.get<int64_t>());
    if (it != m.end()) v = it->second;
  };
  std::function<void(nlohmann::json&)> walk = [&](nlohmann::json& n) {
    if (n.is_object()) {
      for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string& key = it.key();
        nlohmann::json& v = it.value();
        if (key == "candidate_id") map_id("election_candidates", v);
        else if (key == "poll_id") map_id("polls", v);
        else if (key == "election_id") map_id("elections", v);
        else if (key == "polls" && v.is_array())
          for (auto& p : v) map_id("polls", p);
        else walk(v);
      }
    } else if (n.is_array()) {
      for (auto& x : n) walk(x);
    }
  };
  walk(j);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class Writer {
 public:
  Writer(RowAccess& db, const Snapshot& s, const CopyOptions& o, const SecretBox* from_box,
         const SecretBox* to_box, face::FaceKeyStore* from_keys, face::FaceKeyStore* to_keys,
         CopyReport& report)
      : db_(db), s_(s), o_(o), from_box_(from_box), to_box_(to_box), from_keys_(from_keys), to_keys_(to_keys),
        report_(report) {
    for (const auto& t : Plan()) ids_[t.table];
  }

  void Run(const std::string& source_description) {
    if (!db_.Select("SELECT id FROM congresses WHERE slug = ?", {o_.slug}).rows.empty())
      throw Refusal{Status::Conflict("nơi nhận đã có đại hội '" + o_.slug + "': không có gì được ghi")};
    RefuseTakenCodes();
    int64_t org = 0;
    if (!s_.organization.empty()) {
      auto r = db_.Select("SELECT id FROM organizations WHERE name = ?", {s_.organization});
      org = r.rows.empty() ? db_.InsertReturningId("INSERT INTO organizations (name) VALUES (?)", {s_.organization})
                           : AsInt(r.rows[0][0]);
    }
    for (const auto& t : Plan()) Insert(t, org);
    SetDeferredReferences();
    for (const auto& [old_id, new_id] : ids_["documents"]) db_.IndexDocument(new_id);
    CopyAudit(source_description);
    Verify();
  }

 private:
  // A document code or a token that exists at the target would fail the
  // insert; say which, before anything is written.
  void RefuseTakenCodes() {
    const RowSet& docs = s_.tables.at("documents");
    const int code = docs.Column("code");
    for (const auto& row : docs.rows) {
      if (!db_.Select("SELECT 1 FROM documents WHERE code = ?", {row[code]}).rows.empty())
        throw Refusal{Status::Conflict("nơi nhận đã có tài liệu mã " + AsText(row[code]) +
                                       ": không có gì được ghi")};
    }
  }

  int64_t Remap(const char* table, const Value& v) {
    const auto& m = ids_.at(table);
    const int64_t old = AsInt(v);
    auto it = m.find(old);
    if (it != m.end()) return it->second;
    ++report_.dangling;
    return -old;
  }

  void Insert(const TableSpec& t, int64_t org) {
    const std::string name = t.table;
    const RowSet& rows = s_.tables.at(name);
    if (rows.rows.empty()) return;
    during_ = name;
    // Columns the target fills itself: the id, PostgreSQL's page row number,
    // and the references set once their rows exist.
    std::set<std::string> skip = {"row_id"};
    if (t.has_id) skip.insert("id");
    if (name == "documents") skip.insert("current_version_id");
    std::vector<int> cols;
    std::string sql = "INSERT INTO " + Quote(name) + " (", values;
    for (size_t i = 0; i < rows.columns.size(); ++i) {
      if (skip.count(rows.columns[i])) continue;
      if (!cols.empty()) {
        sql += ", ";
        values += ", ";
      }
      cols.push_back(static_cast<int>(i));
      sql += Quote(rows.columns[i]);
      values += "?";
    }
    sql += ") VALUES (" + values + ")";
    std::map<int, const char*> refs;
    for (const auto& r : t.refs)
      if (int c = rows.Column(r.column); c >= 0) refs[c] = r.table;
    const int id_col = rows.Column("id");
    int owner_at = -1;  // notes: the owner's place among the parameters
    for (size_t i = 0; i < cols.size(); ++i)
      if (rows.columns[static_cast<size_t>(cols[i])] == "owner") owner_at = static_cast<int>(i);
    for (const auto& row : rows.rows) {
      std::vector<Value> params;
      params.reserve(cols.size());
      for (int c : cols) {
        const std::string& col = rows.columns[static_cast<size_t>(c)];
        Value v = row[static_cast<size_t>(c)];
        if (auto it = refs.find(c); it != refs.end() && !IsNull(v)) v = Remap(it->second, v);
        v = Special(name, col, std::move(v), org);
        params.push_back(std::move(v));
      }
      if (name == "face_embeddings" && !Reseal(rows, row, cols, params)) continue;
      if (name == "notes" && owner_at >= 0 && IsNull(params[static_cast<size_t>(owner_at)])) {
        ++report_.notes_left;  // a staff account the target doesn't have
        continue;
      }
      if (name == "live_event_seq") {
        // A congress of this slug deleted at the target earlier left its
        // counter: keep the larger, so event ids never go back.
        auto had = db_.Select("SELECT seq FROM live_event_seq WHERE topic = ?", {params[0]});
        if (!had.rows.empty()) {
          db_.Exec("UPDATE live_event_seq SET seq = ? WHERE topic = ?",
                   {Value(std::max(AsInt(had.rows[0][0]), AsInt(params[1]))), params[0]});
          continue;
        }
      }
      if (t.has_id) {
        const int64_t id = db_.InsertReturningId(sql, params);
        if (id_col >= 0) ids_[name][AsInt(row[static_cast<size_t>(id_col)])] = id;
      } else {
        db_.Exec(sql, params);
      }
    }
  }

  // A sealed face is bound to its congress and delegate ids and sealed
  // under the source's key of that delegate (decision 550): opened here and
  // sealed again for the new ids under a key of the target's. False: the
  // source's key is gone (the faces were deleted there), so the row stays
  // behind. A face stored in clear by an older version goes as it is; the
  // target's `serve` seals it at start.
  bool Reseal(const RowSet& rows, const std::vector<Value>& row, const std::vector<int>& cols,
              std::vector<Value>& params) {
    const int sealed = rows.Column("sealed");
    if (sealed < 0 || IsNull(row[static_cast<size_t>(sealed)]) || AsInt(row[static_cast<size_t>(sealed)]) == 0)
      return true;
    const int64_t old_congress = AsInt(row[static_cast<size_t>(rows.Column("congress_id"))]);
    const int64_t old_delegate = AsInt(row[static_cast<size_t>(rows.Column("delegate_id"))]);
    if (!from_keys_ || !to_keys_)
      throw Refusal{Status::Internal("chuyển khuôn mặt đã niêm phong cần thư mục khóa khuôn mặt ở cả hai nơi")};
    auto from_key = from_keys_->Get(old_congress, old_delegate);
    if (!from_key.ok()) {
      if (from_key.status().code() != StatusCode::kNotFound) throw Refusal{from_key.status()};
      ++report_.faces_unopened;
      return false;
    }
    int64_t new_congress = 0, new_delegate = 0;
    for (size_t i = 0; i < cols.size(); ++i) {
      const std::string& col = rows.columns[static_cast<size_t>(cols[i])];
      if (col == "congress_id") new_congress = AsInt(params[i]);
      if (col == "delegate_id") new_delegate = AsInt(params[i]);
    }
    auto to_key = to_keys_->GetOrCreate(new_congress, new_delegate);
    if (!to_key.ok()) throw Refusal{to_key.status()};
    for (size_t i = 0; i < cols.size(); ++i) {
      const std::string& col = rows.columns[static_cast<size_t>(cols[i])];
      if ((col != "embedding" && col != "photo") || IsNull(params[i])) continue;
      const std::string value = std::holds_alternative<Bytes>(params[i]) ? std::get<Bytes>(params[i]).data
                                                                         : AsText(params[i]);
      auto plain = face::OpenFace(*from_key, value);
      if (!plain) {
        ++report_.faces_unopened;
        return false;
      }
      params[i] = Bytes{face::SealFace(*to_key, new_congress, new_delegate, *plain)};
    }
    return true;
  }

  // Values that are more than a copy: see each case.
  Value Special(const std::string& table, const std::string& col, Value v, int64_t org) {
    if (table == "congresses" && col == "organization_id") return org ? Value(org) : Value();
    if (table == "delegate_tokens" && col == "sealed") {
      // Sealed under the source's key: opened and sealed again under the
      // target's, so badges can still be reprinted there.
      const std::string sealed = AsText(v);
      if (sealed.empty()) return v;
      auto plain = from_box_ ? from_box_->Open(sealed) : std::nullopt;
      if (!plain || !to_box_) {
        ++report_.tokens_unsealed;
        return std::string();
      }
      return to_box_->Seal(*plain);
    }
    if (table == "notes" && col == "owner") return Owner(AsText(v));
    if (table == "polls") {
      // Inserted as 'created' without its links to other polls: options can
      // only be added to a poll not yet opened (a trigger's rule), and the
      // polls it names may come later. SetDeferredReferences restores them.
      if (col == "state") return std::string("created");
      if (col == "supersedes_id" || col == "follows_id" || col == "decision_id" || col == "result_json")
        return Value();
    }
    return v;
  }

  // "d:<delegate id>" → the new id; "u:<user id>" → the account of the same
  // name at the target; NULL when there is none (the note stays behind).
  Value Owner(const std::string& owner) {
    if (owner.rfind("d:", 0) == 0) {
      const Value old = static_cast<int64_t>(std::strtoll(owner.c_str() + 2, nullptr, 10));
      return "d:" + std::to_string(Remap("delegates", old));
    }
    if (owner.rfind("u:", 0) == 0) {
      auto it = s_.user_names.find(static_cast<int64_t>(std::strtoll(owner.c_str() + 2, nullptr, 10)));
      if (it == s_.user_names.end()) return Value();
      auto r = db_.Select("SELECT id FROM users WHERE name = ?", {it->second});
      if (r.rows.empty()) return Value();
      return "u:" + std::to_string(AsInt(r.rows[0][0]));
    }
    return owner;
  }

  void SetDeferredReferences() {
    during_ = "documents";
    const RowSet& docs = s_.tables.at("documents");
    const int id = docs.Column("id"), current = docs.Column("current_version_id");
    for (const auto& row : docs.rows) {
      if (IsNull(row[current])) continue;
      db_.Exec("UPDATE documents SET current_version_id = ? WHERE id = ?",
               {Remap("document_versions", row[current]), Remap("documents", row[id])});
    }
    during_ = "polls";
    const RowSet& polls = s_.tables.at("polls");
    const int pid = polls.Column("id"), state = polls.Column("state"), sup = polls.Column("supersedes_id"),
              fol = polls.Column("follows_id"), dec = polls.Column("decision_id"),
              res = polls.Column("result_json");
    auto ref = [&](const std::vector<Value>& row, int c) {
      return c < 0 || IsNull(row[c]) ? Value() : Value(Remap("polls", row[c]));
    };
    for (const auto& row : polls.rows) {
      Value result = res < 0 || IsNull(row[res]) ? Value() : Value(RemapResult(AsText(row[res]), ids_));
      db_.Exec("UPDATE polls SET state = ?, supersedes_id = ?, follows_id = ?, decision_id = ?, result_json = ? "
               "WHERE id = ?",
               {row[state], ref(row, sup), ref(row, fol), ref(row, dec), result, Remap("polls", row[pid])});
    }
  }

  void CopyAudit(const std::string& source_description) {
    during_ = "audit_log";
    for (const auto& row : s_.audit.rows) {
      db_.Exec("INSERT INTO audit_log (at, actor, action, outcome, address) VALUES (?, ?, ?, ?, ?)",
               {row[0], row[1], row[2], row[3], row[4]});
      ++report_.audit_rows;
    }
    db_.Exec("INSERT INTO audit_log (at, actor, action, outcome, address) VALUES (?, ?, ?, ?, ?)",
             {o_.now, o_.actor, std::string(kCopyCode) + " " + o_.slug + " from " + source_description,
              std::to_string(report_.audit_rows) + " audit entries copied", std::string("local")});
  }

  // Every table holds, for the new congress, exactly the rows it should.
  void Verify() {
    during_ = "verification";
    const int64_t cid = ids_.at("congresses").at(s_.congress_id);
    report_.target_congress_id = cid;
    for (const auto& t : Plan()) {
      int64_t want = static_cast<int64_t>(s_.tables.at(t.table).rows.size());
      if (std::string(t.table) == "notes") want -= report_.notes_left;
      if (std::string(t.table) == "face_embeddings") want -= report_.faces_unopened;
      const int64_t got = AsInt(db_.Select(CountSql(t), {cid}).rows[0][0]);
      // The event counter of a congress deleted at the target earlier may
      // be there already (kept, see Insert).
      const bool counter = std::string(t.table) == "live_event_seq";
      if (counter ? got < want : got != want)
        throw Refusal{Status::Internal(std::string("kiểm đếm sai ở bảng ") + t.table + ": nơi gửi " +
                                       std::to_string(want) + ", nơi nhận " + std::to_string(got) +
                                       " — không có gì được ghi")};
    }
  }

 public:
  const std::string& during() const { return during_; }

 private:
  RowAccess& db_;
  const Snapshot& s_;
  const CopyOptions& o_;
  const SecretBox* from_box_;
  const SecretBox* to_box_;
  face::FaceKeyStore* from_keys_;
  face::FaceKeyStore* to_keys_;
  CopyReport& report_;
  std::unordered_map<std::string, std::unordered_map<int64_t, int64_t>> ids_;
  std::string during_ = "congresses";
};

std::string Unclassified(RowAccess& db) {
  std::string out;
  for (const auto& t : UnclassifiedTables(db)) out += (out.empty() ? "" : ", ") + t;
  return out;
}

}  // namespace

std::vector<std::string> UnclassifiedTables(RowAccess& db) {
  std::set<std::string> known(LeftBehind());
  for (const auto& t : Plan()) known.insert(t.table);
  std::vector<std::string> out;
  for (const auto& t : db.Tables()) {
    // SQLite's FTS5 keeps its index in shadow tables named after it.
    if (t.rfind("search_fts_", 0) == 0) continue;
    if (!known.count(t)) out.push_back(t);
  }
  return out;
}

Result<std::vector<TableCount>> CountCongress(Side& side, const std::string& slug) {
  std::vector<TableCount> out;
  try {
    bool found = true;
    InSnapshot(side, [&](RowAccess& db) {
      auto c = db.Select("SELECT id FROM congresses WHERE slug = ?", {slug});
      if (c.rows.empty()) {
        found = false;
        return;
      }
      const int64_t id = AsInt(c.rows[0][0]);
      for (const auto& t : Plan())
        out.push_back({t.table, 0, AsInt(db.Select(CountSql(t), {id}).rows[0][0])});
    });
    if (!found) return Status::NotFound("không có đại hội '" + slug + "'");
  } catch (...) {
    return StatusOf(std::current_exception(), "kiểm đếm");
  }
  return out;
}

Result<CopyReport> CopyCongress(Side& from, Side& to, const CopyOptions& o) {
  CopyReport report;
  report.faces_left = !o.faces;
  Snapshot snap;
  // 1. The source, in one snapshot; both schemas fully known.
  try {
    std::string unknown;
    InSnapshot(to, [&](RowAccess& db) { unknown = Unclassified(db); });
    if (unknown.empty()) InSnapshot(from, [&](RowAccess& db) {
      unknown = Unclassified(db);
      if (unknown.empty()) snap = ReadSource(db, o.slug, o.faces);
    });
    if (!unknown.empty())
      return Status::Internal("bảng chưa được phân loại cho việc chuyển đại hội: " + unknown +
                              " (storage/transfer/congress_copy.cc)");
    // Refused early, before any file is copied (checked again in the
    // transaction).
    bool taken = false;
    InSnapshot(to, [&](RowAccess& db) {
      taken = !db.Select("SELECT 1 FROM congresses WHERE slug = ?", {o.slug}).rows.empty();
    });
    if (taken) return Status::Conflict("nơi nhận đã có đại hội '" + o.slug + "': không có gì được ghi");
  } catch (const Refusal& r) {
    return r.status;
  } catch (...) {
    return StatusOf(std::current_exception(), "đọc nơi gửi");
  }
  // 2. The files.
  std::set<std::string> blobs, images;
  {
    const RowSet& versions = snap.tables.at("document_versions");
    const int sha = versions.Column("sha256");
    for (const auto& row : versions.rows) blobs.insert(AsText(row[sha]));
    for (const auto& [name, rows] : snap.tables) CollectPageImages(rows, images);
  }
  for (const auto& sha : blobs) PH_RETURN_IF_ERROR(CopyFile(*from.blobs, *to.blobs, sha, o.tmp_dir));
  for (const auto& sha : images) PH_RETURN_IF_ERROR(CopyFile(*from.page_images, *to.page_images, sha, o.tmp_dir));
  report.blobs = blobs.size();
  report.page_images = images.size();
  report.audit_whole = snap.audit_whole;
  // 3. Every row, one transaction.
  std::string during = "congresses";
  try {
    InWrite(to, [&](RowAccess& db) {
      Writer w(db, snap, o, from.token_box, to.token_box, from.face_keys, to.face_keys, report);
      try {
        w.Run(from.description);
      } catch (...) {
        during = w.during();
        throw;
      }
    });
  } catch (const Refusal& r) {
    return r.status;
  } catch (...) {
    return StatusOf(std::current_exception(), during);
  }
  // 4. What is there now, counted afresh.
  PH_ASSIGN_OR_RETURN(auto counts, CountCongress(to, o.slug));
  for (auto& c : counts) {
    c.source = c.table == "face_embeddings" && !o.faces ? snap.faces_at_source
                                                        : static_cast<int64_t>(snap.tables.at(c.table).rows.size());
    if (c.table == "face_embeddings" && o.faces) c.source -= report.faces_unopened;
    report.tables.push_back(c);
  }
  return report;
}

}  // namespace phonghop::storage::transfer
