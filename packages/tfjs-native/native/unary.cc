#include "unary.h"

#include <cmath>

#include "simd_clones.h"
#include "thread_pool.h"
#include "vectorizable_exp.h"
#include "vectorizable_tanh.h"

namespace latentlab {

namespace {

// One loop per operation so each compiles to a tight loop; all but sqrt and rsqrt (std::sqrt sets errno)
// vectorise.
template <typename Function>
void map_values(const float* input, float* output, std::size_t count, Function function) {
  for (std::size_t i = 0; i < count; ++i) output[i] = function(input[i]);
}

LATENTLAB_SIMD_CLONES void apply_range(UnaryOperation operation, const float* input, float* output, std::size_t count) {
  switch (operation) {
    case UnaryOperation::kTanh: return map_values(input, output, count, [](float x) { return vectorizable_tanh(x); });
    case UnaryOperation::kExp: return map_values(input, output, count, [](float x) { return vectorizable_exp(x); });
    case UnaryOperation::kSqrt: return map_values(input, output, count, [](float x) { return std::sqrt(x); });
    case UnaryOperation::kRsqrt:
      return map_values(input, output, count, [](float x) { return 1.0f / std::sqrt(x); });
    case UnaryOperation::kSquare: return map_values(input, output, count, [](float x) { return x * x; });
    case UnaryOperation::kSigmoid:
      // tfjs: 1 / (1 + exp(−x)). With e = exp(−|x|) ≤ 1 nothing overflows: 1 / (1 + e) for x ≥ 0 and
      // e / (1 + e) for x < 0, which keeps the tiny (denormal) results that 1 / (1 + inf) would flush to 0.
      return map_values(input, output, count, [](float x) {
        const float exp_minus_magnitude = vectorizable_exp(x < 0.0f ? x : -x);
        const float reciprocal = 1.0f / (1.0f + exp_minus_magnitude);
        return x < 0.0f ? exp_minus_magnitude * reciprocal : reciprocal;
      });
    case UnaryOperation::kNeg: return map_values(input, output, count, [](float x) { return -x; });
  }
}

}  // namespace

void apply_unary(UnaryOperation operation, const float* input, float* output, std::size_t count) {
  ThreadPool::parallel_for_values(count, count, [&](std::size_t begin, std::size_t end) {
    apply_range(operation, input + begin, output + begin, end - begin);
  });
}

}  // namespace latentlab
