// tanh(x) for float32 without branches or library calls, so loops over it vectorise.
// Formula from the Cephes Math Library's tanhf.c (S. L. Moshier): for |x| ≥ 0.625,
// tanh|x| = 1 − 2 / (e^{2|x|} + 1); below, the odd minimax polynomial x + x³·P(x²), which avoids the
// cancellation of the first form near 0. Relative error ≈ 2·10⁻⁷; saturates to ±1, NaN stays NaN.
#pragma once
#include "vectorizable_exp.h"

namespace latentlab {

inline float vectorizable_tanh(float x) {
  const float magnitude = x < 0.0f ? -x : x;
  const float from_exp = 1.0f - 2.0f / (vectorizable_exp(magnitude + magnitude) + 1.0f);
  const float large = x < 0.0f ? -from_exp : from_exp;
  const float square = x * x;
  const float small =
      ((((-5.70498872745e-3f * square + 2.06390887954e-2f) * square - 5.37397155531e-2f) * square +
        1.33314422036e-1f) * square - 3.33332819422e-1f) * square * x + x;
  return magnitude >= 0.625f ? large : small;
}

}  // namespace latentlab
