#include "layer_norm.h"

#include <cmath>

#include "thread_pool.h"

namespace latentlab {

void layer_norm(const float* x, float* y, float* mean, float* inverse_std, std::size_t rows, std::size_t cols,
                float epsilon) {
  ThreadPool::parallel_for_values(rows, rows * cols, [&](std::size_t first, std::size_t end) {
    for (std::size_t row = first; row < end; ++row) {
      const float* input = x + row * cols;
      float* output = y + row * cols;
      // Two passes in float64: the mean, then the centred second moment (no E[x²] − E[x]² cancellation).
      double sum = 0.0;
      for (std::size_t j = 0; j < cols; ++j) sum += input[j];
      const double row_mean = sum / static_cast<double>(cols);
      double squares = 0.0;
      for (std::size_t j = 0; j < cols; ++j) {
        const double centred = input[j] - row_mean;
        squares += centred * centred;
      }
      const double variance = squares / static_cast<double>(cols);
      const float row_inverse_std = static_cast<float>(1.0 / std::sqrt(variance + epsilon));
      const float row_mean_float = static_cast<float>(row_mean);
      for (std::size_t j = 0; j < cols; ++j) output[j] = (input[j] - row_mean_float) * row_inverse_std;
      mean[row] = row_mean_float;
      inverse_std[row] = row_inverse_std;
    }
  });
}

void layer_norm_gradient(const float* x, const float* mean, const float* inverse_std, const float* dy, float* dx,
                         std::size_t rows, std::size_t cols) {
  ThreadPool::parallel_for_values(rows, rows * cols, [&](std::size_t first, std::size_t end) {
    for (std::size_t row = first; row < end; ++row) {
      const float* input = x + row * cols;
      const float* upstream = dy + row * cols;
      float* output = dx + row * cols;
      const float row_mean = mean[row], row_inverse_std = inverse_std[row];
      double upstream_sum = 0.0, projection_sum = 0.0;
      for (std::size_t j = 0; j < cols; ++j) {
        const float normalised = (input[j] - row_mean) * row_inverse_std;
        upstream_sum += upstream[j];
        projection_sum += static_cast<double>(upstream[j]) * normalised;
      }
      const float upstream_mean = static_cast<float>(upstream_sum / static_cast<double>(cols));
      const float projection_mean = static_cast<float>(projection_sum / static_cast<double>(cols));
      for (std::size_t j = 0; j < cols; ++j) {
        const float normalised = (input[j] - row_mean) * row_inverse_std;
        output[j] = row_inverse_std * (upstream[j] - upstream_mean - normalised * projection_mean);
      }
    }
  });
}

}  // namespace latentlab
