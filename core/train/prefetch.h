#pragma once
// A background thread that makes training batches ahead of the loop: steps [first, end) in order,
// at most `capacity` batches waiting. Batches depend only on their step (dataset.h), so
// prefetching never changes results. Thread affinity: construct, next() and stop() from one
// thread (the trainer's); the producer runs on its own thread. An exception thrown by the producer
// is rethrown by the next() that would have returned its batch. The destructor stops and joins.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "core/train/dataset.h"

namespace sam3::train {

class Prefetcher {
 public:
  using Producer = std::function<TrainBatch(std::int64_t step)>;
  Prefetcher(Producer produce, std::int64_t first, std::int64_t end, std::size_t capacity = 2);
  ~Prefetcher();
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;

  // The batch of the next step; nullopt once `end` is reached or after stop().
  std::optional<TrainBatch> next();
  // Asks the producer to finish its current batch, discards the queue and joins. Idempotent.
  void stop();

 private:
  void run();

  Producer produce_;
  std::int64_t next_step_, end_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<TrainBatch> queue_;
  std::exception_ptr error_;
  bool stopping_ = false, finished_ = false;
  std::thread thread_;
};

}  // namespace sam3::train
