#include "softmax.h"

#include "simd_clones.h"
#include "thread_pool.h"
#include "vectorizable_exp.h"

namespace latentlab {

namespace {

LATENTLAB_SIMD_CLONES void softmax_row(const float* logits, float* probabilities, std::size_t cols) {
  float row_max = logits[0];
  for (std::size_t j = 1; j < cols; ++j) {
    // NaN propagates like tfjs's Max kernel: the whole row becomes NaN.
    if (logits[j] > row_max || logits[j] != logits[j]) row_max = logits[j];
  }
  for (std::size_t j = 0; j < cols; ++j) probabilities[j] = vectorizable_exp(logits[j] - row_max);
  double total = 0;
  for (std::size_t j = 0; j < cols; ++j) total += probabilities[j];
  const float inverse_total = static_cast<float>(1.0 / total);
  for (std::size_t j = 0; j < cols; ++j) probabilities[j] *= inverse_total;
}

}  // namespace

void softmax_rows(const float* logits, float* probabilities, std::size_t rows, std::size_t cols) {
  if (cols == 0) return;
  const auto process_rows = [&](std::size_t first, std::size_t end) {
    for (std::size_t i = first; i < end; ++i) softmax_row(logits + i * cols, probabilities + i * cols, cols);
  };
  ThreadPool::parallel_for_values(rows, rows * cols, process_rows);
}

}  // namespace latentlab
