#include "binary_elementwise.h"

#include <algorithm>
#include <cmath>

#include "strided_layout.h"

namespace latentlab {

namespace {

// x^e as tfjs computes it (Math.pow in float64, rounded to float32), with the integer powers a model uses
// often done by multiplication.
inline float power(float base, float exponent) {
  if (exponent == 2.0f) return base * base;
  if (exponent == 3.0f) return static_cast<float>(static_cast<double>(base) * base * base);
  if (exponent == 1.0f) return base;
  return static_cast<float>(std::pow(static_cast<double>(base), static_cast<double>(exponent)));
}

struct Add { static float apply(float x, float y) { return x + y; } };
struct Subtract { static float apply(float x, float y) { return x - y; } };
struct Multiply { static float apply(float x, float y) { return x * y; } };
struct Divide { static float apply(float x, float y) { return x / y; } };
struct Power { static float apply(float x, float y) { return power(x, y); } };
struct SquaredDifference {
  static float apply(float x, float y) { const float d = x - y; return d * d; }
};
// NaN propagates as in tfjs (Math.max/min return NaN when either input is NaN).
struct Maximum {
  static float apply(float x, float y) { return (std::isnan(x) || std::isnan(y)) ? NAN : std::max(x, y); }
};
struct Minimum {
  static float apply(float x, float y) { return (std::isnan(x) || std::isnan(y)) ? NAN : std::min(x, y); }
};

// One inner run of `count` elements; the three common stride patterns get their own loops so the
// compiler vectorises them.
template <typename Operation>
void run_inner(const float* a, std::ptrdiff_t a_stride, const float* b, std::ptrdiff_t b_stride, float* out,
               std::size_t count) {
  if (a_stride == 1 && b_stride == 1) {
    for (std::size_t i = 0; i < count; ++i) out[i] = Operation::apply(a[i], b[i]);
  } else if (a_stride == 1 && b_stride == 0) {
    const float y = *b;
    for (std::size_t i = 0; i < count; ++i) out[i] = Operation::apply(a[i], y);
  } else if (a_stride == 0 && b_stride == 1) {
    const float x = *a;
    for (std::size_t i = 0; i < count; ++i) out[i] = Operation::apply(x, b[i]);
  } else {
    for (std::size_t i = 0; i < count; ++i) {
      out[i] = Operation::apply(a[static_cast<std::ptrdiff_t>(i) * a_stride], b[static_cast<std::ptrdiff_t>(i) * b_stride]);
    }
  }
}

template <typename Operation>
void run(const BinaryElementwise& problem) {
  // Operands: 0 = out (contiguous), 1 = a, 2 = b.
  StridedLayout layout;
  layout.operand_count = 3;
  std::ptrdiff_t contiguous = 1;
  layout.shape.resize(problem.rank);
  for (std::size_t op = 0; op < 3; ++op) layout.strides[op].resize(problem.rank);
  for (std::size_t d = problem.rank; d-- > 0;) {
    layout.shape[d] = static_cast<std::size_t>(problem.shape[d]);
    layout.strides[0][d] = contiguous;
    layout.strides[1][d] = problem.a_strides[d];
    layout.strides[2][d] = problem.b_strides[d];
    contiguous *= problem.shape[d];
  }
  if (layout.element_count() == 0) return;
  layout.collapse();
  const std::size_t inner = layout.inner_extent();
  const std::ptrdiff_t a_stride = layout.inner_stride(1), b_stride = layout.inner_stride(2);
  for_row_ranges(layout, [&](std::size_t first_row, std::size_t end_row) {
    for_each_row(layout, first_row, end_row, [&](const std::ptrdiff_t* offsets) {
      run_inner<Operation>(problem.a + offsets[1], a_stride, problem.b + offsets[2], b_stride,
                           problem.out + offsets[0], inner);
    });
  });
}

}  // namespace

void binary_elementwise(const BinaryElementwise& problem) {
  switch (problem.operation) {
    case BinaryOperation::kAdd: return run<Add>(problem);
    case BinaryOperation::kSubtract: return run<Subtract>(problem);
    case BinaryOperation::kMultiply: return run<Multiply>(problem);
    case BinaryOperation::kDivide: return run<Divide>(problem);
    case BinaryOperation::kPower: return run<Power>(problem);
    case BinaryOperation::kSquaredDifference: return run<SquaredDifference>(problem);
    case BinaryOperation::kMaximum: return run<Maximum>(problem);
    case BinaryOperation::kMinimum: return run<Minimum>(problem);
  }
}

}  // namespace latentlab
