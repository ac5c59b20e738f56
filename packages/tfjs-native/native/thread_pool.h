// A fixed pool of worker threads created once per process; parallel_for splits [0, count) into
// contiguous chunks, one per thread, and the calling thread takes the first chunk itself. A training step
// issues thousands of short kernels back to back, so idle workers (and the caller waiting for them) spin
// for a few tens of microseconds before sleeping on a condition variable: a hand-off then costs a cache
// line, not a futex wake-up.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace latentlab {

class ThreadPool {
 public:
  explicit ThreadPool(std::size_t thread_count);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Threads available to parallel_for, the caller included.
  std::size_t size() const { return workers_.size() + 1; }

  // Calls body(begin, end) on disjoint chunks covering [0, count); returns when every chunk is done.
  void parallel_for(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body);

  // The process-wide pool, sized to the machine's hardware threads (LATENTLAB_NATIVE_THREADS overrides).
  static ThreadPool& shared();

  // Below this many values touched, handing a memory-bound kernel to other threads costs more than it saves.
  static constexpr std::size_t kThreadingMinimumValues = 1 << 15;

  // parallel_for(count, body) on the shared pool when the work touches at least kThreadingMinimumValues
  // values and has more than one item; body(0, count) on the calling thread otherwise.
  static void parallel_for_values(std::size_t count, std::size_t values,
                                  const std::function<void(std::size_t, std::size_t)>& body);

 private:
  void worker_loop(std::size_t worker_index);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  std::mutex submit_mutex_;  // one parallel_for at a time
  const std::function<void(std::size_t, std::size_t)>* body_ = nullptr;
  std::size_t count_ = 0;
  std::size_t chunk_count_ = 0;
  std::atomic<std::size_t> generation_{0};  // written under mutex_, read without it while spinning
  std::atomic<std::size_t> pending_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace latentlab
