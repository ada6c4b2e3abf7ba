// One transaction around a change and the live events it publishes
// (decision 552): the outbox row of an event commits with the change it
// announces, or neither does, so a node dying between the two can no longer
// lose the event. A port: the store adapters implement Run; the domain only
// wraps a change in it.
#pragma once

#include <functional>
#include <vector>

#include "common/status.h"

namespace phonghop {

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  // Runs `work` inside one transaction of the store: every repository call
  // it makes on this thread (and every event appended to the outbox) joins
  // it. Commits when `work` returns Ok; rolls back and returns its status
  // otherwise, or when something inside failed (a nested Run, an event
  // that could not be stored) even if `work` went on, or when the commit
  // fails (kUnavailable). A Run inside a Run joins the outer one. Hooks
  // registered with unit_of_work::AfterCommit run after the commit, in
  // order, still inside the store's write serialisation. Thread-safe; the
  // work must not hand the transaction to other threads.
  virtual Status Run(const std::function<Status()>& work) = 0;
};

// Runs the work without a transaction (fakes and tests of the domain).
class DirectUnitOfWork final : public UnitOfWork {
 public:
  Status Run(const std::function<Status()>& work) override { return work(); }
};

// Per-thread bookkeeping shared by the store adapters' Run.
namespace unit_of_work {

// True while this thread is inside a store's Run.
bool Active();
// Runs `fn` once the current unit commits (dropped if it rolls back).
// Outside a unit, runs it now. `fn` runs while the store still serialises
// writers (SQLite's writer lock): it must not write to the store itself.
void AfterCommit(std::function<void()> fn);
// Makes the current unit roll back with `st` whatever its work returns
// (a nested failure the caller chose not to propagate). No-op outside.
void Fail(const Status& st);

// For adapters: one per outermost Run on this thread.
class Frame {
 public:
  Frame();
  ~Frame();
  Frame(const Frame&) = delete;
  Frame& operator=(const Frame&) = delete;
  // Ok unless Fail was called inside.
  Status failed() const { return failed_; }
  // Runs the hooks (call after COMMIT, once), outside the unit: inside a
  // hook Active() is false.
  void RunAfterCommit();

 private:
  friend void AfterCommit(std::function<void()> fn);
  friend void Fail(const Status& st);
  Frame* outer_;
  std::vector<std::function<void()>> after_;
  Status failed_;
};

}  // namespace unit_of_work
}  // namespace phonghop
