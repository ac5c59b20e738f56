#include "segment_sum.h"

#include <vector>

#include "thread_pool.h"

namespace latentlab {

void unsorted_segment_sum(const float* x, const std::int32_t* segment_ids, float* out, std::size_t rows,
                          std::size_t inner, std::size_t segments) {
  // Threads split the inner columns, so each accumulator column has one writer and rows stay in order.
  ThreadPool::parallel_for_values(inner, rows * inner, [&](std::size_t first, std::size_t end) {
    const std::size_t width = end - first;
    std::vector<double> sums(segments * width, 0.0);  // (segments, width)
    for (std::size_t row = 0; row < rows; ++row) {
      const std::int32_t segment = segment_ids[row];
      if (segment < 0 || static_cast<std::size_t>(segment) >= segments) continue;
      double* target = sums.data() + static_cast<std::size_t>(segment) * width;
      const float* source = x + row * inner + first;
      for (std::size_t j = 0; j < width; ++j) target[j] += source[j];
    }
    for (std::size_t segment = 0; segment < segments; ++segment) {
      for (std::size_t j = 0; j < width; ++j) {
        out[segment * inner + first + j] = static_cast<float>(sums[segment * width + j]);
      }
    }
  });
}

}  // namespace latentlab
