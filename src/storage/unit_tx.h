// The transaction shapes shared by the SQLite and PostgreSQL adapters
// (decisions 552, 553): which connection this thread's unit of work holds,
// a write as its own transaction or, inside a unit, as a savepoint of the
// unit's, and the outer unit's sequence — BEGIN, the work, the last checks,
// COMMIT or ROLLBACK, the after-commit hooks. A back-end supplies its
// connection type (anything with `Exec(sql)`), its BEGIN, its last check
// before COMMIT and how its exceptions become a Status; it keeps what
// differs (SQLite's writer lock, PostgreSQL's pool) in its own Run.
#pragma once

#include <exception>
#include <functional>
#include <type_traits>

#include "common/status.h"
#include "common/unit_of_work.h"

namespace phonghop::storage {

// The unit of work this thread is in, per connection type: the database it
// belongs to (compared, never dereferenced) and the connection it holds.
template <typename Conn>
struct UnitSlot {
  const void* db = nullptr;
  Conn* conn = nullptr;
  // This thread's slot. Only the thread's own Run sets it.
  static UnitSlot& Mine() {
    thread_local UnitSlot slot;
    return slot;
  }
  // The unit's connection when this thread is in a unit of `database`, else null.
  static Conn* Of(const void* database) {
    const UnitSlot& s = Mine();
    return s.db == database ? s.conn : nullptr;
  }
};

// Runs `f(c)` between `begin` and COMMIT on `c`; rolls back and rethrows
// when `f` throws. Returns what `f` returns.
template <typename Conn, typename F>
auto WriteInTransaction(Conn& c, const char* begin, F&& f) -> decltype(f(c)) {
  c.Exec(begin);
  try {
    if constexpr (std::is_void_v<decltype(f(c))>) {
      f(c);
      c.Exec("COMMIT");
    } else {
      auto r = f(c);
      c.Exec("COMMIT");
      return r;
    }
  } catch (...) {
    try {
      c.Exec("ROLLBACK");
    } catch (...) {
    }
    throw;
  }
}

// Runs `f(c)` as a savepoint of the transaction open on `c` (a write inside
// a unit of work): when `f` throws, this write alone is undone and the
// exception goes on — the unit decides the rest (decision 552).
template <typename Conn, typename F>
auto WriteInSavepoint(Conn& c, F&& f) -> decltype(f(c)) {
  c.Exec("SAVEPOINT ph_write");
  try {
    if constexpr (std::is_void_v<decltype(f(c))>) {
      f(c);
      c.Exec("RELEASE SAVEPOINT ph_write");
    } else {
      auto r = f(c);
      c.Exec("RELEASE SAVEPOINT ph_write");
      return r;
    }
  } catch (...) {
    try {
      c.Exec("ROLLBACK TO SAVEPOINT ph_write");
      c.Exec("RELEASE SAVEPOINT ph_write");
    } catch (...) {
    }
    throw;
  }
}

// A Run inside a Run of the same database joins the outer unit: a failure
// here rolls the whole unit back even if the caller goes on.
inline Status JoinUnit(const std::function<Status()>& work) {
  Status st = work();
  if (!st.ok()) unit_of_work::Fail(st);
  return st;
}

// What a back-end tells RunOuterUnit.
template <typename Conn>
struct UnitRules {
  const char* begin = "BEGIN";
  // The last check before COMMIT (Ok to commit); null: none.
  Status (*before_commit)(Conn&) = nullptr;
  // An exception a statement (or the work) threw, as the unit's Status;
  // logs what the caller must not see.
  Status (*error)(std::exception_ptr) = nullptr;
};

// The outermost Run of a unit of work on `c` (a connection the caller has
// leased, and still holds after this returns) of database `db`: every
// Read/Write of this thread on `db` joins it while `work` runs. Commits when
// `work` returns Ok and nothing inside called unit_of_work::Fail and the
// last check passes; then runs the after-commit hooks, in order, before
// returning. Otherwise rolls back and returns the first failure.
template <typename Conn>
Status RunOuterUnit(const void* db, Conn& c, const UnitRules<Conn>& rules, const std::function<Status()>& work) {
  struct SlotGuard {
    UnitSlot<Conn>& slot = UnitSlot<Conn>::Mine();
    ~SlotGuard() { slot = {}; }
  } guard;
  unit_of_work::Frame frame;
  Status st;
  try {
    c.Exec(rules.begin);
    guard.slot = {db, &c};
    st = work();
    if (st.ok()) st = frame.failed();
    guard.slot = {};
    if (st.ok() && rules.before_commit) st = rules.before_commit(c);
    if (st.ok()) c.Exec("COMMIT");
  } catch (...) {
    guard.slot = {};
    st = rules.error ? rules.error(std::current_exception()) : Status::Internal("lỗi cơ sở dữ liệu");
  }
  if (!st.ok()) {
    try {
      c.Exec("ROLLBACK");
    } catch (...) {
    }
    return st;
  }
  frame.RunAfterCommit();
  return st;
}

}  // namespace phonghop::storage
