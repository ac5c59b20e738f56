// A fixed pool of worker threads created once per process. parallel_for splits [0, count) into contiguous
// pieces, a few per thread, that the calling thread and the workers claim one at a time: a worker the
// system has not scheduled yet (another process busy on the other core) then costs nothing — the caller
// takes its pieces — where a fixed chunk per thread kept the caller waiting for it (a tiny training step
// 5.7 ms on one thread, 9–12 ms on two beside another test run). A training step issues thousands of short
// kernels back to back, so idle workers (and the caller waiting for them) spin for a few tens of
// microseconds before sleeping on a condition variable: a hand-off then costs a cache line, not a futex
// wake-up.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
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

  // How parallel_for hands out [0, count): pieces claimed by whichever thread is free, or exactly one
  // chunk per thread (chunk i on thread i; for measurements that need every thread running at once).
  enum class Schedule { kClaimed, kOneChunkPerThread };

  // Calls body(begin, end) on disjoint ranges covering [0, count); returns when every one is done.
  void parallel_for(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body,
                    Schedule schedule = Schedule::kClaimed);

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
  // Runs pieces of job `generation` (of `pieces`) while any is left to claim.
  void run_claimed_pieces(std::size_t generation, std::size_t pieces);
  // body_ on piece `piece` of piece_count_, then counts it finished (waking the caller after the last).
  void run_piece(std::size_t piece);

  // Pieces per thread a claimed job is cut into: enough for a thread that comes late to find work.
  static constexpr std::size_t kPiecesPerThread = 4;

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable work_done_;
  std::mutex submit_mutex_;  // one parallel_for at a time
  const std::function<void(std::size_t, std::size_t)>* body_ = nullptr;
  std::size_t count_ = 0;
  std::size_t piece_count_ = 0;
  Schedule schedule_ = Schedule::kClaimed;
  std::atomic<std::size_t> generation_{0};  // written under mutex_, read without it while spinning
  // (generation << 32) | the next unclaimed piece: a worker still holding an older job's body cannot
  // claim a piece of a newer one.
  std::atomic<std::uint64_t> claims_{0};
  std::atomic<std::size_t> finished_{0};  // pieces of the current job done
  std::atomic<bool> stopping_{false};
};

}  // namespace latentlab
