#include "core/train/prefetch.h"

#include "core/util/errors.h"

namespace sam3::train {

Prefetcher::Prefetcher(Producer produce, std::int64_t first, std::int64_t end, std::size_t capacity)
    : produce_(std::move(produce)), next_step_(first), end_(end), capacity_(capacity) {
  if (!produce_ || capacity_ == 0)
    throw InvalidInput("prefetcher: needs a producer and a capacity >= 1");
  thread_ = std::thread([this] { run(); });
}

Prefetcher::~Prefetcher() {
  stop();
}

void Prefetcher::run() {
  for (;;) {
    std::int64_t step = 0;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || queue_.size() < capacity_; });
      if (stopping_ || next_step_ >= end_) break;
      step = next_step_++;
    }
    try {
      TrainBatch batch = produce_(step);
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(batch));
    } catch (...) {
      std::lock_guard lock(mutex_);
      error_ = std::current_exception();
      break;
    }
    changed_.notify_all();
  }
  std::lock_guard lock(mutex_);
  finished_ = true;
  changed_.notify_all();
}

std::optional<TrainBatch> Prefetcher::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stopping_ || !queue_.empty() || finished_; });
  if (stopping_) return std::nullopt;
  if (queue_.empty()) {
    if (error_) std::rethrow_exception(error_);
    return std::nullopt;
  }
  TrainBatch batch = std::move(queue_.front());
  queue_.pop_front();
  changed_.notify_all();
  return batch;
}

void Prefetcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace sam3::train
