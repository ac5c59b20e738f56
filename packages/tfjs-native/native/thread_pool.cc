#include "thread_pool.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>

namespace latentlab {

namespace {

std::pair<std::size_t, std::size_t> chunk_bounds(std::size_t count, std::size_t chunks, std::size_t index) {
  const std::size_t base = count / chunks;
  const std::size_t extra = count % chunks;
  const std::size_t begin = index * base + std::min(index, extra);
  return {begin, begin + base + (index < extra ? 1 : 0)};
}

std::size_t configured_thread_count() {
  if (const char* from_env = std::getenv("LATENTLAB_NATIVE_THREADS")) {
    const long requested = std::strtol(from_env, nullptr, 10);
    if (requested > 0) return static_cast<std::size_t>(requested);
  }
  const unsigned hardware = std::thread::hardware_concurrency();
  return hardware > 0 ? hardware : 1;
}

// How long a thread polls before it sleeps: about the gap between two kernels of a training step.
constexpr auto kSpinDuration = std::chrono::microseconds(50);

inline void relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Polls `done` for up to kSpinDuration; returns whether it became true.
template <typename Condition>
bool spin_until(Condition done) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinDuration;
  for (std::size_t polls = 0;; ++polls) {
    if (done()) return true;
    relax();
    if ((polls & 63) == 63 && std::chrono::steady_clock::now() > deadline) return false;
  }
}

}  // namespace

ThreadPool::ThreadPool(std::size_t thread_count) {
  for (std::size_t i = 1; i < std::max<std::size_t>(thread_count, 1); ++i) {
    workers_.emplace_back([this, i] { worker_loop(i); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::parallel_for_values(std::size_t count, std::size_t values,
                                     const std::function<void(std::size_t, std::size_t)>& body) {
  if (values >= kThreadingMinimumValues && count > 1) {
    shared().parallel_for(count, body);
  } else {
    body(0, count);
  }
}

ThreadPool& ThreadPool::shared() {
  static ThreadPool pool(configured_thread_count());
  return pool;
}

void ThreadPool::parallel_for(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body,
                              Schedule schedule) {
  if (count == 0) return;
  const std::size_t threads = std::min(count, size());
  if (threads == 1) {
    body(0, count);
    return;
  }
  const std::size_t pieces =
      schedule == Schedule::kOneChunkPerThread ? threads : std::min(count, size() * kPiecesPerThread);
  std::lock_guard<std::mutex> submit_lock(submit_mutex_);
  std::size_t generation;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    body_ = &body;
    count_ = count;
    piece_count_ = pieces;
    schedule_ = schedule;
    finished_.store(0, std::memory_order_relaxed);
    generation = generation_.load(std::memory_order_relaxed) + 1;
    claims_.store(static_cast<std::uint64_t>(generation & 0xffffffffu) << 32, std::memory_order_relaxed);
    generation_.store(generation, std::memory_order_release);
  }
  work_ready_.notify_all();
  if (schedule == Schedule::kOneChunkPerThread) run_piece(0);
  else run_claimed_pieces(generation, pieces);
  spin_until([this, pieces] { return finished_.load(std::memory_order_acquire) == pieces; });
  std::unique_lock<std::mutex> lock(mutex_);
  work_done_.wait(lock, [this, pieces] { return finished_.load(std::memory_order_acquire) == pieces; });
  body_ = nullptr;
}

void ThreadPool::run_claimed_pieces(std::size_t generation, std::size_t pieces) {
  const std::uint64_t tag = static_cast<std::uint64_t>(generation & 0xffffffffu);
  std::uint64_t current = claims_.load(std::memory_order_acquire);
  for (;;) {
    if ((current >> 32) != tag || (current & 0xffffffffu) >= pieces) return;
    if (claims_.compare_exchange_weak(current, current + 1, std::memory_order_acq_rel)) {
      run_piece(static_cast<std::size_t>(current & 0xffffffffu));
      current = claims_.load(std::memory_order_acquire);
    }
  }
}

void ThreadPool::run_piece(std::size_t piece) {
  const auto bounds = chunk_bounds(count_, piece_count_, piece);
  (*body_)(bounds.first, bounds.second);
  if (finished_.fetch_add(1, std::memory_order_acq_rel) + 1 == piece_count_) {
    std::lock_guard<std::mutex> lock(mutex_);
    work_done_.notify_one();
  }
}

void ThreadPool::worker_loop(std::size_t worker_index) {
  std::size_t seen_generation = 0;
  for (;;) {
    spin_until([&] {
      return stopping_.load(std::memory_order_acquire) ||
             generation_.load(std::memory_order_acquire) != seen_generation;
    });
    std::size_t generation;
    Schedule schedule;
    std::size_t pieces;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || generation_ != seen_generation; });
      if (stopping_) return;
      seen_generation = generation = generation_;
      if (body_ == nullptr) continue;  // that job is over already: its caller did every piece
      schedule = schedule_;
      pieces = piece_count_;
    }
    if (schedule == Schedule::kOneChunkPerThread) {
      if (worker_index < pieces) run_piece(worker_index);
    } else {
      run_claimed_pieces(generation, pieces);
    }
  }
}

}  // namespace latentlab
