// Layer normalisation over the last axis without affine parameters (Ba, Kiros & Hinton 2016, eq. 4):
//   y = (x − μ) · r,  μ = mean(x),  r = 1 / √(mean((x − μ)²) + ε)
// one pass forward (keeping μ and r per row for the gradient) and one pass backward:
//   dx = r · (dy − mean(dy) − x̂ · mean(dy · x̂)),  x̂ = (x − μ) · r.
#pragma once
#include <cstddef>

namespace latentlab {

void layer_norm(const float* x, float* y, float* mean, float* inverse_std, std::size_t rows, std::size_t cols,
                float epsilon);

void layer_norm_gradient(const float* x, const float* mean, const float* inverse_std, const float* dy, float* dx,
                         std::size_t rows, std::size_t cols);

}  // namespace latentlab
