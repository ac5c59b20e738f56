// out = a ⊙ b elementwise with NumPy broadcasting, for the arithmetic kernels a DiT step is made of
// (adaLN's (B, 1, D) modulation against (B, T, D) activations, gradients of the same, x³ in GELU-tanh).
#pragma once
#include <cstddef>
#include <cstdint>

namespace latentlab {

// Codes shared with src/kernels/binary-elementwise.ts.
enum class BinaryOperation : int {
  kAdd = 0,
  kSubtract = 1,
  kMultiply = 2,
  kDivide = 3,
  kPower = 4,
  kSquaredDifference = 5,
  kMaximum = 6,
  kMinimum = 7,
};

struct BinaryElementwise {
  BinaryOperation operation;
  const float* a;
  const float* b;
  float* out;                       // contiguous, shape `shape`
  std::size_t rank;
  const std::int32_t* shape;        // output shape
  const std::int32_t* a_strides;    // element strides of a over the output shape (0 where broadcast)
  const std::int32_t* b_strides;
};

void binary_elementwise(const BinaryElementwise& problem);

}  // namespace latentlab
