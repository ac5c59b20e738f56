#include "bias_activation.h"

#include <algorithm>
#include <cmath>

#include "thread_pool.h"

namespace latentlab {

namespace {

float activate(float x, Activation activation, float leaky_alpha) {
  switch (activation) {
    case Activation::kLinear: return x;
    case Activation::kRelu: return x > 0.0f ? x : 0.0f;
    case Activation::kRelu6: return std::min(std::max(x, 0.0f), 6.0f);
    case Activation::kLeakyRelu: return x < 0.0f ? leaky_alpha * x : x;
    case Activation::kSigmoid: return 1.0f / (1.0f + std::exp(-x));
    case Activation::kElu: return x >= 0.0f ? x : std::exp(x) - 1.0f;
  }
  return x;
}

}  // namespace

void apply_bias_activation(float* c, std::size_t rows, std::size_t cols, const float* bias,
                           Activation activation, float leaky_alpha) {
  const auto process_rows = [&](std::size_t first, std::size_t end) {
    for (std::size_t i = first; i < end; ++i) {
      float* row = c + i * cols;
      if (bias != nullptr) {
        for (std::size_t j = 0; j < cols; ++j) row[j] += bias[j];
      }
      if (activation != Activation::kLinear) {
        for (std::size_t j = 0; j < cols; ++j) row[j] = activate(row[j], activation, leaky_alpha);
      }
    }
  };
  ThreadPool::parallel_for_values(rows, rows * cols, process_rows);
}

}  // namespace latentlab
