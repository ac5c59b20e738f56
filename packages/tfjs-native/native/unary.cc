#include "unary.h"

#include <cmath>

#include "thread_pool.h"

namespace latentlab {

namespace {

constexpr std::size_t kThreadingMinimumValues = 1 << 15;

// One loop per operation so each compiles to a tight (and, for the arithmetic ones, vectorised) loop.
template <typename Function>
void map_values(const float* input, float* output, std::size_t count, Function function) {
  for (std::size_t i = 0; i < count; ++i) output[i] = function(input[i]);
}

void apply_range(UnaryOperation operation, const float* input, float* output, std::size_t count) {
  switch (operation) {
    case UnaryOperation::kTanh: return map_values(input, output, count, [](float x) { return std::tanh(x); });
    case UnaryOperation::kExp: return map_values(input, output, count, [](float x) { return std::exp(x); });
    case UnaryOperation::kSqrt: return map_values(input, output, count, [](float x) { return std::sqrt(x); });
    case UnaryOperation::kRsqrt:
      return map_values(input, output, count, [](float x) { return 1.0f / std::sqrt(x); });
    case UnaryOperation::kSquare: return map_values(input, output, count, [](float x) { return x * x; });
    case UnaryOperation::kSigmoid:
      // tfjs: 1 / (1 + exp(−x)); exp overflowing to +inf gives exactly 0, like Math.exp.
      return map_values(input, output, count, [](float x) { return 1.0f / (1.0f + std::exp(-x)); });
    case UnaryOperation::kNeg: return map_values(input, output, count, [](float x) { return -x; });
  }
}

}  // namespace

void apply_unary(UnaryOperation operation, const float* input, float* output, std::size_t count) {
  if (count >= kThreadingMinimumValues) {
    ThreadPool::shared().parallel_for(count, [&](std::size_t begin, std::size_t end) {
      apply_range(operation, input + begin, output + begin, end - begin);
    });
  } else {
    apply_range(operation, input, output, count);
  }
}

}  // namespace latentlab
