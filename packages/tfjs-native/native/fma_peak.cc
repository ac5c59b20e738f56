// The peak is measured, not looked up: a register-only loop of independent multiply-adds as wide as the
// active micro-kernel's vectors (enough chains to hide the FMA latency on two pipes: latency 4–5 cycles x 2
// pipes < 12), run on every pool thread at once so the clock is the one the GEMM sees with all cores busy.
// The clock comes from a chain of dependent integer adds (one cycle each on every x86-64 and AArch64 core).
#include "fma_peak.h"

#include <chrono>
#include <cstring>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

#include "cpu_features.h"
#include "thread_pool.h"

namespace latentlab {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Twelve chains a = a * m + c, kept in registers by the empty asm that claims to read and write them.
#define LATENTLAB_TWELVE(op) op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11)

#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx512f"), noinline)) float fma_loop_avx512(std::size_t iterations) {
  const __m512 m = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-7f);
#define LATENTLAB_DECLARE(i) __m512 a##i = _mm512_set1_ps(static_cast<float>(i));
  LATENTLAB_TWELVE(LATENTLAB_DECLARE)
#undef LATENTLAB_DECLARE
  for (std::size_t k = 0; k < iterations; ++k) {
#define LATENTLAB_STEP(i) a##i = _mm512_fmadd_ps(a##i, m, c);
    LATENTLAB_TWELVE(LATENTLAB_STEP)
#undef LATENTLAB_STEP
    asm volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5), "+v"(a6), "+v"(a7), "+v"(a8),
                 "+v"(a9), "+v"(a10), "+v"(a11));
  }
  const __m512 sum = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)),
                                   _mm512_add_ps(_mm512_add_ps(a4, a5), _mm512_add_ps(a6, a7)));
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, _mm512_add_ps(sum, _mm512_add_ps(_mm512_add_ps(a8, a9), _mm512_add_ps(a10, a11))));
  float total = 0;
  for (const float lane : lanes) total += lane;
  return total;
}

__attribute__((target("avx2,fma"), noinline)) float fma_loop_avx2(std::size_t iterations) {
  const __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
#define LATENTLAB_DECLARE(i) __m256 a##i = _mm256_set1_ps(static_cast<float>(i));
  LATENTLAB_TWELVE(LATENTLAB_DECLARE)
#undef LATENTLAB_DECLARE
  for (std::size_t k = 0; k < iterations; ++k) {
#define LATENTLAB_STEP(i) a##i = _mm256_fmadd_ps(a##i, m, c);
    LATENTLAB_TWELVE(LATENTLAB_STEP)
#undef LATENTLAB_STEP
    asm volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6), "+x"(a7), "+x"(a8),
                 "+x"(a9), "+x"(a10), "+x"(a11));
  }
  const __m256 sum = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                                   _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
  return _mm256_cvtss_f32(_mm256_add_ps(sum, _mm256_add_ps(_mm256_add_ps(a8, a9), _mm256_add_ps(a10, a11))));
}
#endif

#if defined(__aarch64__)
__attribute__((noinline)) float fma_loop_neon(std::size_t iterations) {
  const float32x4_t m = vdupq_n_f32(0.999999f), c = vdupq_n_f32(1e-7f);
#define LATENTLAB_DECLARE(i) float32x4_t a##i = vdupq_n_f32(static_cast<float>(i));
  LATENTLAB_TWELVE(LATENTLAB_DECLARE)
#undef LATENTLAB_DECLARE
  for (std::size_t k = 0; k < iterations; ++k) {
#define LATENTLAB_STEP(i) a##i = vfmaq_f32(c, a##i, m);
    LATENTLAB_TWELVE(LATENTLAB_STEP)
#undef LATENTLAB_STEP
    asm volatile("" : "+w"(a0), "+w"(a1), "+w"(a2), "+w"(a3), "+w"(a4), "+w"(a5), "+w"(a6), "+w"(a7), "+w"(a8),
                 "+w"(a9), "+w"(a10), "+w"(a11));
  }
  float32x4_t sum = vaddq_f32(vaddq_f32(vaddq_f32(a0, a1), vaddq_f32(a2, a3)), vaddq_f32(vaddq_f32(a4, a5), vaddq_f32(a6, a7)));
  sum = vaddq_f32(sum, vaddq_f32(vaddq_f32(a8, a9), vaddq_f32(a10, a11)));
  return vaddvq_f32(sum);
}
#endif

