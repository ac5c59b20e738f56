// The epilogue of a fused matmul: C = activation(C + bias), bias broadcast along rows.
#pragma once
#include <cstddef>

namespace latentlab {

// The activations tfjs's _FusedMatMul accepts, except prelu (which needs a weights tensor).
enum class Activation { kLinear = 0, kRelu = 1, kRelu6 = 2, kLeakyRelu = 3, kSigmoid = 4, kElu = 5 };

// c: rows x cols, row-major. bias: cols values, or nullptr for none.
void apply_bias_activation(float* c, std::size_t rows, std::size_t cols, const float* bias,
                           Activation activation, float leaky_alpha);

}  // namespace latentlab
