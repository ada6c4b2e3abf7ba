// A bounded pool of expensive objects (neural networks loaded from model
// files): a caller borrows one, uses it alone, and gives it back. At most
// `max_objects` exist; they are made on demand by the factory. Thread-safe.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "common/status.h"

namespace phonghop {

template <class T>
class ObjectPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<T>>()>;
  ObjectPool(int max_objects, Factory make) : max_(std::max(1, max_objects)), make_(std::move(make)) {}

  // A free object, or a new one while fewer than the maximum exist, else
  // waits for a Release. A failed factory call frees its slot and waits.
  std::unique_ptr<T> Acquire() {
    std::unique_lock lock(mu_);
    for (;;) {
      if (!free_.empty()) {
        auto o = std::move(free_.back());
        free_.pop_back();
        return o;
      }
      if (created_ < max_) {
        ++created_;
        lock.unlock();
        auto o = make_();
        if (o.ok()) return std::move(o).value();
        lock.lock();
        --created_;
      }
      cv_.wait(lock);
    }
  }

  // Adds an object made elsewhere (the first one, checked at start-up); it
  // counts towards the maximum.
  void Adopt(std::unique_ptr<T> o) {
    {
      std::lock_guard lock(mu_);
      ++created_;
      free_.push_back(std::move(o));
    }
    cv_.notify_one();
  }

  void Release(std::unique_ptr<T> o) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(std::move(o));
    }
    cv_.notify_one();
  }

 private:
  const int max_;
  Factory make_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<T>> free_;
  int created_ = 0;
};

}  // namespace phonghop