// Portable: twelve scalar chains (the compiler's own multiply-add where it contracts; flops counted as 2).
__attribute__((noinline)) float fma_loop_scalar(std::size_t iterations) {
  const float m = 0.999999f, c = 1e-7f;
#define LATENTLAB_DECLARE(i) float a##i = static_cast<float>(i);
  LATENTLAB_TWELVE(LATENTLAB_DECLARE)
#undef LATENTLAB_DECLARE
  for (std::size_t k = 0; k < iterations; ++k) {
#define LATENTLAB_STEP(i) a##i = a##i * m + c;
    LATENTLAB_TWELVE(LATENTLAB_STEP)
#undef LATENTLAB_STEP
#if defined(__x86_64__) || defined(__i386__)
    asm volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6), "+x"(a7), "+x"(a8),
                 "+x"(a9), "+x"(a10), "+x"(a11));
#elif defined(__aarch64__)
    asm volatile("" : "+w"(a0), "+w"(a1), "+w"(a2), "+w"(a3), "+w"(a4), "+w"(a5), "+w"(a6), "+w"(a7), "+w"(a8),
                 "+w"(a9), "+w"(a10), "+w"(a11));
#endif
  }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
}

#undef LATENTLAB_TWELVE

struct FmaLoop {
  float (*run)(std::size_t iterations);
  std::size_t lanes;
};

FmaLoop fma_loop_for(const char* kernel_name) {
#if defined(__x86_64__) || defined(__i386__)
  if (std::strcmp(kernel_name, "avx512") == 0) return {fma_loop_avx512, 16};
  if (std::strcmp(kernel_name, "avx2") == 0) return {fma_loop_avx2, 8};
#elif defined(__aarch64__)
  if (std::strcmp(kernel_name, "neon") == 0) return {fma_loop_neon, 4};
#endif
  return {fma_loop_scalar, 1};
}

// Cycles per second from `iterations` x 8 dependent one-cycle integer adds.
double measure_clock_ghz(std::size_t iterations) {
  std::size_t value = 0, remaining = iterations;
  const auto start = Clock::now();
#if defined(__x86_64__)
  asm volatile(
      "1:\n\t"
      "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
      "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
      "sub $1, %1\n\tjnz 1b\n\t"
      : "+r"(value), "+r"(remaining));
#elif defined(__aarch64__)
  asm volatile(
      "1:\n\t"
      "add %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\t"
      "add %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\t"
      "subs %1, %1, #1\n\tb.ne 1b\n\t"
      : "+r"(value), "+r"(remaining));
#else
  return 0;  // no portable way to count cycles: the caller reports the clock as unknown
#endif
  return static_cast<double>(iterations) * 8 / seconds_since(start) / 1e9;
}

}  // namespace

FmaPeak measure_fma_peak(double seconds) {
  const MicroKernel& kernel = active_micro_kernel();
  const FmaLoop loop = fma_loop_for(kernel.name);
  ThreadPool& pool = ThreadPool::shared();
  const std::size_t threads = pool.size();
  // Calibrate: iterations per ~10 ms on one thread, then run every thread for the requested time.
  std::size_t iterations = 1 << 16;
  for (;;) {
    const auto start = Clock::now();
    volatile float sink = loop.run(iterations);
    (void)sink;
    if (seconds_since(start) > 0.01 || iterations > (std::size_t{1} << 40)) break;
    iterations *= 4;
  }
  const auto start_probe = Clock::now();
  volatile float sink = loop.run(iterations);
  (void)sink;
  const double probe_seconds = seconds_since(start_probe);
  const std::size_t timed_iterations =
      static_cast<std::size_t>(static_cast<double>(iterations) * seconds / (probe_seconds > 0 ? probe_seconds : 1));
  double clock_ghz = 0;
  std::vector<double> thread_gflops(threads, 0.0);
  pool.parallel_for(threads, [&](std::size_t first, std::size_t end) {
    for (std::size_t thread = first; thread < end; ++thread) {
      // The calling thread (chunk 0) times the clock first, while the other threads are in their loops.
      if (thread == 0) clock_ghz = measure_clock_ghz(static_cast<std::size_t>(2e6));
      const auto start = Clock::now();
      volatile float result = loop.run(timed_iterations);
      (void)result;
      thread_gflops[thread] = static_cast<double>(timed_iterations) * 12 * loop.lanes * 2 / seconds_since(start) / 1e9;
    }
  }, ThreadPool::Schedule::kOneChunkPerThread);  // every thread in its loop at once
  FmaPeak peak{};
  peak.threads = threads;
  peak.lanes = loop.lanes;
  for (const double gflops : thread_gflops) peak.gflops += gflops;
  peak.clock_ghz = clock_ghz;
  peak.flops_per_cycle = clock_ghz > 0 ? peak.gflops / static_cast<double>(threads) / clock_ghz : 0;
  return peak;
}

}  // namespace latentlab
