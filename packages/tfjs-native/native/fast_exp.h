// exp(x) for float32 in straight-line arithmetic that compilers vectorise (no libm call, no branches):
// exp(x) = 2^n · exp(r) with n = round(x / ln 2) and |r| ≤ ln(2)/2, exp(r) by its Taylor series to r⁶
// (truncation error below r⁷/7! ≈ 1.2e-7 relative), 2^n assembled in the float's exponent bits.
// Cody & Waite range reduction (ln 2 split in a high and a low part) keeps r exact for |x| < 88.
#pragma once
#include <cstdint>
#include <cstring>

namespace latentlab {

inline float fast_exp(float x) {
  constexpr float kMaximum = 88.0f;   // exp(88.7) overflows float32; stay a little below
  constexpr float kMinimum = -87.0f;  // exp is subnormal below −87.3: results stop at ~1.6e-38
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2High = 0.693359375f;        // exactly representable, few mantissa bits
  constexpr float kLn2Low = -2.12194440e-4f;      // ln 2 − kLn2High
  constexpr float kRoundingShift = 12582912.0f;   // 1.5 · 2^23: adding and subtracting rounds to an integer
  x = x > kMaximum ? kMaximum : x;
  x = x < kMinimum ? kMinimum : x;
  const float n = (x * kLog2e + kRoundingShift) - kRoundingShift;
  const float r = (x - n * kLn2High) - n * kLn2Low;
  // Horner form of 1 + r + r²/2! + … + r⁶/6!
  float p = 1.0f / 720.0f;
  p = p * r + 1.0f / 120.0f;
  p = p * r + 1.0f / 24.0f;
  p = p * r + 1.0f / 6.0f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const std::int32_t exponent_bits = (static_cast<std::int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &exponent_bits, sizeof(scale));
  return p * scale;
}

}  // namespace latentlab
