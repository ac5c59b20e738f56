#include "batched_sgemm.h"

#include <chrono>

#include "sgemm.h"
#include "thread_pool.h"

namespace latentlab {

namespace {

// Below this much work per matrix, threads split the batch instead of each matrix.
constexpr std::size_t kSmallMatrixWork = 128 * 128 * 128;

}  // namespace

void batched_sgemm(const BatchedGemm& gemm) {
  const auto started = std::chrono::steady_clock::now();
  const std::size_t a_size = gemm.m * gemm.k, b_size = gemm.k * gemm.n, c_size = gemm.m * gemm.n;
  const auto multiply = [&](std::size_t batch, bool use_threads) {
    GemmProblem problem{
        gemm.m,
        gemm.n,
        gemm.k,
        row_major_operand(gemm.a + gemm.a_batch_index[batch] * a_size, gemm.m, gemm.k, gemm.transpose_a),
        row_major_operand(gemm.b + gemm.b_batch_index[batch] * b_size, gemm.k, gemm.n, gemm.transpose_b),
        gemm.c + batch * c_size,
        gemm.n,
    };
    sgemm(problem, use_threads);
  };
  ThreadPool& pool = ThreadPool::shared();
  const bool split_batch =
      gemm.batch_count >= pool.size() && (gemm.m * gemm.n * gemm.k < kSmallMatrixWork || gemm.batch_count >= 4 * pool.size());
  if (split_batch) {
    pool.parallel_for(gemm.batch_count, [&](std::size_t first, std::size_t end) {
      for (std::size_t batch = first; batch < end; ++batch) multiply(batch, false);
    });
  } else {
    for (std::size_t batch = 0; batch < gemm.batch_count; ++batch) multiply(batch, true);
  }
  add_gemm_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

}  // namespace latentlab
