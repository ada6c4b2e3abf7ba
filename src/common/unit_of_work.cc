#include "common/unit_of_work.h"

namespace phonghop::unit_of_work {
namespace {
thread_local Frame* current = nullptr;
}  // namespace

Frame::Frame() : outer_(current) { current = this; }
Frame::~Frame() { current = outer_; }

void Frame::RunAfterCommit() {
  // The unit is over: a hook runs outside it (Active() is false, and what
  // it publishes is not held back for a commit that already happened).
  current = outer_;
  auto hooks = std::move(after_);
  after_.clear();
  for (auto& h : hooks) h();
}

bool Active() { return current != nullptr; }

void AfterCommit(std::function<void()> fn) {
  if (current) current->after_.push_back(std::move(fn));
  else fn();
}

void Fail(const Status& st) {
  if (current && current->failed_.ok()) current->failed_ = st;
}

}  // namespace phonghop::unit_of_work
