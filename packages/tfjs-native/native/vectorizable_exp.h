// exp(x) for float32 written without branches or library calls, so loops over it vectorise (SSE2 and up).
// Formula from the Cephes Math Library's expf.c (S. L. Moshier): e^x = 2^n · e^r with n = round(x / ln 2),
// r = x − n·ln 2 split into two constants for exactness, and e^r ≈ 1 + r + r²·P(r) on |r| ≤ ln 2 / 2.
// Relative error ≈ 2·10⁻⁷ (within a couple of float32 ulps of std::exp); overflow gives +inf, inputs below
// −104 give 0, NaN stays NaN.
#pragma once
#include <cstdint>
#include <cstring>

namespace latentlab {

// 2^n as a float for n in [−126, 127], built from its exponent bits.
inline float power_of_two(std::int32_t n) {
  const std::uint32_t bits = static_cast<std::uint32_t>(n + 127) << 23;
  float result;
  std::memcpy(&result, &bits, sizeof result);
  return result;
}

inline float vectorizable_exp(float x) {
  constexpr float kLog2E = 1.44269504088896341f;
  constexpr float kLn2High = 0.693359375f;  // ln 2 = kLn2High + kLn2Low, kLn2High exact in few bits
  constexpr float kLn2Low = -2.12194440e-4f;
  constexpr float kRoundingShift = 12582912.0f;  // 1.5·2²³: adding it rounds to an integer in the low bits
  // Beyond these, e^x is +inf or below the smallest denormal; clamping keeps n in range. A NaN passes the
  // comparisons unchanged and propagates through the arithmetic (its bits give a harmless n), with no
  // data-dependent branch that would stop the loop from vectorising.
  float clamped = x > 89.0f ? 89.0f : x;
  clamped = clamped < -104.0f ? -104.0f : clamped;
  const float shifted = clamped * kLog2E + kRoundingShift;
  std::int32_t shifted_bits;
  std::memcpy(&shifted_bits, &shifted, sizeof shifted_bits);
  const float rounded = shifted - kRoundingShift;  // n as a float
  const std::int32_t n = shifted_bits - 0x4B400000;  // n as an integer (0x4B400000 are kRoundingShift's bits)
  const float r = (clamped - rounded * kLn2High) - rounded * kLn2Low;
  const float polynomial =
      ((((1.9875691500e-4f * r + 1.3981999507e-3f) * r + 8.3334519073e-3f) * r + 4.1665795894e-2f) * r +
       1.6666665459e-1f) * r + 5.0000001201e-1f;
  const float exp_r = polynomial * (r * r) + r + 1.0f;
  // 2^n in two factors, so n from −150 (denormal results) to 128 (overflow to +inf) stays representable.
  const std::int32_t half = n >> 1;
  return exp_r * power_of_two(half) * power_of_two(n - half);
}

}  // namespace latentlab
