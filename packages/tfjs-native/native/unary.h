// Elementwise float32 functions y = f(x), with the same formulas as tfjs's cpu kernels.
#pragma once
#include <cstddef>

namespace latentlab {

// Codes shared with src/kernels/unary.ts (UNARY_OPERATION_CODES).
enum class UnaryOperation { kTanh = 0, kExp = 1, kSqrt = 2, kRsqrt = 3, kSquare = 4, kSigmoid = 5, kNeg = 6 };
constexpr int kUnaryOperationCount = 7;

// input, output: count values each (output may equal input).
void apply_unary(UnaryOperation operation, const float* input, float* output, std::size_t count);

}  // namespace latentlab
